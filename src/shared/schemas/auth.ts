import { z } from '../zod.ts';
import { roles } from '../permissions.ts';

export const email = z.string().trim().toLowerCase().email('Adresse e-mail invalide.').max(254);

export const loginBody = z.strictObject({
  email: z.string().trim().min(1, 'Saisissez votre adresse e-mail.').max(254),
  password: z.string().min(1, 'Saisissez votre mot de passe.').max(1024),
  totp: z.string().trim().max(10).optional(),
});

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1, 'Saisissez votre mot de passe actuel.').max(1024),
  newPassword: z.string().max(1024, 'Le mot de passe ne peut pas dépasser 1024 caractères.'),
});

export const totpCodeBody = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'Le code comporte 6 chiffres.'),
});

export const passwordBody = z.strictObject({
  password: z.string().min(1, 'Saisissez votre mot de passe.').max(1024),
});

/** « Mot de passe oublié »: the address to send a reset link to. */
export const forgotPasswordBody = z.strictObject({ email });

export const resetCheckBody = z.strictObject({ token: z.string().min(10).max(200) });
export const resetBody = z.strictObject({
  token: z.string().min(10).max(200),
  newPassword: z.string().max(1024),
});

export const sessionUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(roles),
  partnerId: z.string().nullable(),
  totpEnabled: z.boolean(),
});
export type SessionUser = z.infer<typeof sessionUser>;

/** What the web app shows beyond module rights; decided by the server's policy, never by role. */
export const capabilities = z.object({
  /** A user of the company, not of a partner: partner filters, internal notes, staff-only screens. */
  staff: z.boolean(),
  /** A technician (field or internal): his own day of interventions. */
  technician: z.boolean(),
  /** Sees technicians' profiles, availability and live positions. */
  seeTechnicians: z.boolean(),
  /** May assign tickets and ask for an assignment proposal. */
  assignTickets: z.boolean(),
  /** Sees the tickets « à qualifier » (no client yet: they belong to no partner): their filter and count. */
  seeUnqualifiedTickets: z.boolean(),
  /** May create interventions (from a client, a ticket or the list). */
  createInterventions: z.boolean(),
  /** May choose a client's partner and account manager (forms, bulk change of the list). */
  assignClients: z.boolean(),
  /** May maintain the catalogue (articles, packs, partner price lists) and sees purchase costs. */
  maintainCatalogue: z.boolean(),
});
export type Capabilities = z.infer<typeof capabilities>;

export const meResponse = z.object({
  user: sessionUser,
  permissions: z.record(z.string(), z.array(z.string())),
  scopes: z.record(z.string(), z.string()),
  capabilities,
  /** Paths of the navigation entries the actor may see, in menu order. */
  navigation: z.array(z.string()),
  /** The page to open after login (« Ma journée » for a field technician). */
  home: z.string(),
  totpEnrollmentRequired: z.boolean(),
  /** Tile URL template of the map (`MAP_TILE_URL`); null: offline outline only. */
  mapTileUrl: z.string().nullable().optional(),
});
export type Me = z.infer<typeof meResponse>;
