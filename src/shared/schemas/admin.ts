import { z } from '../zod.ts';
import { actions, modules, roles, scopes } from '../permissions.ts';
import {
  abilities,
  abilitiesOut,
  createdAtOut,
  hexColor,
  idOut,
  optionalText,
  pageQuery,
  siren,
  vatNumber,
} from './common.ts';
import { email } from './auth.ts';

export const userOut = z
  .object({
    id: idOut,
    email: z.string().describe('Sign-in e-mail address.'),
    name: z.string().describe('Full name.'),
    phone: z.string().nullable().describe('Phone number as entered.'),
    role: z.enum(roles).describe('Role; with the rights matrix it decides what the user may do.'),
    partnerId: z.string().nullable().describe('For partner users, their partner: they see only its records.'),
    partnerName: z.string().nullable().describe('Name of the partner.'),
    totpEnabled: z.boolean().describe('Two-factor authentication (TOTP) is set up.'),
    totpRequired: z.boolean().describe('The role requires two-factor authentication.'),
    disabled: z.boolean().describe('The account can no longer sign in.'),
    createdAt: createdAtOut,
    abilities: abilitiesOut,
  })
  .meta({ id: 'User', description: 'A person who signs in to Relais.' });
export type UserOut = z.infer<typeof userOut>;

export const createUserBody = z.strictObject({
  email,
  name: z.string().trim().min(2, 'Nom trop court.').max(120),
  phone: optionalText(40),
  role: z.enum(roles, 'Rôle inconnu.'),
  partnerId: z.uuid().nullable().optional(),
  password: z.string().max(1024).optional(),
});
export const updateUserBody = z.strictObject({
  name: z.string().trim().min(2, 'Nom trop court.').max(120).optional(),
  phone: optionalText(40),
  role: z.enum(roles, 'Rôle inconnu.').optional(),
  partnerId: z.uuid().nullable().optional(),
  disabled: z.boolean().optional(),
  totpRequired: z.boolean().optional(),
});
export const userListQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  role: z.enum(roles).optional(),
  partnerId: z.uuid().optional(),
  ...pageQuery,
});

/** The postal address of a partner or of the company: as entered (blank → null), and as answered. */
const postalAddressInput = {
  addressLine: optionalText(200),
  postalCode: optionalText(10),
  city: optionalText(120),
};
const postalAddressOut = {
  addressLine: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
};

export const partnerOut = z.object({
  id: z.string(),
  name: z.string(),
  siren: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  contactName: z.string().nullable(),
  ...postalAddressOut,
  brandColor: z.string().nullable(),
  hasLogo: z.boolean(),
  clientCount: z.number(),
  /** Users (partner accounts) attached to the partner. */
  userCount: z.number(),
  /** Why it cannot be deleted (French), or null when it can. */
  deleteBlockedBy: z.string().nullable(),
  abilities,
});
export type PartnerOut = z.infer<typeof partnerOut>;
const logoInput = z
  .strictObject({
    mime: z.enum(
      ['image/png', 'image/jpeg', 'image/svg+xml', 'image/webp'],
      'Logo : PNG, JPEG, SVG ou WebP.',
    ),
    base64: z.string().max(700_000, 'Logo trop lourd (500 Ko au plus).'),
  })
  .nullable()
  .optional();
export const partnerBody = z.strictObject({
  name: z.string().trim().min(2, 'Nom trop court.').max(200),
  siren: siren.nullable().optional(),
  email: email.nullable().optional(),
  phone: optionalText(40),
  contactName: optionalText(120),
  ...postalAddressInput,
  brandColor: hexColor.nullable().optional(),
  logo: logoInput,
});
export const partnerPatch = partnerBody.partial();

export const tokenOut = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  role: z.enum(roles),
  partnerId: z.string().nullable(),
  partnerName: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const createTokenBody = z.strictObject({
  name: z.string().trim().min(2, 'Donnez un nom au jeton.').max(100),
  role: z.enum(roles, 'Rôle inconnu.'),
  partnerId: z.uuid().nullable().optional(),
});

export const companyOut = z.object({
  legalName: z.string(),
  legalForm: z.string().nullable(),
  capitalCents: z.number().nullable(),
  siren: z.string().nullable(),
  rcsCity: z.string().nullable(),
  vatNumber: z.string().nullable(),
  ...postalAddressOut,
  phone: z.string().nullable(),
  email: z.string().nullable(),
  brandColor: z.string().nullable(),
  hasLogo: z.boolean(),
  totpRequiredRoles: z.array(z.enum(roles)),
  updatedAt: z.string(),
});
export const companyPatch = z.strictObject({
  legalName: z.string().trim().min(2, 'Raison sociale obligatoire.').max(200).optional(),
  legalForm: optionalText(60),
  capitalCents: z.number().int().min(0, 'Montant invalide.').nullable().optional(),
  siren: siren.nullable().optional(),
  rcsCity: optionalText(120),
  vatNumber: vatNumber.nullable().optional(),
  ...postalAddressInput,
  phone: optionalText(40),
  email: email.nullable().optional(),
  brandColor: hexColor.nullable().optional(),
  logo: logoInput,
  totpRequiredRoles: z.array(z.enum(roles)).optional(),
});

export const cell = z.strictObject({ actions: z.array(z.enum(actions)), scope: z.enum(scopes) });
export const matrixSchema = z.record(z.enum(roles), z.record(z.enum(modules), cell));
export const matrixOut = z.object({ matrix: matrixSchema, defaults: matrixSchema, isDefault: z.boolean() });

export const auditOut = z.object({
  id: z.number(),
  at: z.string(),
  category: z.string(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  actorUserId: z.string().nullable(),
  actorLabel: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  /** « Samuel Support a répondu au ticket T-2026-000017 » (`shared/audit.ts`). */
  sentence: z.string(),
  /** The page of the object in the web app, when it has one. */
  link: z.string().nullable(),
  /** The object in French: « Ticket T-2026-000017 », « Utilisateur ». */
  object: z.string(),
  /** The fields changed, as French labels with old → new values (null: an identifier). */
  changes: z.array(
    z.object({
      field: z.string(),
      label: z.string(),
      before: z.string().nullable(),
      after: z.string().nullable(),
    }),
  ),
});
export const auditQuery = z.strictObject({
  category: z.enum(['business', 'security']).optional(),
  action: z.string().max(60).optional(),
  entityType: z.string().max(60).optional(),
  entityId: z.string().max(60).optional(),
  actorUserId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().regex(/^\d+$/).optional(),
});
