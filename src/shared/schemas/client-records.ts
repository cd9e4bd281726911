import { z } from '../zod.ts';
import { formatPhone } from '../phone.ts';
import { toE164 } from '../sms.ts';
import { createdAtOut, idOut, optionalText, postalCode } from './common.ts';
import { email } from './auth.ts';
import { contactSummaryFields, siteAddressFields, siteCoordinateFields } from './clients.ts';

/** A phone number as typed (kept for display); the server stores its E.164 twin. Blank → null. */
export const phoneInput = z
  .string()
  .trim()
  .max(40, 'Numéro trop long.')
  .transform((s) => (s === '' ? null : s))
  .refine((s) => s === null || toE164(s) !== null, {
    message:
      'Numéro de téléphone invalide : saisissez un numéro français (04 78 90 12 34) ou international (+32…).',
  })
  .nullable()
  .optional();

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];
export const weekdayLabels: Record<Weekday, string> = {
  mon: 'Lundi',
  tue: 'Mardi',
  wed: 'Mercredi',
  thu: 'Jeudi',
  fri: 'Vendredi',
  sat: 'Samedi',
  sun: 'Dimanche',
};

const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Heure attendue au format HH:MM (par exemple 08:30).');
const slots = z
  .array(z.tuple([hhmm, hhmm]))
  .max(4, '4 plages horaires au plus par jour.')
  .superRefine((list, ctx) => {
    const sorted = list.map((s, i) => ({ s, i })).sort((a, b) => a.s[0].localeCompare(b.s[0]));
    for (const { s, i } of sorted) {
      if (s[0] >= s[1]) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `L’heure de fin (${s[1]}) doit suivre l’heure de début (${s[0]}).`,
        });
      }
    }
    for (let k = 1; k < sorted.length; k++) {
      const prev = sorted[k - 1]!.s;
      const cur = sorted[k]!;
      if (cur.s[0] < prev[1]) {
        ctx.addIssue({
          code: 'custom',
          path: [cur.i],
          message: `Les plages ${prev[0]}–${prev[1]} et ${cur.s[0]}–${cur.s[1]} se chevauchent.`,
        });
      }
    }
  });
/** Weekly opening hours: { mon: [["08:30","12:30"],["14:00","19:00"]], …, note? }. */
export const openingHours = z.strictObject({
  mon: slots.optional(),
  tue: slots.optional(),
  wed: slots.optional(),
  thu: slots.optional(),
  fri: slots.optional(),
  sat: slots.optional(),
  sun: slots.optional(),
  note: z.string().trim().max(200, 'Remarque trop longue (200 caractères au plus).').optional(),
});
export type OpeningHoursInput = z.infer<typeof openingHours>;

export const mondayToFriday = weekdays.slice(0, 5);

/** The same time slots on each of `days` (each day its own copy, so that editing one day leaves the others). */
export function sameHoursOn(days: readonly Weekday[], slots: [string, string][]): OpeningHoursInput {
  return Object.fromEntries(days.map((d) => [d, slots.map(([from, to]) => [from, to])]));
}

/** A standard office week (Monday to Friday, 8:00–12:00 and 13:30–17:30): a new technician's hours. */
export const standardWorkingHours = sameHoursOn(mondayToFriday, [
  ['08:00', '12:00'],
  ['13:30', '17:30'],
]);

export const geocodeStatuses = ['pending', 'ok', 'not_found', 'error'] as const;
export const geocodeStatusLabels: Record<(typeof geocodeStatuses)[number], string> = {
  pending: 'Localisation en cours',
  ok: 'Localisé',
  not_found: 'Non localisé',
  error: 'Non localisé (géocodeur injoignable)',
};

export const recordParams = z.strictObject({
  clientId: z.uuid('Identifiant invalide.'),
  id: z.uuid('Identifiant invalide.'),
});
export const clientIdParam = z.strictObject({ clientId: z.uuid('Identifiant invalide.') });

