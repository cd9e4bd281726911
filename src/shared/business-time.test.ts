import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  type BusinessCalendar,
  businessMinutesBetween,
  businessSecondsBetween,
  type ClockSegment,
  deadlineFrom,
  describeOverdue,
  describeRemaining,
  elapsedBusinessSeconds,
  isOpen,
  nextBusinessInstant,
  type WeeklyHours,
} from './business-time.ts';
import { isPublicHoliday } from './holidays.ts';

// Instants are written with their Paris offset (+01:00 in winter, +02:00 in summer) so the tests do
// not depend on the conversion code they check.
const at = (iso: string) => new Date(iso);

const office: [string, string][] = [
  ['08:30', '12:30'],
  ['14:00', '18:00'],
];
const weekdays: WeeklyHours = { mon: office, tue: office, wed: office, thu: office, fri: office };
const metro: BusinessCalendar = { kind: 'hours', hours: weekdays, region: 'metropole' };
const withSaturday: WeeklyHours = { ...weekdays, sat: [['09:00', '12:00']] };
const h24: BusinessCalendar = { kind: '24x7' };

describe('addBusinessMinutes', () => {
  it('P2 of 4 business hours opened Friday 16:00 is due Monday 10:30', () => {
    expect(addBusinessMinutes(at('2026-11-20T16:00:00+01:00'), 240, metro)).toEqual(
      at('2026-11-23T10:30:00+01:00'),
    );
  });

  it('skips the lunch break', () => {
    expect(addBusinessMinutes(at('2026-11-24T11:00:00+01:00'), 120, metro)).toEqual(
      at('2026-11-24T14:30:00+01:00'),
    );
  });

  it('skips 14 July 2026 (a Tuesday)', () => {
    expect(addBusinessMinutes(at('2026-07-13T16:00:00+02:00'), 240, metro)).toEqual(
      at('2026-07-15T10:30:00+02:00'),
    );
    // Opened on the holiday itself: counting starts on Wednesday morning.
    expect(addBusinessMinutes(at('2026-07-14T10:00:00+02:00'), 60, metro)).toEqual(
      at('2026-07-15T09:30:00+02:00'),
    );
  });

  it('closes Christmas and Saint-Étienne in Alsace-Moselle, only Christmas in metropolitan France', () => {
    const start = at('2026-12-24T17:00:00+01:00'); // Thursday; 25 Dec is a Friday, 26 Dec a Saturday
    const metroSat: BusinessCalendar = { kind: 'hours', hours: withSaturday, region: 'metropole' };
    const alsace: BusinessCalendar = { kind: 'hours', hours: withSaturday, region: 'alsace_moselle' };
    expect(addBusinessMinutes(start, 120, metroSat)).toEqual(at('2026-12-26T10:00:00+01:00'));
    expect(addBusinessMinutes(start, 120, alsace)).toEqual(at('2026-12-28T09:30:00+01:00'));
    expect(isOpen(at('2026-12-26T10:00:00+01:00'), metroSat)).toBe(true);
    expect(isOpen(at('2026-12-26T10:00:00+01:00'), alsace)).toBe(false);
  });

  it('closes Good Friday in Alsace-Moselle only', () => {
    const start = at('2026-04-02T17:00:00+02:00'); // Thursday before Easter; Monday 6 April is a holiday
    expect(addBusinessMinutes(start, 120, metro)).toEqual(at('2026-04-03T09:30:00+02:00'));
    const alsace: BusinessCalendar = { kind: 'hours', hours: weekdays, region: 'alsace_moselle' };
    expect(addBusinessMinutes(start, 120, alsace)).toEqual(at('2026-04-07T09:30:00+02:00'));
  });

  it('honours extra closed dates', () => {
    const cal: BusinessCalendar = { ...metro, closedDates: ['2026-11-23'] };
    expect(addBusinessMinutes(at('2026-11-20T16:00:00+01:00'), 240, cal)).toEqual(
      at('2026-11-24T10:30:00+01:00'),
    );
  });

  it('starts counting at the next opening for a ticket opened at 23:00', () => {
    expect(addBusinessMinutes(at('2026-11-24T23:00:00+01:00'), 60, metro)).toEqual(
      at('2026-11-25T09:30:00+01:00'),
    );
    expect(addBusinessMinutes(at('2026-11-24T23:00:00+01:00'), 0, metro)).toEqual(
      at('2026-11-25T08:30:00+01:00'),
    );
  });

  it('lands on the closing time rather than the next opening when the budget ends there', () => {
    expect(addBusinessMinutes(at('2026-11-20T16:00:00+01:00'), 120, metro)).toEqual(
      at('2026-11-20T18:00:00+01:00'),
    );
  });

  it('counts real time on a 24x7 calendar, across both DST changes', () => {
    expect(addBusinessMinutes(at('2026-11-21T23:00:00+01:00'), 90, h24)).toEqual(
      at('2026-11-22T00:30:00+01:00'),
    );
    // 29 March 2026 has 23 hours: 24 h later the clock shows one hour more.
    expect(addBusinessMinutes(at('2026-03-28T12:00:00+01:00'), 24 * 60, h24)).toEqual(
      at('2026-03-29T13:00:00+02:00'),
    );
    // 25 October 2026 has 25 hours: 24 h later the clock shows one hour less.
    expect(addBusinessMinutes(at('2026-10-24T12:00:00+02:00'), 24 * 60, h24)).toEqual(
      at('2026-10-25T11:00:00+01:00'),
    );
    expect(
      businessMinutesBetween(at('2026-03-29T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00'), h24),
    ).toBe(23 * 60);
    expect(
      businessMinutesBetween(at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00'), h24),
    ).toBe(25 * 60);
  });

  it('keeps office hours in Paris time across the DST weekend', () => {
    // Friday 27 March (CET) + 4 h → Monday 30 March 10:30 (CEST).
    expect(addBusinessMinutes(at('2026-03-27T16:00:00+01:00'), 240, metro)).toEqual(
      at('2026-03-30T10:30:00+02:00'),
    );
    expect(addBusinessMinutes(at('2026-10-23T16:00:00+02:00'), 240, metro)).toEqual(
      at('2026-10-26T10:30:00+01:00'),
    );
  });

  it('measures a night window 01:00–04:00 as 2 h in March and 4 h in October', () => {
    const night: BusinessCalendar = {
      kind: 'hours',
      hours: { sun: [['01:00', '04:00']] },
      region: 'metropole',
    };
    const march = [at('2026-03-29T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00')] as const;
    const october = [at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00')] as const;
    expect(businessMinutesBetween(march[0], march[1], night)).toBe(120);
    expect(businessMinutesBetween(october[0], october[1], night)).toBe(240);
    // 01:00 CET + 1 h reaches 02:00, which does not exist: 03:00 CEST.
    expect(addBusinessMinutes(march[0], 60, night)).toEqual(at('2026-03-29T03:00:00+02:00'));
    expect(addBusinessMinutes(march[0], 90, night)).toEqual(at('2026-03-29T03:30:00+02:00'));
    expect(addBusinessMinutes(march[0], 120, night)).toEqual(at('2026-03-29T04:00:00+02:00'));
    // 01:00 CEST + 2 h 30 is the second 02:30 of the night (CET).
    expect(addBusinessMinutes(october[0], 150, night)).toEqual(at('2026-10-25T02:30:00+01:00'));
    expect(addBusinessMinutes(october[0], 240, night)).toEqual(at('2026-10-25T04:00:00+01:00'));
    expect(isOpen(at('2026-10-25T02:30:00+02:00'), night)).toBe(true);
    expect(isOpen(at('2026-10-25T03:59:00+01:00'), night)).toBe(true);
    expect(isOpen(at('2026-10-25T04:00:00+01:00'), night)).toBe(false);
  });

  it('maps window boundaries inside the skipped or repeated hour to the first matching instant', () => {
    const cal: BusinessCalendar = {
      kind: 'hours',
      hours: { sun: [['02:30', '03:30']] },
      region: 'metropole',
    };
    // 02:30 does not exist on 29 March: the window opens at the change (03:00 CEST) and lasts 30 min.
    expect(
      businessMinutesBetween(at('2026-03-29T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00'), cal),
    ).toBe(30);
    expect(nextBusinessInstant(at('2026-03-29T00:00:00+01:00'), cal)).toEqual(
      at('2026-03-29T03:00:00+02:00'),
    );
    // 02:30 happens twice on 25 October: the window opens at the first one (CEST) and lasts 2 h.
    expect(nextBusinessInstant(at('2026-10-25T00:00:00+02:00'), cal)).toEqual(
      at('2026-10-25T02:30:00+02:00'),
    );
    expect(
      businessMinutesBetween(at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00'), cal),
    ).toBe(120);
  });

  it('accepts a window ending at 24:00 and merges overlapping windows', () => {
    const cal: BusinessCalendar = {
      kind: 'hours',
      hours: {
        sat: [
          ['20:00', '24:00'],
          ['18:00', '21:00'],
        ],
      },
      region: 'metropole',
    };
    expect(
      businessMinutesBetween(at('2026-11-28T00:00:00+01:00'), at('2026-11-30T00:00:00+01:00'), cal),
    ).toBe(360);
    expect(isOpen(at('2026-11-28T23:59:59+01:00'), cal)).toBe(true);
    expect(isOpen(at('2026-11-29T00:00:00+01:00'), cal)).toBe(false);
  });

  it('refuses invalid input', () => {
    expect(() => addBusinessMinutes(at('2026-11-24T10:00:00+01:00'), -1, metro)).toThrow(RangeError);
    const bad = (hours: WeeklyHours): BusinessCalendar => ({ kind: 'hours', hours, region: 'metropole' });
    expect(() => isOpen(at('2026-11-24T10:00:00+01:00'), bad({ tue: [['18:00', '08:00']] }))).toThrow(
      RangeError,
    );
    expect(() => isOpen(at('2026-11-24T10:00:00+01:00'), bad({ tue: [['8h', '12:00']] }))).toThrow(
      RangeError,
    );
    expect(() => addBusinessMinutes(at('2026-11-24T10:00:00+01:00'), 10, bad({}))).toThrow(RangeError);
    expect(
      businessMinutesBetween(at('2026-11-24T10:00:00+01:00'), at('2026-11-25T10:00:00+01:00'), bad({})),
    ).toBe(0);
  });
});

describe('businessMinutesBetween', () => {
  it('counts business minutes over a weekend and is 0 when b ≤ a', () => {
    const a = at('2026-11-20T16:00:00+01:00');
    const b = at('2026-11-23T10:30:00+01:00');
    expect(businessMinutesBetween(a, b, metro)).toBe(240);
    expect(businessMinutesBetween(b, a, metro)).toBe(0);
    expect(businessMinutesBetween(a, a, metro)).toBe(0);
  });

  it('is exact to the second', () => {
    const a = at('2026-11-24T12:29:30+01:00');
    expect(businessSecondsBetween(a, at('2026-11-24T14:00:15+01:00'), metro)).toBe(45);
    expect(businessMinutesBetween(a, at('2026-11-24T14:00:15+01:00'), metro)).toBe(0.75);
  });
});

describe('isOpen and nextBusinessInstant', () => {
  it('opens at the start of a window and closes at its end', () => {
    expect(isOpen(at('2026-11-24T08:30:00+01:00'), metro)).toBe(true);
    expect(isOpen(at('2026-11-24T08:29:59+01:00'), metro)).toBe(false);
    expect(isOpen(at('2026-11-24T12:30:00+01:00'), metro)).toBe(false);
    expect(isOpen(at('2026-11-22T10:00:00+01:00'), metro)).toBe(false); // Sunday
    expect(isOpen(at('2026-11-22T03:00:00+01:00'), h24)).toBe(true);
  });

  it('returns the instant itself when open, else the next opening', () => {
    const open = at('2026-11-24T10:00:00+01:00');
    expect(nextBusinessInstant(open, metro)).toEqual(open);
    expect(nextBusinessInstant(at('2026-11-24T12:30:00+01:00'), metro)).toEqual(
      at('2026-11-24T14:00:00+01:00'),
    );
    expect(nextBusinessInstant(at('2026-11-20T18:00:00+01:00'), metro)).toEqual(
      at('2026-11-23T08:30:00+01:00'),
    );
    expect(nextBusinessInstant(at('2026-11-10T19:00:00+01:00'), metro)).toEqual(
      at('2026-11-12T08:30:00+01:00'),
    );
    expect(nextBusinessInstant(at('2026-11-22T03:00:00+01:00'), h24)).toEqual(
      at('2026-11-22T03:00:00+01:00'),
    );
  });
});

describe('SLA clock with pauses', () => {
  const fourHours = 4 * 3600;
  // Running Friday 16:00–17:00, paused (en attente client) over the weekend, resumed Monday 11:00.
  const friday = at('2026-11-20T16:00:00+01:00');
  const paused = at('2026-11-20T17:00:00+01:00');
  const resumed = at('2026-11-23T11:00:00+01:00');

  it('counts only the running segments', () => {
    const segments: ClockSegment[] = [
      { from: friday, to: paused },
      { from: resumed, to: null },
    ];
    expect(elapsedBusinessSeconds(segments, at('2026-11-23T12:00:00+01:00'), metro)).toBe(7200);
    // 3 h left from Monday 11:00: 11:00–12:30 then 14:00–15:30.
    expect(deadlineFrom(segments, fourHours, at('2026-11-23T12:00:00+01:00'), metro)).toEqual(
      at('2026-11-23T15:30:00+01:00'),
    );
  });

  it('has no deadline while paused, and elapsed time stops', () => {
    const segments: ClockSegment[] = [{ from: friday, to: paused }];
    const monday = at('2026-11-23T12:00:00+01:00');
    expect(deadlineFrom(segments, fourHours, monday, metro)).toBeNull();
    expect(deadlineFrom([], fourHours, monday, metro)).toBeNull();
    expect(elapsedBusinessSeconds(segments, monday, metro)).toBe(3600);
    // Without the pause, the weekend would not count either, but Monday morning would.
    expect(elapsedBusinessSeconds([{ from: friday, to: null }], monday, metro)).toBe(2 * 3600 + 3.5 * 3600);
  });

  it('keeps the breach instant when the target was reached before a pause', () => {
    const segments: ClockSegment[] = [
      { from: at('2026-11-23T08:30:00+01:00'), to: at('2026-11-23T16:00:00+01:00') },
      { from: at('2026-11-24T09:00:00+01:00'), to: null },
    ];
    const now = at('2026-11-24T10:00:00+01:00');
    const fiveHours = 5 * 3600; // 08:30–12:30 then 14:00–15:00
    expect(deadlineFrom(segments, fiveHours, now, metro)).toEqual(at('2026-11-23T15:00:00+01:00'));
    expect(deadlineFrom(segments.slice(0, 1), fiveHours, now, metro)).toEqual(
      at('2026-11-23T15:00:00+01:00'),
    );
    expect(deadlineFrom(segments.slice(0, 1), 7 * 3600, now, metro)).toBeNull();
    expect(elapsedBusinessSeconds(segments, now, metro)).toBe((6 + 1) * 3600);
  });

  it('gives a deadline in the past once breached while running', () => {
    const segments: ClockSegment[] = [{ from: friday, to: null }];
    const now = at('2026-11-23T11:05:00+01:00');
    expect(deadlineFrom(segments, fourHours, now, metro)).toEqual(at('2026-11-23T10:30:00+01:00'));
    expect(describeRemaining(fourHours - elapsedBusinessSeconds(segments, now, metro))).toBe(
      'dépassé de 35 min',
    );
  });

  it('counts overlapping segments once and ignores time after now', () => {
    const segments: ClockSegment[] = [
      { from: at('2026-11-24T09:00:00+01:00'), to: at('2026-11-24T11:00:00+01:00') },
      { from: at('2026-11-24T10:00:00+01:00'), to: at('2026-11-24T12:00:00+01:00') },
    ];
    expect(elapsedBusinessSeconds(segments, at('2026-11-24T11:30:00+01:00'), metro)).toBe(2.5 * 3600);
  });

  it('runs in real time on a 24x7 policy', () => {
    const segments: ClockSegment[] = [
      { from: at('2026-03-28T22:00:00+01:00'), to: at('2026-03-29T04:00:00+02:00') }, // 5 h, DST night
      { from: at('2026-03-29T10:00:00+02:00'), to: null },
    ];
    const now = at('2026-03-29T11:00:00+02:00');
    expect(elapsedBusinessSeconds(segments, now, h24)).toBe(6 * 3600);
    expect(deadlineFrom(segments, 8 * 3600, now, h24)).toEqual(at('2026-03-29T13:00:00+02:00'));
  });
});

describe('describeOverdue', () => {
  it('says minutes and hours under a day, days and hours beyond (issue 15 item 11)', () => {
    expect(describeOverdue(35 * 60 + 20)).toBe('dépassé de 35 min');
    expect(describeOverdue(20)).toBe('dépassé de 1 min');
    expect(describeOverdue(3 * 3600 + 5 * 60)).toBe('dépassé de 3 h 5 min');
    expect(describeOverdue(23 * 3600 + 59 * 60)).toBe('dépassé de 23 h 59 min');
    expect(describeOverdue(24 * 3600)).toBe('dépassé de 1 j');
    expect(describeOverdue(122 * 3600 + 40 * 60)).toBe('dépassé de 5 j 2 h');
  });
});

describe('describeRemaining', () => {
  it('writes the time left or overdue in French', () => {
    expect(describeRemaining(2 * 3600 + 15 * 60)).toBe('2 h 15 min ouvrées');
    expect(describeRemaining(2 * 3600 + 15 * 60 + 59)).toBe('2 h 15 min ouvrées');
    expect(describeRemaining(3600)).toBe('1 h ouvrée');
    expect(describeRemaining(3 * 3600)).toBe('3 h ouvrées');
    expect(describeRemaining(3600 + 60)).toBe('1 h 1 min ouvrée');
    expect(describeRemaining(45 * 60)).toBe('45 min ouvrées');
    expect(describeRemaining(30)).toBe('moins d’1 min ouvrée');
    expect(describeRemaining(0)).toBe('échéance atteinte');
    expect(describeRemaining(-35 * 60)).toBe('dépassé de 35 min');
    expect(describeRemaining(-(26 * 3600 + 5 * 60))).toBe('dépassé de 26 h 5 min');
  });
});

// --- Property checks against a seeded PRNG and a brute-force oracle --------------------------------

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const calendars: Record<string, BusinessCalendar> = {
  metro,
  alsaceSaturday: {
    kind: 'hours',
    hours: withSaturday,
    region: 'alsace_moselle',
    closedDates: ['2026-08-14'],
  },
  reunion: { kind: 'hours', hours: { ...weekdays, wed: [['07:00', '12:00']] }, region: '974' },
  nights: {
    kind: 'hours',
    hours: { sat: [['22:00', '24:00']], sun: [['01:00', '04:00']], mon: [['00:00', '00:45']] },
    region: 'metropole',
  },
  h24,
};

const from2026 = Date.parse('2026-01-01T00:00:00Z');
const twoYears = 2 * 365 * 86_400_000;

describe('addBusinessMinutes and businessMinutesBetween are inverse', () => {
  for (const [name, cal] of Object.entries(calendars)) {
    it(`on random inputs (${name})`, () => {
      const random = mulberry32(name.length * 7919 + 17);
      for (let i = 0; i < 300; i++) {
        const start = new Date(from2026 + Math.floor((random() * twoYears) / 1000) * 1000);
        const seconds = Math.floor(random() * 5 * 10 * 3600); // up to 5 business days of 10 h
        const due = addBusinessMinutes(start, seconds / 60, cal);
        expect(Math.round(businessMinutesBetween(start, due, cal) * 60)).toBe(seconds);
        expect(due.getTime()).toBeGreaterThanOrEqual(start.getTime());

        const end = new Date(start.getTime() + Math.floor(random() * 10 * 86_400_000));
        const between = businessMinutesBetween(start, end, cal);
        if (between === 0) continue; // `end` before the next opening: nothing to invert
        const back = addBusinessMinutes(start, between, cal);
        // The earliest instant with that much business time: `end` itself, or the last closing before it.
        expect(back.getTime()).toBeLessThanOrEqual(end.getTime());
        expect(businessMinutesBetween(back, end, cal)).toBe(0);
        expect(isOpen(new Date(back.getTime() - 1), cal)).toBe(true);
      }
    });
  }
});

// An independent oracle: step minute by minute, read Paris wall time straight from Intl.
const parisParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
});

function oracleOpen(t: Date, cal: Extract<BusinessCalendar, { kind: 'hours' }>): boolean {
  const p = Object.fromEntries(parisParts.formatToParts(t).map((x) => [x.type, x.value]));
  const date = `${p.year}-${p.month}-${p.day}`;
  if (isPublicHoliday(date, cal.region) || cal.closedDates?.includes(date)) return false;
  const key = (p.weekday ?? '').toLowerCase().slice(0, 3) as keyof WeeklyHours;
  const time = `${p.hour}:${p.minute}`;
  const windows = (cal.hours[key] ?? []) as [string, string][];
  return windows.some(([s, e]) => s <= time && time < e);
}

describe('businessMinutesBetween against a minute-by-minute oracle', () => {
  it('agrees on random ranges, DST weekends included', () => {
    const random = mulberry32(2026);
    // Fridays before both DST changes, Christmas 2026 and 14 July 2026; each range covers the weekend.
    const anchors = [
      '2026-03-27T00:00:00Z',
      '2026-10-23T00:00:00Z',
      '2026-12-24T00:00:00Z',
      '2026-07-10T00:00:00Z',
    ];
    for (const [name, cal] of Object.entries(calendars)) {
      if (cal.kind !== 'hours') continue;
      for (const anchor of anchors) {
        const a = Date.parse(anchor) + Math.floor(random() * 24 * 60) * 60_000;
        const b = a + (3 * 24 * 60 + Math.floor(random() * 24 * 60)) * 60_000;
        let minutes = 0;
        for (let t = a; t < b; t += 60_000) if (oracleOpen(new Date(t), cal)) minutes++;
        expect([name, anchor, businessMinutesBetween(new Date(a), new Date(b), cal)]).toEqual([
          name,
          anchor,
          minutes,
        ]);
      }
    }
  });
});
