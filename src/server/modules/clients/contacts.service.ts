import type { z } from 'zod';
import type { Action } from '../../../shared/permissions.ts';
import type { contactBody, contactPatch } from '../../../shared/schemas/client-records.ts';
import { toE164 } from '../../../shared/sms.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import * as repo from './contacts.repo.ts';
import { auditRecordChange, recordClientOrThrow, recordOfClientOrThrow } from './records.shared.ts';

type ContactInput = z.infer<typeof contactBody>;
type ContactPatch = z.infer<typeof contactPatch>;

/**
 * The columns written for a contact change: the E.164 twins of the phones, and the consent date
 * (given, or now when the basis becomes consent without one; cleared for another basis).
 */
function columnsOf(input: ContactPatch, before?: repo.ContactRow): repo.ContactValues {
  const { consentAt, ...rest } = input;
  const out: repo.ContactValues = { ...rest };
  if (input.phone !== undefined) out.phoneE164 = input.phone ? toE164(input.phone) : null;
  if (input.mobile !== undefined) out.mobileE164 = input.mobile ? toE164(input.mobile) : null;
  const basis = input.legalBasis !== undefined ? input.legalBasis : (before?.legalBasis ?? null);
  if (basis !== 'consent') {
    if (input.legalBasis !== undefined || consentAt !== undefined) out.consentAt = null;
  } else if (consentAt) out.consentAt = new Date(consentAt);
  else if (consentAt === null || !before?.consentAt) out.consentAt = clock.now();
  return out;
}

/** The contacts of a client the actor may read (404 outside the scope). */
export async function listContacts(db: Db, ctx: RequestContext, clientId: string) {
  await recordClientOrThrow(db, ctx, clientId, 'read');
  return repo.listContactsOfClient(db, clientId);
}

const contactOrThrow = (db: Db, ctx: RequestContext, action: Action, clientId: string, id: string) =>
  recordOfClientOrThrow(db, ctx, action, { clientId, id }, repo.findContact, 'Contact');

/** Adds a contact to a client. */
export async function createContact(db: Db, ctx: RequestContext, clientId: string, input: ContactInput) {
  const client = await recordClientOrThrow(db, ctx, clientId, 'create');
  return db.transaction(async (tx) => {
    const row = await repo.insertContact(tx, {
      ...columnsOf(input),
      clientId,
      firstName: input.firstName,
      lastName: input.lastName,
    });
    await auditRecordChange(tx, ctx, client, {
      action: 'create',
      entityType: 'contact',
      entityId: row.id,
      after: row,
    });
    return row;
  });
}

/** Changes a contact of a client. */
export async function updateContact(
  db: Db,
  ctx: RequestContext,
  clientId: string,
  id: string,
  input: ContactPatch,
) {
  const { client, row: before } = await contactOrThrow(db, ctx, 'update', clientId, id);
  return db.transaction(async (tx) => {
    const after = await repo.updateContactRow(tx, id, columnsOf(input, before));
    await auditRecordChange(tx, ctx, client, {
      action: 'update',
      entityType: 'contact',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

/** Deletes a contact of a client. */
export async function deleteContact(db: Db, ctx: RequestContext, clientId: string, id: string) {
  const { client, row: before } = await contactOrThrow(db, ctx, 'delete', clientId, id);
  await db.transaction(async (tx) => {
    await repo.deleteContactRow(tx, id);
    await auditRecordChange(tx, ctx, client, {
      action: 'delete',
      entityType: 'contact',
      entityId: id,
      before,
    });
  });
}