// ── Sites ────────────────────────────────────────────────────────────────────────────────────────
export const siteBody = z.strictObject({
  name: z.string().trim().min(1, 'Donnez un nom au site (par exemple « Siège »).').max(120),
  addressLine: optionalText(200),
  postalCode: postalCode.nullable().optional(),
  city: optionalText(120),
  openingHours: openingHours.nullable().optional(),
  accessInstructions: optionalText(1000),
  phone: phoneInput,
});
export const sitePatch = siteBody.partial();
export const siteRecordOut = z
  .object({
    id: idOut,
    clientId: z.string().describe('The client it belongs to.'),
    name: z.string().describe('Name of the site (e.g. « Agence de Lyon »).'),
    ...siteAddressFields,
    department: z
      .string()
      .nullable()
      .describe('French département code derived from the postal code (75, 2A, 971…).'),
    ...siteCoordinateFields,
    geocodeStatus: z
      .enum(geocodeStatuses)
      .describe('Geocoding state of the address: `pending`, `ok`, `not_found` or `error`.'),
    geocodeScore: z.number().nullable().describe('Confidence of the geocoder (0 to 1).'),
    geocodedAt: z.string().nullable().describe('When the address was last geocoded.'),
    openingHours: openingHours.nullable().describe('Opening hours by weekday, used to plan interventions.'),
    accessInstructions: z.string().nullable().describe('How to get in (door code, floor, who to ask).'),
    phone: z.string().nullable().describe('Phone number of the site as entered.'),
    phoneE164: z
      .string()
      .nullable()
      .describe('Phone number normalised to E.164 (`+33…`), for caller identification.'),
    createdAt: createdAtOut,
  })
  .meta({ id: 'Site', description: 'A place of a client where work is done.' });
export type SiteRecordOut = z.infer<typeof siteRecordOut>;
export const unplacedSiteOut = siteRecordOut.extend({ clientName: z.string() });
export type UnplacedSiteOut = z.infer<typeof unplacedSiteOut>;

// ── Contacts ─────────────────────────────────────────────────────────────────────────────────────
export const preferredChannels = ['email', 'phone', 'sms'] as const;
export const preferredChannelLabels: Record<(typeof preferredChannels)[number], string> = {
  email: 'E-mail',
  phone: 'Téléphone',
  sms: 'SMS',
};
export const legalBases = ['contract', 'legitimate_interest', 'consent'] as const;
export const legalBasisLabels: Record<(typeof legalBases)[number], string> = {
  contract: 'Contrat',
  legitimate_interest: 'Intérêt légitime',
  consent: 'Consentement',
};
export const contactBody = z.strictObject({
  firstName: z.string().trim().min(1, 'Saisissez le prénom.').max(80),
  lastName: z.string().trim().min(1, 'Saisissez le nom.').max(80),
  jobTitle: optionalText(120),
  email: email.nullable().optional(),
  phone: phoneInput,
  mobile: phoneInput,
  preferredChannel: z.enum(preferredChannels, 'Canal préféré inconnu.').nullable().optional(),
  legalBasis: z.enum(legalBases, 'Base légale inconnue.').nullable().optional(),
  /** When consent was given; set to now when the basis is consent and no date is given. */
  consentAt: z.iso
    .datetime({ offset: true, message: 'Date de consentement invalide.' })
    .nullable()
    .optional(),
  notes: optionalText(2000),
});
export const contactPatch = contactBody.partial();
export const contactRecordOut = z
  .object({
    id: idOut,
    clientId: z.string().describe('The client it belongs to.'),
    ...contactSummaryFields,
    phoneE164: z
      .string()
      .nullable()
      .describe('Phone number normalised to E.164 (`+33…`), for caller identification.'),
    mobile: z.string().nullable().describe('Mobile number as entered.'),
    mobileE164: z.string().nullable().describe('Mobile number normalised to E.164.'),
    preferredChannel: z
      .enum(preferredChannels)
      .nullable()
      .describe('How the contact prefers to be reached: `email`, `phone` or `sms`.'),
    legalBasis: z
      .enum(legalBases)
      .nullable()
      .describe('GDPR legal basis for keeping the contact: `contract`, `legitimate_interest` or `consent`.'),
    consentAt: z.string().nullable().describe('When consent was given, if the basis is consent.'),
    notes: z.string().nullable().describe('Free notes.'),
    createdAt: createdAtOut,
  })
  .meta({ id: 'Contact', description: 'A person at a client.' });
export type ContactRecordOut = z.infer<typeof contactRecordOut>;

// ── Telephony platforms and SDA ranges ───────────────────────────────────────────────────────────
export const platformKinds = ['centrex', 'ipbx', 'sip_trunk', 'teams', 'other'] as const;
export const platformKindLabels: Record<(typeof platformKinds)[number], string> = {
  centrex: 'Centrex',
  ipbx: 'IPBX',
  sip_trunk: 'Trunk SIP',
  teams: 'Microsoft Teams',
  other: 'Autre',
};
export const maxRangeSize = 10_000;

