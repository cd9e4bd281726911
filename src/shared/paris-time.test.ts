import { describe, expect, it } from 'vitest';
import {
  absencePeriodFr,
  addDays,
  parisDate,
  parisDayRange,
  parisInstant,
  parisParts,
  parisWallInstant,
  slotFr,
} from './paris-time.ts';

describe('Paris time', () => {
  it('reads day, weekday and minutes in Paris, across the UTC midnight and both time changes', () => {
    expect(parisParts(new Date('2026-01-15T23:30:00Z'))).toEqual({
      day: '2026-01-16',
      weekday: 'fri',
      minutes: 30,
      hhmm: '00:30',
      year: 2026,
    });
    expect(parisParts(new Date('2026-03-29T01:00:00Z')).hhmm).toBe('03:00'); // spring forward
    expect(parisParts(new Date('2026-10-25T00:30:00Z')).hhmm).toBe('02:30'); // first 02:30 (CEST)
    expect(parisParts(new Date('2026-10-25T01:30:00Z')).hhmm).toBe('02:30'); // second 02:30 (CET)
    expect(parisDate(new Date('2026-07-13T22:00:00Z'))).toBe('2026-07-14');
  });

  it('turns a Paris day and time into an instant, winter and summer', () => {
    expect(parisInstant('2026-03-09', 540).toISOString()).toBe('2026-03-09T08:00:00.000Z');
    expect(parisInstant('2026-07-14', 14 * 60 + 30).toISOString()).toBe('2026-07-14T12:30:00.000Z');
    const { start, end, day } = parisDayRange(new Date('2026-03-29T12:00:00Z'));
    expect([day, start.toISOString(), end.toISOString()]).toEqual([
      '2026-03-29',
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z', // a 23-hour day
    ]);
  });

  it('reads a date picker’s wall-clock value as Paris time', () => {
    expect(parisWallInstant('2026-03-09 09:00:00').toISOString()).toBe('2026-03-09T08:00:00.000Z');
    expect(parisWallInstant('2026-07-14 14:30').toISOString()).toBe('2026-07-14T12:30:00.000Z');
    expect(parisWallInstant('2026-07-14T14:30').toISOString()).toBe('2026-07-14T12:30:00.000Z');
  });

  it('adds calendar days across months, years and time changes', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('writes a slot in French Paris time', () => {
    expect(slotFr(new Date('2026-03-09T08:00:00Z'), 90)).toBe('09:00 – 10:30');
  });

  it('says an absence in inclusive days when it is whole days, else with its hours (issue 15 item 19)', () => {
    const at = (iso: string) => new Date(iso);
    expect(absencePeriodFr(at('2026-12-21T00:00:00+01:00'), at('2026-12-24T00:00:00+01:00'))).toBe(
      'du 21 au 23 décembre inclus',
    );
    expect(absencePeriodFr(at('2026-12-21T00:00:00+01:00'), at('2026-12-22T00:00:00+01:00'))).toBe(
      'le 21 décembre',
    );
    expect(absencePeriodFr(at('2026-11-30T00:00:00+01:00'), at('2026-12-03T00:00:00+01:00'))).toBe(
      'du 30 novembre au 2 décembre inclus',
    );
    expect(absencePeriodFr(at('2026-12-30T00:00:00+01:00'), at('2027-01-03T00:00:00+01:00'))).toBe(
      'du 30 décembre 2026 au 2 janvier 2027 inclus',
    );
    // Summer time: midnight in Paris is 22:00 UTC.
    expect(absencePeriodFr(at('2026-07-13T22:00:00Z'), at('2026-07-16T22:00:00Z'))).toBe(
      'du 14 au 16 juillet inclus',
    );
    expect(absencePeriodFr(at('2026-12-08T08:00:00+01:00'), at('2026-12-08T18:00:00+01:00'))).toBe(
      'le 8 décembre de 08:00 à 18:00',
    );
    expect(absencePeriodFr(at('2026-12-08T14:00:00+01:00'), at('2026-12-09T12:00:00+01:00'))).toBe(
      'du 8 décembre à 14:00 au 9 décembre à 12:00',
    );
  });
});
