import { z } from '../zod.ts';
import { absenceKinds, absenceStatuses } from '../interventions.ts';
import { isDepartmentCode, regions } from '../regions.ts';
import { geocodeStatuses, openingHours, phoneInput } from './client-records.ts';
import {
  abilities,
  abilitiesOut,
  idOut,
  isoDateTime,
  listQuery,
  optionalText,
  postalCode,
} from './common.ts';

/** Field (tech_terrain) or internal (tech_interne) technician: the role of the linked user. */
export const technicianKinds = ['terrain', 'interne'] as const;
export type TechnicianKind = (typeof technicianKinds)[number];
export const technicianKindLabels: Record<TechnicianKind, string> = {
  terrain: 'Technicien terrain',
  interne: 'Technicien interne',
};

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Date attendue au format AAAA-MM-JJ.');

// ── Skills catalog ───────────────────────────────────────────────────────────────────────────────
export const skillBody = z.strictObject({
  name: z.string().trim().min(1, 'Donnez un nom à la compétence.').max(80, '80 caractères au plus.'),
  category: optionalText(60),
  certification: z.boolean().optional(),
});
export const skillPatch = skillBody.partial();
export const skillOut = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  certification: z.boolean(),
  technicianCount: z.number(),
  createdAt: z.string(),
});
export type SkillOut = z.infer<typeof skillOut>;

// ── Profiles ─────────────────────────────────────────────────────────────────────────────────────
export const departmentCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isDepartmentCode, { message: 'Département inconnu (attendu un code comme 69, 2A ou 974).' });
export const zonesInput = z
  .array(departmentCode)
  .max(101)
  .transform((list) => [...new Set(list)]);

const profileFields = {
  phone: phoneInput,
  homeAddress: optionalText(200),
  homePostalCode: postalCode.nullable().optional(),
  homeCity: optionalText(120),
  workingHours: openingHours.nullable().optional(),
  zones: zonesInput.optional(),
  notes: optionalText(2000),
  active: z.boolean().optional(),
};
export const technicianCreateBody = z.strictObject({
  userId: z.uuid('Identifiant invalide.'),
  ...profileFields,
});
export const technicianPatch = z.strictObject(profileFields);

export const technicianSkillInput = z
  .strictObject({
    skillId: z.uuid('Identifiant invalide.'),
    level: z.number().int().min(1, 'Niveau de 1 à 3.').max(3, 'Niveau de 1 à 3.'),
    validUntil: isoDate.nullable().optional(),
    reference: optionalText(80),
  })
  .strict();
export const technicianSkillsBody = z.strictObject({
  skills: z
    .array(technicianSkillInput)
    .max(100)
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((s, i) => {
        if (seen.has(s.skillId)) {
          ctx.addIssue({ code: 'custom', path: [i, 'skillId'], message: 'Compétence en double.' });
        }
        seen.add(s.skillId);
      });
    }),
});

const boolQuery = z.enum(['true', 'false', 'all']);
export const technicianListQuery = z.strictObject({
  ...listQuery,
  department: departmentCode.optional(),
  region: z
    .string()
    .refine((c) => regions.some((r) => r.code === c), { message: 'Région inconnue.' })
    .optional(),
  skill: z.uuid('Identifiant invalide.').optional(),
  minLevel: z.coerce.number().int().min(1).max(3).optional(),
  kind: z.enum(technicianKinds).optional(),
  active: boolQuery.default('true'),
});
export type TechnicianListQuery = z.infer<typeof technicianListQuery>;

export const certificationStates = ['valid', 'expiring', 'expired'] as const;
export type CertificationState = (typeof certificationStates)[number];

export const heldSkillOut = z.object({
  skillId: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  certification: z.boolean(),
  level: z.number(),
  validUntil: z.string().nullable(),
  reference: z.string().nullable(),
  /** Certifications only: expired, expiring within 30 days, or valid; days left (negative once past). */
  certificationState: z.enum(certificationStates).nullable(),
  daysLeft: z.number().nullable(),
});
export type HeldSkillOut = z.infer<typeof heldSkillOut>;

export const technicianOut = z
  .object({
    id: idOut,
    userId: z.string().describe('The user account of the technician.'),
    name: z.string().describe('Full name.'),
    email: z.string().describe('E-mail address.'),
    kind: z.enum(technicianKinds).describe('Field technician (`terrain`) or in-house (`interne`).'),
    phone: z.string().nullable().describe('Phone number as entered.'),
    phoneE164: z
      .string()
      .nullable()
      .describe('Phone number normalised to E.164 (`+33…`), for caller identification.'),
    homeCity: z.string().nullable().describe('City the technician starts from.'),
    homePostalCode: z.string().nullable().describe('Postal code the technician starts from.'),
    homeDepartment: z.string().nullable().describe('Département the technician starts from.'),
    zones: z.array(z.string()).describe('Départements the technician covers.'),
    active: z.boolean().describe('False once the technician no longer takes work.'),
    skills: z.array(heldSkillOut).describe('Skills and certifications held, with level and validity.'),
    abilities: abilitiesOut,
  })
  .meta({ id: 'Technician', description: 'A technician who can be booked on interventions.' });
