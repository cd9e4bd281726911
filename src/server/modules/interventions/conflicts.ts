import { absenceKindLabels, type AbsenceKind } from '../../../shared/interventions.ts';
import { formatDuration } from '../../../shared/durations.ts';
import type { ConflictOut } from '../../../shared/schemas/interventions.ts';
import type { OpeningHours } from '../../db/schema/clients.ts';
import {
  minutesOf,
  parisParts,
  shortDateTimeFr,
  slotFr,
  weekdayLabels,
  type WeekdayKey,
  absencePeriodFr,
} from '../../../shared/paris-time.ts';
import { estimateTravel } from './travel.ts';

/**
 * Schedule conflict detection: a pure function of what the caller loaded (the intervention, the
 * technicians, their other busy interventions and approved absences around that day). Returns the
 * conflicts (French messages, one per reason and technician) and notices (checks that could not be
 * made, e.g. a travel time without coordinates — not conflicts).
 */

export type ConflictTechnician = {
  id: string;
  name: string;
  homeDepartment: string | null;
  homeLatitude: number | null;
  homeLongitude: number | null;
  workingHours: OpeningHours | null;
  zones: string[];
  skills: { skillId: string; name: string; validUntil: string | null }[];
};

export type ConflictSite = {
  name: string;
  city: string | null;
  department: string | null;
  latitude: number | null;
  longitude: number | null;
  openingHours: OpeningHours | null;
};

export type BusyIntervention = {
  id: string;
  technicianId: string;
  number: string;
  title: string;
  start: Date;
  minutes: number;
  /** « Pharmacie X (Lyon 3e) », to explain a travel time. */
  placeLabel: string;
  latitude: number | null;
  longitude: number | null;
  remote: boolean;
};

export type ConflictAbsence = { technicianId: string; kind: string; startsAt: Date; endsAt: Date };

export type ConflictInput = {
  intervention: {
    id: string;
    remote: boolean;
    clientName: string;
    site: ConflictSite | null;
    requiredSkills: { id: string; name: string }[];
  };
  start: Date;
  minutes: number;
  technicians: ConflictTechnician[];
  busy: BusyIntervention[];
  absences: ConflictAbsence[];
};

export type ConflictResult = { conflicts: ConflictOut[]; notices: string[] };

