import { z } from '../zod.ts';
import { abilities, optionalText, postalCode, siren, siret } from './common.ts';
import { email } from './auth.ts';

export const clientStatuses = ['prospect', 'actif', 'ancien'] as const;
export const clientStatusLabels: Record<(typeof clientStatuses)[number], string> = {
  prospect: 'Prospect',
  actif: 'Actif',
  ancien: 'Ancien',
};

export const siteOut = z.object({
  id: z.string(),
  name: z.string(),
  addressLine: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
});
export const contactOut = z.object({
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  jobTitle: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});
export const clientOut = z.object({
  id: z.string(),
  name: z.string(),
  siren: z.string().nullable(),
  siret: z.string().nullable(),
  segment: z.string().nullable(),
  status: z.enum(clientStatuses),
  partnerId: z.string().nullable(),
  partnerName: z.string().nullable(),
  /** The internal user who manages the account (notified when assigned). */
  accountManagerId: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  abilities,
});
export type ClientOut = z.infer<typeof clientOut>;
export const clientDetailOut = clientOut.extend({ sites: z.array(siteOut), contacts: z.array(contactOut) });
export type ClientDetailOut = z.infer<typeof clientDetailOut>;

export const clientListQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  status: z.enum(clientStatuses).optional(),
  partnerId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const clientBody = z.strictObject({
  name: z.string().trim().min(2, 'Raison sociale trop courte.').max(200),
  siren: siren.nullable().optional(),
  siret: siret.nullable().optional(),
  segment: optionalText(80),
  status: z.enum(clientStatuses).default('prospect'),
  partnerId: z.uuid().nullable().optional(),
  accountManagerId: z.uuid().nullable().optional(),
  email: email.nullable().optional(),
  phone: optionalText(40),
  postalCode: postalCode.nullable().optional(),
  city: optionalText(120),
});
export const clientPatch = clientBody.extend({ status: z.enum(clientStatuses).optional() }).partial();
