import { z } from 'zod';
import { interventionKinds, interventionStatuses } from '../interventions.ts';

/**
 * The technician's phone: the day's interventions (everything needed offline) and the operations
 * the phone queues and sends one by one, each under an id it generated (replay-safe). A photo or a
 * signature comes as a multipart form: the operation in `data`, the image in `file`.
 */

export const checklistItem = z.strictObject({
  label: z.string().trim().min(1).max(200),
  done: z.boolean(),
});
export const partUsed = z.strictObject({
  label: z.string().trim().min(1, 'Indiquez la pièce.').max(200),
  quantity: z.number().int().min(1).max(10_000),
  serial: z.string().trim().max(100).nullable().optional(),
});

const opBase = {
  opId: z.uuid(),
  performedAt: z.iso.datetime({ offset: true }),
};

export const fieldOp = z.discriminatedUnion('kind', [
  z.strictObject({
    ...opBase,
    kind: z.literal('en_route'),
    payload: z.strictObject({}).optional(),
  }),
  z.strictObject({
    ...opBase,
    kind: z.literal('check_in'),
    payload: z
      .strictObject({
        latitude: z.number().min(-90).max(90).optional(),
        longitude: z.number().min(-180).max(180).optional(),
      })
      .optional(),
  }),
  z.strictObject({
    ...opBase,
    kind: z.literal('check_out'),
    payload: z
      .strictObject({
        actualMinutes: z
          .number()
          .int()
          .min(0)
          .max(24 * 60)
          .optional(),
      })
      .optional(),
  }),
  z.strictObject({
    ...opBase,
    kind: z.literal('report'),
    payload: z.strictObject({
      report: z.string().max(20_000),
      checklist: z.array(checklistItem).max(100),
      parts: z.array(partUsed).max(100),
      actualMinutes: z
        .number()
        .int()
        .min(0)
        .max(24 * 60)
        .nullable()
        .optional(),
    }),
  }),
  z.strictObject({
    ...opBase,
    kind: z.literal('photo'),
    payload: z.strictObject({
      mimeType: z.enum(['image/jpeg', 'image/png', 'image/webp']),
      caption: z.string().trim().max(200).optional(),
    }),
  }),
  z.strictObject({
    ...opBase,
    kind: z.literal('signature'),
    payload: z.strictObject({
      signerName: z.string().trim().min(1, 'Indiquez le nom du signataire.').max(200),
      place: z.string().trim().max(200).optional(),
    }),
  }),
  z.strictObject({
    ...opBase,
    kind: z.literal('complete'),
    payload: z.strictObject({}).optional(),
  }),
  z.strictObject({
    ...opBase,
    kind: z.literal('fail'),
    payload: z.strictObject({ reason: z.string().trim().min(1, 'Indiquez la raison.').max(2000) }),
  }),
]);
export type FieldOp = z.infer<typeof fieldOp>;
export type FieldOpKind = FieldOp['kind'];
/** The operations that carry an image (sent as a form with the file). */
export const fieldFileOps: readonly FieldOpKind[] = ['photo', 'signature'];

export const fieldOpKindLabels: Record<FieldOpKind, string> = {
  en_route: 'En route',
  check_in: 'Arrivée sur site',
  check_out: 'Départ du site',
  report: 'Compte rendu',
  photo: 'Photo',
  signature: 'Signature',
  complete: 'Fin de l’intervention',
  fail: 'Intervention échouée',
};

export const myInterventionsQuery = z.strictObject({
  /** Paris day YYYY-MM-DD; today by default. */
  from: z.iso.date().optional(),
  days: z.coerce.number().int().min(1).max(7).default(2),
});

export const fieldIntervention = z.object({
  id: z.uuid(),
  number: z.string(),
  kind: z.enum(interventionKinds),
  remote: z.boolean(),
  status: z.enum(interventionStatuses),
  plannedStart: z.string().nullable(),
  plannedMinutes: z.number(),
  title: z.string(),
  description: z.string().nullable(),
  checklist: z.array(z.object({ label: z.string(), done: z.boolean() })),
  report: z.string().nullable(),
  parts: z.array(
    z.object({ label: z.string(), quantity: z.number(), serial: z.string().nullable().optional() }),
  ),
  actualMinutes: z.number().nullable(),
  checkInAt: z.string().nullable(),
  checkOutAt: z.string().nullable(),
  failureReason: z.string().nullable(),
  version: z.number(),
  client: z.object({ id: z.uuid(), name: z.string(), phone: z.string().nullable() }),
  site: z
    .object({
      id: z.uuid(),
      name: z.string(),
      addressLine: z.string().nullable(),
      postalCode: z.string().nullable(),
      city: z.string().nullable(),
      latitude: z.number().nullable(),
      longitude: z.number().nullable(),
      accessInstructions: z.string().nullable(),
      openingHours: z.unknown().nullable(),
      phone: z.string().nullable(),
    })
    .nullable(),
  contact: z
    .object({
      id: z.uuid(),
      name: z.string(),
      phone: z.string().nullable(),
      mobile: z.string().nullable(),
      email: z.string().nullable(),
    })
    .nullable(),
  technicians: z.array(z.object({ id: z.uuid(), userId: z.uuid(), name: z.string(), lead: z.boolean() })),
  photos: z.array(z.object({ id: z.uuid(), filename: z.string(), size: z.number(), createdAt: z.string() })),
  signature: z
    .object({
      signedByName: z.string(),
      signedAt: z.string(),
      signedPlace: z.string().nullable(),
      fileId: z.uuid().nullable(),
    })
    .nullable(),
  pvFileId: z.uuid().nullable(),
  abilities: z.object({ update: z.boolean() }),
});
export type FieldIntervention = z.infer<typeof fieldIntervention>;

export const myInterventionsOut = z.object({
  from: z.string(),
  days: z.array(z.object({ date: z.string(), items: z.array(fieldIntervention) })),
  generatedAt: z.string(),
});
export type MyInterventionsOut = z.infer<typeof myInterventionsOut>;

export const fieldOpOut = z.object({
  opId: z.uuid(),
  /** false: the opId had already been applied; nothing changed. */
  applied: z.boolean(),
  intervention: fieldIntervention,
});
export type FieldOpOut = z.infer<typeof fieldOpOut>;

export const interventionIdParam = z.strictObject({ id: z.uuid() });
export const interventionFileParams = z.strictObject({ id: z.uuid(), fileId: z.uuid() });
