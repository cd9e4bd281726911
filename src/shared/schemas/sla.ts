/**
 * SLA: business calendars, SLA policies and the clocks of a ticket (first response, resolution).
 * Shared by the server (routes, services) and the web app (badge, admin pages).
 */
import { z } from '../zod.ts';
import { holidayRegions } from '../holidays.ts';
import { slaStates, ticketPriorities, ticketTypes } from '../tickets.ts';
import { openingHours } from './client-records.ts';

export { slaStates, type SlaState } from '../tickets.ts';

// ---------------------------------------------------------------------------------------------------
// A ticket's clocks, as lists and the ticket page show them.

export const slaClockOut = z.object({
  state: z.enum(slaStates),
  /** While running: when the target is reached; null while paused or stopped. */
  dueAt: z.string().nullable(),
  /** Business seconds left (negative: overdue); null once met. */
  remainingSeconds: z.number().nullable(),
  targetSeconds: z.number(),
});
export type SlaClockOut = z.infer<typeof slaClockOut>;

export const ticketSlaOut = z.object({
  firstResponse: slaClockOut.nullable(),
  resolution: slaClockOut.nullable(),
});
export type TicketSlaOut = z.infer<typeof ticketSlaOut>;

export const slaEventKinds = [
  'start',
  'pause',
  'resume',
  'warn',
  'breach',
  'escalate',
  'met',
  'stop',
  'restart',
  'recompute',
] as const;
export const slaEventKindLabels: Record<(typeof slaEventKinds)[number], string> = {
  start: 'Démarrage',
  pause: 'Pause',
  resume: 'Reprise',
  warn: 'Alerte de dépassement proche',
  breach: 'Dépassement',
  escalate: 'Escalade automatique',
  met: 'Respecté',
  stop: 'Arrêt',
  restart: 'Redémarrage',
  recompute: 'Recalcul',
};

export const slaClockDetailOut = slaClockOut.extend({
  metric: z.enum(['first_response', 'resolution']),
  policyId: z.string().nullable(),
  policyName: z.string().nullable(),
  calendarName: z.string().nullable(),
  warnAt: z.string().nullable(),
  warnedAt: z.string().nullable(),
  breachedAt: z.string().nullable(),
  stoppedAt: z.string().nullable(),
  segments: z.array(z.object({ from: z.string(), to: z.string().nullable() })),
});
export type SlaClockDetailOut = z.infer<typeof slaClockDetailOut>;

export const slaEventOut = z.object({
  id: z.number(),
  metric: z.string(),
  kind: z.string(),
  at: z.string(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type SlaEventOut = z.infer<typeof slaEventOut>;

export const ticketSlaDetailOut = z.object({
  clocks: z.array(slaClockDetailOut),
  events: z.array(slaEventOut),
});
export type TicketSlaDetailOut = z.infer<typeof ticketSlaDetailOut>;

// ---------------------------------------------------------------------------------------------------
// Business calendars.

export const calendarKinds = ['hours', '24x7'] as const;
export const calendarKindLabels: Record<(typeof calendarKinds)[number], string> = {
  hours: 'Heures ouvrées',
  '24x7': '24 h/24, 7 j/7',
};

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Date attendue au format AAAA-MM-JJ.')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'Date invalide.');

const calendarFields = {
  name: z.string().trim().min(1, 'Nom obligatoire.').max(120, 'Nom trop long (120 caractères au plus).'),
  kind: z.enum(calendarKinds),
  hours: openingHours.nullable().optional(),
  /** null: the holiday region of the ticket's site département. */
  holidayRegion: z
    .enum(holidayRegions as [string, ...string[]])
    .nullable()
    .optional(),
  closedDates: z.array(isoDay).max(400, '400 dates au plus.').optional(),
};

function checkCalendar(
  v: { kind?: string; hours?: Record<string, unknown> | null },
  ctx: z.core.$RefinementCtx,
) {
  if (v.kind !== 'hours') return;
  const h = v.hours ?? {};
  const any = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].some(
    (d) => Array.isArray(h[d]) && (h[d] as unknown[]).length > 0,
  );
  if (!any) {
    ctx.addIssue({
      code: 'custom',
      path: ['hours'],
      message: 'Un calendrier en heures ouvrées doit avoir au moins une plage horaire.',
    });
  }
}

export const calendarCreate = z.strictObject(calendarFields).superRefine(checkCalendar);
export type CalendarCreate = z.infer<typeof calendarCreate>;
export const calendarUpdate = z
  .strictObject(calendarFields)
  .partial()
  .superRefine((v, ctx) => {
    if (v.kind !== undefined || v.hours !== undefined) checkCalendar(v, ctx);
  });
export type CalendarUpdate = z.infer<typeof calendarUpdate>;

export const calendarOut = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(calendarKinds),
  hours: z.record(z.string(), z.unknown()).nullable(),
  holidayRegion: z.string().nullable(),
  closedDates: z.array(z.string()),
  usedBy: z.number(),
  createdAt: z.string(),
});
export type CalendarOut = z.infer<typeof calendarOut>;

// ---------------------------------------------------------------------------------------------------
// SLA policies.

const minutes = (label: string) =>
  z
    .number({ error: `${label} : nombre de minutes attendu.` })
    .int(`${label} : nombre entier de minutes.`)
    .min(1, `${label} : 1 minute au moins.`)
    .max(525_600, `${label} : un an au plus.`);

const policyFields = {
  name: z.string().trim().min(1, 'Nom obligatoire.').max(120, 'Nom trop long (120 caractères au plus).'),
  /** null: the default policy (every ticket without a contract policy). */
  contractId: z.uuid('Contrat invalide.').nullable().optional(),
  priority: z.enum(ticketPriorities).nullable().optional(),
  ticketType: z.enum(ticketTypes).nullable().optional(),
  firstResponseMinutes: minutes('Première réponse'),
  resolutionMinutes: minutes('Résolution'),
  calendarId: z.uuid('Calendrier invalide.'),
  warnPercent: z
    .number()
    .int('Seuil d’alerte : pourcentage entier.')
    .min(1, 'Seuil d’alerte : entre 1 et 99 %.')
    .max(99, 'Seuil d’alerte : entre 1 et 99 %.')
    .optional(),
  active: z.boolean().optional(),
};

export const policyCreate = z.strictObject(policyFields);
export type PolicyCreate = z.infer<typeof policyCreate>;
export const policyUpdate = z.strictObject(policyFields).partial();
export type PolicyUpdate = z.infer<typeof policyUpdate>;

export const policyOut = z.object({
  id: z.string(),
  name: z.string(),
  contractId: z.string().nullable(),
  contractLabel: z.string().nullable(),
  priority: z.string().nullable(),
  ticketType: z.string().nullable(),
  firstResponseMinutes: z.number(),
  resolutionMinutes: z.number(),
  calendarId: z.string(),
  calendarName: z.string(),
  warnPercent: z.number(),
  active: z.boolean(),
  createdAt: z.string(),
});
export type PolicyOut = z.infer<typeof policyOut>;
