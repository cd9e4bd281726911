import { and, asc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import {
  clientIdParam,
  contactBody,
  contactPatch,
  contactRecordOut,
  type ContactRecordOut,
  recordParams,
} from '../../../shared/schemas/client-records.ts';
import { toE164 } from '../../../shared/sms.ts';
import { contacts } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import { ctxOf, type RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { notFound } from '../../infra/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { recordClientOrThrow } from './records.shared.ts';

type ContactRow = typeof contacts.$inferSelect;
type ContactInput = z.infer<typeof contactBody>;
type ContactPatch = z.infer<typeof contactPatch>;

export function presentContact(c: ContactRow): ContactRecordOut {
  return {
    id: c.id,
    clientId: c.clientId,
    firstName: c.firstName,
    lastName: c.lastName,
    jobTitle: c.jobTitle,
    email: c.email,
    phone: c.phone,
    phoneE164: c.phoneE164,
    mobile: c.mobile,
    mobileE164: c.mobileE164,
    preferredChannel: c.preferredChannel as ContactRecordOut['preferredChannel'],
    legalBasis: c.legalBasis as ContactRecordOut['legalBasis'],
    consentAt: c.consentAt?.toISOString() ?? null,
    notes: c.notes,
    createdAt: c.createdAt.toISOString(),
  };
}

/**
 * The columns written for a contact change: the E.164 twins of the phones, and the consent date
 * (given, or now when the basis becomes consent without one; cleared for another basis).
 */
function columnsOf(input: ContactPatch, before?: ContactRow): Partial<typeof contacts.$inferInsert> {
  const { consentAt, ...rest } = input;
  const out: Partial<typeof contacts.$inferInsert> = { ...rest };
  if (input.phone !== undefined) out.phoneE164 = input.phone ? toE164(input.phone) : null;
  if (input.mobile !== undefined) out.mobileE164 = input.mobile ? toE164(input.mobile) : null;
  const basis = input.legalBasis !== undefined ? input.legalBasis : (before?.legalBasis ?? null);
  if (basis !== 'consent') {
    if (input.legalBasis !== undefined || consentAt !== undefined) out.consentAt = null;
  } else if (consentAt) out.consentAt = new Date(consentAt);
  else if (consentAt === null || !before?.consentAt) out.consentAt = clock.now();
  return out;
}

export async function listContacts(db: Db, ctx: RequestContext, clientId: string) {
  await recordClientOrThrow(db, ctx, clientId, 'read');
  return db
    .select()
    .from(contacts)
    .where(eq(contacts.clientId, clientId))
    .orderBy(asc(contacts.lastName), asc(contacts.firstName), asc(contacts.id));
}

async function contactOfClientOrThrow(db: Db, clientId: string, id: string) {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, id), eq(contacts.clientId, clientId)));
  if (!row) throw notFound('Contact');
  return row;
}

export async function createContact(db: Db, ctx: RequestContext, clientId: string, input: ContactInput) {
  const client = await recordClientOrThrow(db, ctx, clientId, 'create');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(contacts)
      .values({ ...columnsOf(input), clientId, firstName: input.firstName, lastName: input.lastName })
      .returning();
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'create',
      entityType: 'contact',
      entityId: row!.id,
      clientId,
      partnerId: client.partnerId,
      after: row,
    });
    return row!;
  });
}

export async function updateContact(
  db: Db,
  ctx: RequestContext,
  clientId: string,
  id: string,
  input: ContactPatch,
) {
  const client = await recordClientOrThrow(db, ctx, clientId, 'update');
  const before = await contactOfClientOrThrow(db, clientId, id);
  return db.transaction(async (tx) => {
    const [after] = await tx
      .update(contacts)
      .set(columnsOf(input, before))
      .where(eq(contacts.id, id))
      .returning();
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'contact',
      entityId: id,
      clientId,
      partnerId: client.partnerId,
      before,
      after,
    });
    return after!;
  });
}

export async function deleteContact(db: Db, ctx: RequestContext, clientId: string, id: string) {
  const client = await recordClientOrThrow(db, ctx, clientId, 'delete');
  const before = await contactOfClientOrThrow(db, clientId, id);
  await db.transaction(async (tx) => {
    await tx.delete(contacts).where(eq(contacts.id, id));
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'delete',
      entityType: 'contact',
      entityId: id,
      clientId,
      partnerId: client.partnerId,
      before,
    });
  });
}

const tags = ['Clients'];

export const contactRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/clients/:clientId/contacts',
    {
      schema: {
        tags,
        summary: 'Contacts d’un client',
        params: clientIdParam,
        response: { 200: contactRecordOut.array() },
      },
      config: { permission: 'clients:read' },
    },
    async (req) => (await listContacts(db, ctxOf(req), req.params.clientId)).map(presentContact),
  );
  app.post(
    '/clients/:clientId/contacts',
    {
      schema: {
        tags,
        summary: 'Ajouter un contact',
        params: clientIdParam,
        body: contactBody,
        response: { 201: contactRecordOut },
      },
      config: { permission: 'clients:create' },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(presentContact(await createContact(db, ctxOf(req), req.params.clientId, req.body))),
  );
  app.patch(
    '/clients/:clientId/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Modifier un contact',
        params: recordParams,
        body: contactPatch,
        response: { 200: contactRecordOut },
      },
      config: { permission: 'clients:update' },
    },
    async (req) =>
      presentContact(await updateContact(db, ctxOf(req), req.params.clientId, req.params.id, req.body)),
  );
  app.delete(
    '/clients/:clientId/contacts/:id',
    {
      schema: { tags, summary: 'Supprimer un contact', params: recordParams },
      config: { permission: 'clients:delete' },
    },
    async (req, reply) => {
      await deleteContact(db, ctxOf(req), req.params.clientId, req.params.id);
      return reply.status(204).send();
    },
  );
};
