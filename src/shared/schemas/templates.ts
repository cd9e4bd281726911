import { z } from '../zod.ts';

/** Templates of automatic messages (Administration › Modèles de messages). */
export const templateChannels = ['email', 'sms'] as const;
export const templateChannelLabels: Record<(typeof templateChannels)[number], string> = {
  email: 'E-mail',
  sms: 'SMS',
};

export const templateVariable = z.object({
  name: z.string(),
  description: z.string(),
  example: z.string(),
});

const templateFieldsOut = z.object({
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  sms: z.string().nullable(),
});

export const templateSummaryOut = z.object({
  event: z.string(),
  label: z.string(),
  description: z.string(),
  channels: z.array(z.enum(templateChannels)),
  customized: z.boolean(),
  updatedAt: z.string().nullable(),
});

export const templateOut = templateSummaryOut.extend({
  ...templateFieldsOut.shape,
  variables: z.array(templateVariable),
  /** Kind of record the preview is rendered on, and the real records to choose from. */
  recordLabel: z.string(),
  records: z.array(z.object({ id: z.string(), label: z.string() })),
  updatedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  defaults: templateFieldsOut,
});

export const templateListOut = z.object({ items: z.array(templateSummaryOut), nextCursor: z.null() });

export const templateIn = z.strictObject({
  subject: z.string().trim().min(1, 'L’objet est obligatoire.').max(300),
  html: z.string().trim().min(1, 'Le corps HTML est obligatoire.').max(100_000),
  text: z.string().trim().min(1, 'Le corps texte est obligatoire.').max(50_000),
  /** Only for events with an SMS version. */
  sms: z.string().trim().max(1_000).nullable().optional(),
});

export const templatePreviewIn = z.strictObject({
  subject: z.string().max(300),
  html: z.string().max(100_000),
  text: z.string().max(50_000),
  sms: z.string().max(1_000).nullable().optional(),
  recordId: z.uuid().optional(),
});

export const smsLengthOut = z.object({
  encoding: z.enum(['GSM-7', 'UCS-2']),
  units: z.number(),
  segments: z.number(),
  remaining: z.number(),
});

export const templatePreviewOut = z.object({
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  sms: z.string().nullable(),
  smsLength: smsLengthOut.nullable(),
  record: z.object({ id: z.string(), label: z.string() }),
});

export type TemplateSummaryOut = z.infer<typeof templateSummaryOut>;
export type TemplateOut = z.infer<typeof templateOut>;
export type TemplateIn = z.infer<typeof templateIn>;
export type TemplatePreviewIn = z.infer<typeof templatePreviewIn>;
export type TemplatePreviewOut = z.infer<typeof templatePreviewOut>;
