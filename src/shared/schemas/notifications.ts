import { z } from '../zod.ts';

/**
 * Outbox statuses: waiting, being handed to the server, delivered, waiting for a retry, given up,
 * kept here (no SMTP settings).
 */
export const outboxStatuses = ['queued', 'sending', 'sent', 'retrying', 'dead', 'held'] as const;
export const outboxStatusLabels: Record<(typeof outboxStatuses)[number], string> = {
  queued: 'En attente',
  sending: 'En cours d’envoi',
  sent: 'Envoyé',
  retrying: 'Nouvel essai prévu',
  dead: 'Échec définitif',
  held: 'Retenu (envoi non configuré)',
};

export const messageOut = z.object({
  id: z.string(),
  channel: z.string(),
  event: z.string(),
  idempotencyKey: z.string(),
  recipient: z.string(),
  subject: z.string().nullable(),
  html: z.string().nullable(),
  body: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  status: z.enum(outboxStatuses),
  attempts: z.array(
    z.object({
      at: z.string(),
      ok: z.boolean(),
      error: z.string().optional(),
      code: z.string().nullable().optional(),
    }),
  ),
  /** SMS only: GSM-7 or UCS-2, and how many SMS parts the text takes. */
  smsEncoding: z.string().nullable(),
  smsSegments: z.number().int().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  /** Sent again after its sender died mid-send: the recipient may have it twice. */
  possiblyDuplicated: z.boolean(),
});

/** Shown on a message sent again after its sender died mid-send. */
export const possiblyDuplicatedLabel = 'Peut-être envoyé deux fois';

export type MessageOut = z.infer<typeof messageOut>;