export type TechnicianOut = z.infer<typeof technicianOut>;

export const technicianDetailOut = technicianOut
  .extend({
    homeAddress: z.string().nullable(),
    homeLatitude: z.number().nullable(),
    homeLongitude: z.number().nullable(),
    homeGeocodeStatus: z.enum(geocodeStatuses),
    workingHours: openingHours.nullable(),
    notes: z.string().nullable(),
    positionSharing: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'TechnicianDetail', description: 'A technician with home, hours and settings.' });
export type TechnicianDetailOut = z.infer<typeof technicianDetailOut>;

export const technicianCandidateOut = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  kind: z.enum(technicianKinds),
});
export const technicianDeleteOut = z.object({ outcome: z.enum(['deleted', 'deactivated']) });

// ── Absences ─────────────────────────────────────────────────────────────────────────────────────
export const absenceBody = z
  .strictObject({
    /** Omitted: the caller's own profile. */
    technicianId: z.uuid('Identifiant invalide.').optional(),
    kind: z.enum(absenceKinds, { message: 'Type d’absence inconnu.' }),
    startsAt: isoDateTime,
    endsAt: isoDateTime,
    comment: optionalText(1000),
  })
  .superRefine((b, ctx) => {
    if (Date.parse(b.endsAt) <= Date.parse(b.startsAt)) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'La fin doit suivre le début.' });
    }
  });
export const absenceListQuery = z.strictObject({
  technicianId: z.uuid('Identifiant invalide.').optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  status: z.enum(absenceStatuses).optional(),
});
export const absenceDecisionBody = z.strictObject({ note: optionalText(1000) });
export const absenceOut = z.object({
  id: z.string(),
  technicianId: z.string(),
  technicianName: z.string(),
  kind: z.enum(absenceKinds),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.enum(absenceStatuses),
  comment: z.string().nullable(),
  requestedBy: z.string().nullable(),
  requestedByName: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  createdAt: z.string(),
  abilities,
});
export type AbsenceOut = z.infer<typeof absenceOut>;

// ── Live positions ───────────────────────────────────────────────────────────────────────────────
export const positionSharingBody = z.strictObject({ enabled: z.boolean() });
/** No speed, no heading: only what the CNIL allows us to keep. Unknown fields → 400. */
export const positionBody = z.strictObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  accuracy: z.number().min(0).max(100_000).nullable().optional(),
  recordedAt: isoDateTime.optional(),
});
export const positionOut = z.object({
  technicianId: z.string(),
  name: z.string(),
  kind: z.enum(technicianKinds),
  latitude: z.number(),
  longitude: z.number(),
  accuracy: z.number().nullable(),
  recordedAt: z.string(),
});
export type PositionOut = z.infer<typeof positionOut>;

// ── Ratings ──────────────────────────────────────────────────────────────────────────────────────
export const ratingsOut = z.object({
  windowDays: z.number(),
  from: z.string(),
  to: z.string(),
  completed: z.number(),
  punctuality: z.object({
    score: z.number().nullable(),
    checkIns: z.number(),
    onTime: z.number(),
    toleranceMinutes: z.number(),
    averageDelayMinutes: z.number().nullable(),
  }),
  efficiency: z.object({
    score: z.number().nullable(),
    measured: z.number(),
    plannedMinutes: z.number(),
    actualMinutes: z.number(),
    averageRatio: z.number().nullable(),
    ratioCap: z.number(),
  }),
  quality: z.object({
    score: z.number().nullable(),
    rated: z.number(),
    averageRating: z.number().nullable(),
    reworks: z.number(),
    reworkWindowDays: z.number(),
    penalty: z.number(),
    explanation: z.string(),
  }),
});
export type RatingsOut = z.infer<typeof ratingsOut>;

/** State of a certification valid until `validUntil` (inclusive) seen on `today` (YYYY-MM-DD, Paris). */
export function certificationState(
  validUntil: string | null,
  today: string,
): { state: CertificationState; daysLeft: number } | null {
  if (!validUntil) return null;
  const days = Math.round(
    (Date.parse(`${validUntil}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000,
  );
  return { state: days < 0 ? 'expired' : days <= 30 ? 'expiring' : 'valid', daysLeft: days };
}