/** The numbers of a range as integers (digits after the +). */
export function rangeBounds(startE164: string, endE164: string) {
  return { startNum: Number(startE164.slice(1)), endNum: Number(endE164.slice(1)) };
}

export const rangeBody = z
  .strictObject({
    start: z.string().trim().min(1, 'Saisissez le premier numéro de la plage.').max(40),
    end: z.string().trim().min(1, 'Saisissez le dernier numéro de la plage.').max(40),
    label: optionalText(80),
  })
  .transform((r, ctx) => {
    const start = toE164(r.start);
    const end = toE164(r.end);
    if (!start) ctx.addIssue({ code: 'custom', path: ['start'], message: 'Premier numéro invalide.' });
    if (!end) ctx.addIssue({ code: 'custom', path: ['end'], message: 'Dernier numéro invalide.' });
    if (!start || !end) return z.NEVER;
    if (start.length !== end.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: 'Les deux bornes de la plage doivent avoir le même nombre de chiffres.',
      });
      return z.NEVER;
    }
    const { startNum, endNum } = rangeBounds(start, end);
    if (startNum > endNum) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'Le dernier numéro doit suivre le premier.' });
      return z.NEVER;
    }
    if (endNum - startNum + 1 > maxRangeSize) {
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: `Plage trop grande : ${maxRangeSize.toLocaleString('fr-FR')} numéros au plus.`,
      });
      return z.NEVER;
    }
    return { startE164: start, endE164: end, startNum, endNum, label: r.label ?? null };
  });

const adminUrl = z
  .string()
  .trim()
  .max(500)
  .transform((s) => (s === '' ? null : s))
  .refine((s) => s === null || (/^https?:\/\/[^\s/]+/i.test(s) && URL.canParse(s)), {
    message: 'Adresse de la console invalide : elle doit commencer par https:// (ou http://).',
  })
  .nullable()
  .optional();

/** Strict: a platform never holds a password or any secret (a `password` field is refused). */
export const platformBody = z.strictObject({
  kind: z.enum(platformKinds, 'Type de plateforme inconnu.'),
  provider: optionalText(120),
  tenantId: optionalText(120),
  adminUrl,
  notes: optionalText(2000),
  siteId: z.uuid('Site inconnu.').nullable().optional(),
  /** Replaces all the platform's SDA ranges when given. */
  ranges: z.array(rangeBody).max(50, '50 plages au plus par plateforme.').optional(),
});
export const platformPatch = platformBody.partial();
export const rangeOut = z.object({
  id: z.string(),
  startE164: z.string(),
  endE164: z.string(),
  count: z.number().int(),
  label: z.string().nullable(),
});
export type RangeOut = z.infer<typeof rangeOut>;
export const platformOut = z.object({
  id: z.string(),
  clientId: z.string(),
  siteId: z.string().nullable(),
  kind: z.enum(platformKinds),
  provider: z.string().nullable(),
  tenantId: z.string().nullable(),
  adminUrl: z.string().nullable(),
  notes: z.string().nullable(),
  ranges: z.array(rangeOut),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PlatformOut = z.infer<typeof platformOut>;

/** « 04 78 90 12 00 → 12 99 (100 numéros) »: the end shows only the digits that differ. */
export function formatRange(startE164: string, endE164: string): string {
  const count = Number(endE164.slice(1)) - Number(startE164.slice(1)) + 1;
  const a = formatPhone(startE164);
  const b = formatPhone(endE164);
  let tail = b;
  if (a.length === b.length) {
    const groups = b.split(' ');
    const aGroups = a.split(' ');
    let i = 0;
    while (i < groups.length - 2 && groups[i] === aGroups[i]) i++;
    tail = groups.slice(i).join(' ');
  }
  const n = `${count.toLocaleString('fr-FR')} numéro${count > 1 ? 's' : ''}`;
  return count === 1 ? `${a} (${n})` : `${a} → ${tail} (${n})`;
}

// ── Internal notes ───────────────────────────────────────────────────────────────────────────────
export const noteBody = z.strictObject({
  body: z
    .string()
    .trim()
    .min(1, 'La note est vide.')
    .max(5000, 'Note trop longue (5 000 caractères au plus).'),
});
export const noteOut = z.object({
  id: z.string(),
  clientId: z.string(),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  body: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  abilities: z.record(z.string(), z.boolean()),
});
export type NoteOut = z.infer<typeof noteOut>;
