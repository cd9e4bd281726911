import { z } from '../zod.ts';

/** Longest text accepted: 10 SMS parts (1,530 GSM-7 characters, 670 in UCS-2). */
export const smsMaxSegments = 10;

export const smsSendBody = z.strictObject({
  to: z.string().trim().min(1, 'Indiquez un numéro de téléphone.').max(40),
  text: z.string().trim().min(1, 'Écrivez le texte du SMS.').max(1600, 'Le texte est trop long.'),
  clientId: z.uuid('Identifiant de client invalide.').optional(),
});
export type SmsSendBody = z.infer<typeof smsSendBody>;

export const smsQuotaOut = z.object({
  limit: z.number().int(),
  /** SMS the user may still send in the rolling hour. */
  remaining: z.number().int(),
  /** When the next SMS may be sent, when none remain. */
  nextAt: z.string().nullable(),
});
export type SmsQuotaOut = z.infer<typeof smsQuotaOut>;

export const smsSentOut = z.object({
  id: z.string(),
  recipient: z.string(),
  body: z.string(),
  encoding: z.enum(['GSM-7', 'UCS-2']),
  segments: z.number().int(),
  status: z.string(),
  createdAt: z.string(),
  quota: smsQuotaOut,
});
export type SmsSentOut = z.infer<typeof smsSentOut>;
