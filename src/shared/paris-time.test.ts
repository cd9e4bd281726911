import { describe, expect, it } from 'vitest';
import {
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
});