const dayKeys: WeekdayKey[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function hasAnyDay(h: OpeningHours | null): h is OpeningHours {
  return !!h && dayKeys.some((k) => Array.isArray(h[k]));
}

function intervalsText(list: [string, string][] | undefined): string {
  return list?.length ? list.map(([a, b]) => `${a}–${b}`).join(', ') : 'fermé';
}

/** Whether the Paris-local slot [startMin, endMin) of that weekday fits in one of the intervals. */
function fitsIn(list: [string, string][] | undefined, startMin: number, endMin: number): boolean {
  return (list ?? []).some(([a, b]) => minutesOf(a) <= startMin && endMin <= minutesOf(b));
}

const dateFr = (d: Date) => shortDateTimeFr(d);

export function detectConflicts(input: ConflictInput): ConflictResult {
  const { intervention, start, minutes } = input;
  const end = new Date(start.getTime() + minutes * 60_000);
  const conflicts: ConflictOut[] = [];
  const notices: string[] = [];
  const sp = parisParts(start);
  const ep = parisParts(end);
  const sameDay = sp.day === ep.day || (ep.minutes === 0 && end.getTime() - start.getTime() <= 86_400_000);
  const startMin = sp.minutes;
  const endMin = sp.day === ep.day ? ep.minutes : 24 * 60;
  const site = intervention.remote ? null : intervention.site;
  const weekday = weekdayLabels[sp.weekday];

  // Site closed (once for the intervention, not per technician).
  if (site && hasAnyDay(site.openingHours)) {
    const list = site.openingHours[sp.weekday];
    if (!sameDay || !fitsIn(list, startMin, endMin)) {
      conflicts.push({
        path: 'plannedStart',
        code: 'site_closed',
        technicianId: null,
        message: list?.length
          ? `Le site ${site.name} est fermé à cette heure : le ${weekday}, il est ouvert ${intervalsText(list)}.`
          : `Le site ${site.name} est fermé le ${weekday}.`,
      });
    }
  }

  input.technicians.forEach((t, i) => {
    const path = `technicianIds.${i}`;
    const add = (code: ConflictOut['code'], message: string) =>
      conflicts.push({ path, code, message, technicianId: t.id });

    // Overlap with another busy intervention of the same technician.
    const mine = input.busy
      .filter((b) => b.technicianId === t.id && b.id !== intervention.id)
      .sort((a, b) => a.start.getTime() - b.start.getTime());
    for (const b of mine) {
      const bEnd = b.start.getTime() + b.minutes * 60_000;
      if (b.start.getTime() < end.getTime() && bEnd > start.getTime()) {
        add(
          'overlap',
          `${t.name} est déjà sur l’intervention ${b.number} (« ${b.title} ») de ${slotFr(b.start, b.minutes)} le ${dateFr(b.start).slice(0, 5)}.`,
        );
      }
    }

    // Approved absences.
    for (const a of input.absences) {
      if (a.technicianId !== t.id) continue;
      if (a.startsAt.getTime() < end.getTime() && a.endsAt.getTime() > start.getTime()) {
        const kind = absenceKindLabels[a.kind as AbsenceKind] ?? a.kind;
        add('absence', `${t.name} est absent (${kind}) ${absencePeriodFr(a.startsAt, a.endsAt)}.`);
      }
    }

    // Working hours (Paris local time, per weekday).
    if (hasAnyDay(t.workingHours)) {
      const list = t.workingHours[sp.weekday];
      if (!sameDay || !fitsIn(list, startMin, endMin)) {
        add(
          'outside_hours',
          list?.length
            ? `Le créneau ${slotFr(start, minutes)} est hors des horaires de ${t.name} le ${weekday} (${intervalsText(list)}).`
            : `${t.name} ne travaille pas le ${weekday}.`,
        );
      }
    }

    // Skills (and certifications valid on that day).
    for (const need of intervention.requiredSkills) {
      const held = t.skills.find((s) => s.skillId === need.id);
      if (!held) add('missing_skill', `${t.name} n’a pas la compétence « ${need.name} ».`);
      else if (held.validUntil && held.validUntil < sp.day) {
        const [y, m, d] = held.validUntil.split('-');
        add('missing_skill', `La certification « ${need.name} » de ${t.name} a expiré le ${d}/${m}/${y}.`);
      }
    }

    if (!site) return;

    // Zone: the site's département must be one of his zones or his home département.
    if (site.department && !t.zones.includes(site.department) && t.homeDepartment !== site.department) {
      const zones = [...new Set([t.homeDepartment, ...t.zones].filter(Boolean))].join(', ') || 'aucune';
      add('zone', `Le site est dans le ${site.department}, hors des zones de ${t.name} (${zones}).`);
    }

    // Travel time from the previous place of the day (or home) and to the next intervention.
    const onSite = mine.filter((b) => !b.remote);
    const here =
      site.latitude != null && site.longitude != null ? { lat: site.latitude, lon: site.longitude } : null;
    const siteLabel = `${site.name}${site.city ? ` (${site.city})` : ''}`;
    const prev = [...onSite]
      .filter(
        (b) =>
          b.start.getTime() + b.minutes * 60_000 <= start.getTime() && parisParts(b.start).day === sp.day,
      )
      .pop();
    const next = onSite.find((b) => b.start.getTime() >= end.getTime() && parisParts(b.start).day === sp.day);
    const checkLeg = (
      from: { lat: number | null; lon: number | null; label: string },
      to: { lat: number | null; lon: number | null; label: string },
      gapMin: number,
      direction: 'from' | 'to',
    ) => {
      if (from.lat == null || from.lon == null || to.lat == null || to.lon == null) {
        notices.push(
          `Trajet de ${t.name} ${direction === 'from' ? `depuis ${from.label}` : `vers ${to.label}`} non estimé : coordonnées manquantes.`,
        );
        return;
      }
      const trip = estimateTravel({ lat: from.lat, lon: from.lon }, { lat: to.lat, lon: to.lon });
      if (trip.minutes > gapMin) {
        add(
          'travel_time',
          direction === 'from'
            ? `Trajet estimé ${formatDuration(trip.minutes)} (${trip.km} km) depuis ${from.label}, il reste ${formatDuration(gapMin)} pour ${t.name}.`
            : `Trajet estimé ${formatDuration(trip.minutes)} (${trip.km} km) vers ${to.label} (intervention suivante), il reste ${formatDuration(gapMin)} pour ${t.name}.`,
        );
      }
    };
    const herePoint = { lat: here?.lat ?? null, lon: here?.lon ?? null, label: siteLabel };
    if (prev) {
      checkLeg(
        { lat: prev.latitude, lon: prev.longitude, label: prev.placeLabel },
        herePoint,
        (start.getTime() - (prev.start.getTime() + prev.minutes * 60_000)) / 60_000,
        'from',
      );
    } else if (hasAnyDay(t.workingHours)) {
      // First of the day: from home, from the start of his working day.
      const dayStart = t.workingHours[sp.weekday]?.[0]?.[0];
      if (dayStart && minutesOf(dayStart) <= startMin) {
        checkLeg(
          { lat: t.homeLatitude, lon: t.homeLongitude, label: 'son domicile' },
          herePoint,
          startMin - minutesOf(dayStart),
          'from',
        );
      }
    }
    if (next) {
      checkLeg(
        herePoint,
        { lat: next.latitude, lon: next.longitude, label: next.placeLabel },
        (next.start.getTime() - end.getTime()) / 60_000,
        'to',
      );
    }
  });
  return { conflicts, notices };
}
