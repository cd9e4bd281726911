/** Maintenance contracts of a client: period, renewal, notice, coverage, GTI/GTR. */
import { z } from '../zod.ts';
import { abilities, optionalText } from './common.ts';

export const contractStatuses = ['actif', 'resilie', 'expire'] as const;
export type ContractStatus = (typeof contractStatuses)[number];
export const contractStatusLabels: Record<ContractStatus, string> = {
  actif: 'Actif',
  resilie: 'Résilié',
  expire: 'Expiré',
};
export const contractStatusColors: Record<ContractStatus, string> = {
  actif: 'green',
  resilie: 'gray',
  expire: 'red',
};

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Date attendue au format AAAA-MM-JJ.')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'Date invalide.');

const optionalMinutes = (label: string) =>
  z
    .number()
    .int(`${label} : nombre entier de minutes.`)
    .min(1, `${label} : 1 minute au moins.`)
    .max(525_600, `${label} : un an au plus.`)
    .nullable()
    .optional();

const fields = {
  reference: z
    .string()
    .trim()
    .min(1, 'Référence obligatoire.')
    .max(60, 'Référence trop longue (60 caractères au plus).'),
  name: z
    .string()
    .trim()
    .min(1, 'Intitulé obligatoire.')
    .max(200, 'Intitulé trop long (200 caractères au plus).'),
  startsOn: isoDay,
  endsOn: isoDay,
  tacitRenewal: z.boolean().optional(),
  renewalMonths: z
    .number()
    .int('Durée de reconduction : nombre entier de mois.')
    .min(1, 'Durée de reconduction : 1 mois au moins.')
    .max(120, 'Durée de reconduction : 120 mois au plus.')
    .optional(),
  noticeDays: z
    .number()
    .int('Préavis : nombre entier de jours.')
    .min(0, 'Préavis : 0 jour au moins.')
    .max(730, 'Préavis : 730 jours au plus.')
    .optional(),
  status: z.enum(contractStatuses).optional(),
  gtiMinutes: optionalMinutes('GTI'),
  gtrMinutes: optionalMinutes('GTR'),
  calendarId: z.uuid('Calendrier invalide.').nullable().optional(),
  notes: optionalText(2000),
  /** Covered sites and platforms: none listed means all of the client's. */
  siteIds: z.array(z.uuid('Site invalide.')).max(500).optional(),
  platformIds: z.array(z.uuid('Plateforme invalide.')).max(500).optional(),
};

function checkPeriod(v: { startsOn?: string; endsOn?: string }, ctx: z.core.$RefinementCtx) {
  if (v.startsOn && v.endsOn && v.endsOn <= v.startsOn) {
    ctx.addIssue({
      code: 'custom',
      path: ['endsOn'],
      message: 'La date de fin doit suivre la date de début.',
    });
  }
}

export const contractCreate = z.strictObject(fields).superRefine(checkPeriod);
export type ContractCreate = z.infer<typeof contractCreate>;
export const contractUpdate = z.strictObject(fields).partial().superRefine(checkPeriod);
export type ContractUpdate = z.infer<typeof contractUpdate>;

export const contractOut = z.object({
  id: z.string(),
  clientId: z.string(),
  clientName: z.string(),
  reference: z.string(),
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  tacitRenewal: z.boolean(),
  renewalMonths: z.number(),
  noticeDays: z.number(),
  /** endsOn − noticeDays: the last day to give notice. */
  noticeDeadline: z.string(),
  status: z.enum(contractStatuses),
  gtiMinutes: z.number().nullable(),
  gtrMinutes: z.number().nullable(),
  calendarId: z.string().nullable(),
  calendarName: z.string().nullable(),
  notes: z.string().nullable(),
  sites: z.array(z.object({ id: z.string(), name: z.string() })),
  platforms: z.array(z.object({ id: z.string(), label: z.string() })),
  /** Days until endsOn (Paris today), negative once past. */
  daysLeft: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  abilities,
});
export type ContractOut = z.infer<typeof contractOut>;

export const contractListQuery = z.strictObject({
  /** Only active contracts ending within this many days. */
  expiring: z.coerce.number().int().min(0).max(3650).optional(),
  status: z.enum(contractStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
  cursor: z.string().max(500).optional(),
});
