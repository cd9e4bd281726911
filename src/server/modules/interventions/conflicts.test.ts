import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../shared/durations.ts';
import { type ConflictInput, detectConflicts } from './conflicts.ts';
import { estimateTravel } from './travel.ts';

const hours = {
  mon: [
    ['08:00', '12:00'],
    ['13:30', '17:30'],
  ],
} as never;
const base = (): ConflictInput => ({
  intervention: {
    id: 'i1',
    remote: false,
    clientName: 'Pharmacie X',
    site: {
      name: 'Pharmacie X',
      city: 'Lyon 3e',
      department: '69',
      latitude: 45.76,
      longitude: 4.85,
      openingHours: null,
    },
    requiredSkills: [],
  },
  // Monday 9 March 2026, 10:00 Paris (UTC+1).
  start: new Date('2026-03-09T09:00:00Z'),
  minutes: 60,
  technicians: [
    {
      id: 't1',
      name: 'Thomas Terrain',
      homeDepartment: '69',
      homeLatitude: 45.75,
      homeLongitude: 4.85,
      workingHours: hours,
      zones: ['69'],
      skills: [],
    },
  ],
  busy: [],
  absences: [],
});

describe('detectConflicts (pure)', () => {
  it('finds nothing on a free, open, in-zone slot', () => {
    expect(detectConflicts(base())).toEqual({ conflicts: [], notices: [] });
  });
  it('says a leave in inclusive days (issue 15 item 19)', () => {
    const input = base();
    input.absences = [
      {
        technicianId: 't1',
        kind: 'conges',
        startsAt: new Date('2026-03-09T00:00:00+01:00'),
        endsAt: new Date('2026-03-12T00:00:00+01:00'),
      },
    ];
    expect(detectConflicts(input).conflicts.map((c) => c.message)).toEqual([
      'Thomas Terrain est absent (Congés) du 9 au 11 mars inclus.',
    ]);
  });
  it('outside working hours across the lunch break, in Paris time', () => {
    const input = { ...base(), start: new Date('2026-03-09T10:30:00Z'), minutes: 90 };
    expect(detectConflicts(input).conflicts.map((c) => c.code)).toEqual(['outside_hours']);
  });
  it('summer time: 10:00 Paris is 08:00 UTC in July', () => {
    const input = { ...base(), start: new Date('2026-07-06T08:00:00Z') };
    expect(detectConflicts(input).conflicts).toEqual([]);
    const early = { ...base(), start: new Date('2026-07-06T05:30:00Z') };
    expect(detectConflicts(early).conflicts.map((c) => c.code)).toEqual(['outside_hours']);
  });
  it('explains the travel time from the previous intervention', () => {
    const input = base();
    input.busy = [
      {
        id: 'prev',
        technicianId: 't1',
        number: 'I-2026-000001',
        title: 'SAV',
        start: new Date('2026-03-09T07:30:00Z'),
        minutes: 60,
        placeLabel: 'Garage Y (Villefranche)',
        latitude: 45.99,
        longitude: 4.72,
        remote: false,
      },
    ];
    const [c] = detectConflicts(input).conflicts;
    const trip = estimateTravel({ lat: 45.99, lon: 4.72 }, { lat: 45.76, lon: 4.85 });
    expect(c!.code).toBe('travel_time');
    expect(c!.message).toBe(
      `Trajet estimé ${formatDuration(trip.minutes)} (${trip.km} km) depuis Garage Y (Villefranche), il reste 30 min pour Thomas Terrain.`,
    );
  });
  it('states a long trip in hours, not « 840 min » (issue 15 item 30)', () => {
    const input = base();
    input.busy = [
      {
        id: 'prev',
        technicianId: 't1',
        number: 'I-2026-000001',
        title: 'SAV',
        start: new Date('2026-03-09T07:30:00Z'),
        minutes: 60,
        placeLabel: 'Agence de Lille',
        latitude: 50.63,
        longitude: 3.06,
        remote: false,
      },
    ];
    const [c] = detectConflicts(input).conflicts;
    expect(c!.message).toMatch(
      /^Trajet estimé \d+ h( \d{2})? \(\d+ km\) depuis Agence de Lille, il reste 30 min/,
    );
    expect(c!.message).not.toMatch(/\d{3,} min/);
  });
  it('site closed and zone are reported, remote interventions skip both', () => {
    const input = base();
    input.intervention.site = {
      ...input.intervention.site!,
      department: '75',
      openingHours: { mon: [['14:00', '18:00']] } as never,
    };
    expect(
      detectConflicts(input)
        .conflicts.map((c) => c.code)
        .sort(),
    ).toEqual(['site_closed', 'zone']);
    input.intervention.remote = true;
    expect(detectConflicts(input).conflicts).toEqual([]);
  });
});
