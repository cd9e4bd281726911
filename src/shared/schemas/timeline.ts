import { z } from '../zod.ts';

/** One entry of a client's history timeline, whatever module it comes from. */
export const timelineEntryOut = z.object({
  /** Unique across sources: `<source>:<key>`. */
  id: z.string(),
  /** The registered source (audit, tickets, orders…). */
  source: z.string(),
  at: z.string(),
  /** Who did it (a user's name, an API token, « Système »). */
  actor: z.string().nullable(),
  /** A French sentence: « Adèle Ventes a modifié le client (statut : Prospect → Actif) ». */
  text: z.string(),
  /** Where to go for details, inside the web app, when relevant. */
  link: z.string().nullable(),
  entityType: z.string().nullable(),
});
export type TimelineEntryOut = z.infer<typeof timelineEntryOut>;

export const timelineQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().max(500).optional(),
});
