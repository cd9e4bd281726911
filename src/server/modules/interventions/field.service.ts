import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import {
  canTransition,
  type InterventionKind,
  interventionChangedEvent,
  type InterventionStatus,
  interventionStatusLabels,
} from '../../../shared/interventions.ts';
import { completionRefusal, missingForCompletion } from '../../../shared/intervention-completion.ts';
import {
  type FieldIntervention,
  type FieldOp,
  fieldFileOps,
  type MyInterventionsOut,
} from '../../../shared/schemas/field.ts';
import {
  clients,
  contacts,
  interventions,
  interventionSyncOps,
  interventionTechnicians,
  sites,
  technicians,
  users,
} from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import { addDays, parisDate as parisDay, parisDayStart } from '../../../shared/paris-time.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { AppError, notFound, validationFailed } from '../../infra/errors.ts';
import {
  getFileOrThrow,
  imageTypes,
  listFiles,
  listFilesOfOwners,
  putFile,
  type StoredFile,
} from '../../infra/files.ts';
import type { Jobs } from '../../infra/jobs.ts';
import type { UploadedFile } from '../../infra/uploads.ts';
import type { RowOwner } from '../../policy/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { publishEvent } from '../notifications/events.service.ts';
import { bumpOrThrow } from './interventions.repo.ts';

/**
 * The technician's phone: the day's interventions with everything needed offline, and the
 * operations it sends (check-in, report, photo, signature, completion…), each applied once under
 * the id the phone generated.
 */
export const pvQueue = 'intervention-pv';
export const fileOwnerType = 'intervention';

type Row = typeof interventions.$inferSelect;

export async function techniciansOf(db: Db, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({
      interventionId: interventionTechnicians.interventionId,
      id: technicians.id,
      userId: technicians.userId,
      name: users.name,
      lead: interventionTechnicians.lead,
    })
    .from(interventionTechnicians)
    .innerJoin(technicians, eq(technicians.id, interventionTechnicians.technicianId))
    .innerJoin(users, eq(users.id, technicians.userId))
    .where(inArray(interventionTechnicians.interventionId, ids))
    .orderBy(sql`${interventionTechnicians.lead} DESC`, asc(users.name));
}

/** What the policy needs to know about an intervention. */
export async function ownerOf(db: Db, row: Pick<Row, 'id' | 'clientId' | 'remote'>) {
  const [client] = await db
    .select({ partnerId: clients.partnerId })
    .from(clients)
    .where(eq(clients.id, row.clientId));
  const techs = await techniciansOf(db, [row.id]);
  const owner: RowOwner = {
    partnerId: client?.partnerId ?? null,
    technicianUserIds: techs.map((t) => t.userId),
    isRemote: row.remote,
  };
  return owner;
}

/** Loads an intervention and checks the actor may do `action` on it (out of scope → 404). */
export async function interventionForOrThrow(
  db: Db,
  ctx: RequestContext,
  id: string,
  action: 'read' | 'update',
) {
  const [row] = await db.select().from(interventions).where(eq(interventions.id, id));
  if (!row) throw notFound('Intervention');
  const owner = await ownerOf(db, row);
  ctx.policy.authorizeOrThrow('interventions', action, owner);
  return { row, owner };
}

/** The phone's view of interventions (by id), in the given order. */
async function present(db: Db, ctx: RequestContext, rows: Row[]): Promise<FieldIntervention[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const clientRows = await db
    .select({ id: clients.id, name: clients.name, phone: clients.phone, partnerId: clients.partnerId })
    .from(clients)
    .where(
      inArray(
        clients.id,
        rows.map((r) => r.clientId),
      ),
    );
  const siteIds = rows.flatMap((r) => (r.siteId ? [r.siteId] : []));
  const siteRows = siteIds.length ? await db.select().from(sites).where(inArray(sites.id, siteIds)) : [];
  const contactIds = rows.flatMap((r) => (r.contactId ? [r.contactId] : []));
  const contactRows = contactIds.length
    ? await db.select().from(contacts).where(inArray(contacts.id, contactIds))
    : [];
  const techs = await techniciansOf(db, ids);
  const files = await listFilesOfOwners(db, fileOwnerType, ids);
  return rows.map((r) => {
    const client = clientRows.find((c) => c.id === r.clientId)!;
    const site = siteRows.find((s) => s.id === r.siteId);
    const contact = contactRows.find((c) => c.id === r.contactId);
    const mine = techs.filter((t) => t.interventionId === r.id);
    const myFiles = files.filter((f) => f.ownerId === r.id);
    const signatureFile = myFiles.filter((f) => f.purpose === 'signature').at(-1);
    const pv = myFiles.find((f) => f.purpose === 'pv');
    const owner: RowOwner = {
      partnerId: client.partnerId,
      technicianUserIds: mine.map((t) => t.userId),
      isRemote: r.remote,
    };
    return {
      id: r.id,
      number: r.number,
      kind: r.kind as InterventionKind,
      remote: r.remote,
      status: r.status as InterventionStatus,
      plannedStart: r.plannedStart?.toISOString() ?? null,
      plannedMinutes: r.plannedMinutes,
      title: r.title,
      description: r.description,
      checklist: r.checklist,
      report: r.report,
      parts: r.parts,
      actualMinutes: r.actualMinutes,
      checkInAt: r.checkInAt?.toISOString() ?? null,
      checkOutAt: r.checkOutAt?.toISOString() ?? null,
      failureReason: r.failureReason,
      version: r.version,
      client: { id: client.id, name: client.name, phone: client.phone },
      site: site
        ? {
            id: site.id,
            name: site.name,
            addressLine: site.addressLine,
            postalCode: site.postalCode,
            city: site.city,
            latitude: site.latitude,
            longitude: site.longitude,
            accessInstructions: site.accessInstructions,
            openingHours: site.openingHours ?? null,
            phone: site.phone,
          }
        : null,
      contact: contact
        ? {
            id: contact.id,
            name: `${contact.firstName} ${contact.lastName}`.trim(),
            phone: contact.phone,
            mobile: contact.mobile,
            email: contact.email,
          }
        : null,
      technicians: mine.map(({ id, userId, name, lead }) => ({ id, userId, name, lead })),
      photos: myFiles
        .filter((f) => f.purpose === 'photo')
        .map((f) => ({ id: f.id, filename: f.filename, size: f.size, createdAt: f.createdAt.toISOString() })),
      signature:
        r.signedByName && r.signedAt
          ? {
              signedByName: r.signedByName,
              signedAt: r.signedAt.toISOString(),
              signedPlace: r.signedPlace,
              fileId: signatureFile?.id ?? null,
            }
          : null,
      pvFileId: pv?.id ?? null,
      abilities: { update: ctx.policy.can('interventions', 'update', owner) },
    };
  });
}

/**
 * The caller's interventions of `days` Paris days from `from` (today by default): those he is
 * assigned to, whatever his role (a technician's own list, not the planning).
 */
export async function myInterventions(
  db: Db,
  ctx: RequestContext,
  q: { from?: string | undefined; days: number },
): Promise<MyInterventionsOut> {
  const from = q.from ?? parisDay(clock.now());
  const dayList = Array.from({ length: q.days }, (_, i) => addDays(from, i));
  const userId = ctx.actor.userId;
  const rows = userId
    ? await db
        .select({ i: interventions })
        .from(interventions)
        .innerJoin(interventionTechnicians, eq(interventionTechnicians.interventionId, interventions.id))
        .innerJoin(technicians, eq(technicians.id, interventionTechnicians.technicianId))
        .where(
          and(
            eq(technicians.userId, userId),
            gte(interventions.plannedStart, parisDayStart(from)),
            lt(interventions.plannedStart, parisDayStart(addDays(from, q.days))),
            sql`${interventions.status} <> 'annulee'`,
          ),
        )
        .orderBy(asc(interventions.plannedStart), asc(interventions.number))
    : [];
  const items = await present(
    db,
    ctx,
    rows.map((r) => r.i),
  );
  return {
    from,
    days: dayList.map((date) => ({
      date,
      items: items.filter((it) => it.plannedStart && parisDay(new Date(it.plannedStart)) === date),
    })),
    generatedAt: clock.now().toISOString(),
  };
}

export async function getFieldIntervention(db: Db, ctx: RequestContext, id: string) {
  const { row } = await interventionForOrThrow(db, ctx, id, 'read');
  return (await present(db, ctx, [row]))[0]!;
}

const invalidTransition = (from: InterventionStatus, to: InterventionStatus) =>
  new AppError(
    'invalid_transition',
    `Impossible de passer l’intervention de « ${interventionStatusLabels[from]} » à « ${interventionStatusLabels[to]} ».`,
  );

const closed: InterventionStatus[] = ['terminee', 'annulee', 'echouee'];

/**
 * Applies one operation of the phone. The opId is recorded in the same transaction: a replayed
 * operation changes nothing and answers the current state (`applied: false`). A photo or a
 * signature comes with its image (`file`), other operations without.
 */
export async function applyFieldOp(
  db: Db,
  jobs: Jobs,
  ctx: RequestContext,
  id: string,
  op: FieldOp,
  file: UploadedFile | null,
) {
  const { owner } = await interventionForOrThrow(db, ctx, id, 'update');
  const takesFile = fieldFileOps.includes(op.kind);
  if (takesFile !== (file !== null)) {
    const message = takesFile ? 'Joignez l’image (champ file).' : 'Cette opération ne prend pas de fichier.';
    throw validationFailed([{ path: 'file', message }], message);
  }
  const content = file?.content ?? Buffer.alloc(0);
  const applied = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(interventions).where(eq(interventions.id, id)).for('update');
    if (!before) throw notFound('Intervention');
    const [known] = await tx
      .select({ interventionId: interventionSyncOps.interventionId })
      .from(interventionSyncOps)
      .where(eq(interventionSyncOps.id, op.opId));
    if (known) {
      if (known.interventionId !== id) {
        throw new AppError('conflict', 'Cette opération a déjà été utilisée pour une autre intervention.');
      }
      return false;
    }
    const performedAt = new Date(op.performedAt);
    const status = before.status as InterventionStatus;
    const set: Partial<Row> = {};
    let fileId: string | null = null;
    let audit: { before: Record<string, unknown>; after: Record<string, unknown> } = {
      before: {},
      after: {},
    };
    const move = (to: InterventionStatus) => {
      if (status === to) return;
      if (!canTransition(status, to)) throw invalidTransition(status, to);
      set.status = to;
    };
    const openOrThrow = () => {
      if (closed.includes(status)) {
        throw new AppError(
          'invalid_transition',
          `L’intervention est déjà « ${interventionStatusLabels[status]} » : elle ne peut plus être modifiée.`,
        );
      }
    };

    switch (op.kind) {
      case 'en_route':
        move('en_route');
        break;
      case 'check_in':
        move('sur_site');
        if (!before.checkInAt) set.checkInAt = performedAt;
        break;
      case 'check_out': {
        if (status !== 'sur_site' || !before.checkInAt) {
          throw new AppError('invalid_transition', 'Indiquez d’abord votre arrivée sur site.');
        }
        set.checkOutAt = performedAt;
        const given = op.payload?.actualMinutes;
        set.actualMinutes =
          given ??
          before.actualMinutes ??
          Math.max(0, Math.round((performedAt.getTime() - before.checkInAt.getTime()) / 60_000));
        break;
      }
      case 'report':
        openOrThrow();
        set.report = op.payload.report;
        set.checklist = op.payload.checklist;
        set.parts = op.payload.parts.map((p) => ({ ...p, serial: p.serial ?? null }));
        if (op.payload.actualMinutes !== undefined) set.actualMinutes = op.payload.actualMinutes;
        break;
      case 'photo': {
        openOrThrow();
        const ext = op.payload.mimeType.split('/')[1];
        const file = await putFile(tx, {
          ownerType: fileOwnerType,
          ownerId: id,
          purpose: 'photo',
          filename: `${before.number}-photo.${ext}`,
          content,
          mimeType: op.payload.mimeType,
          allow: imageTypes,
          createdBy: ctx.actor.userId,
        });
        fileId = file.id;
        audit.after = { photo: { id: file.id, size: file.size, caption: op.payload.caption ?? null } };
        break;
      }
      case 'signature': {
        openOrThrow();
        const file = await putFile(tx, {
          ownerType: fileOwnerType,
          ownerId: id,
          purpose: 'signature',
          filename: `${before.number}-signature.png`,
          content,
          allow: ['png'],
          createdBy: ctx.actor.userId,
        });
        fileId = file.id;
        set.signedByName = op.payload.signerName;
        set.signedAt = performedAt;
        set.signedPlace = op.payload.place || null;
        break;
      }
      case 'complete': {
        const missing = missingForCompletion(before);
        if (status === 'sur_site' && missing.length) {
          throw new AppError('invalid_transition', completionRefusal(missing));
        }
        move('terminee');
        if (!before.checkOutAt) set.checkOutAt = performedAt;
        if (before.actualMinutes == null && before.checkInAt) {
          set.actualMinutes = Math.max(
            0,
            Math.round((performedAt.getTime() - before.checkInAt.getTime()) / 60_000),
          );
        }
        break;
      }
      case 'fail':
        move('echouee');
        set.failureReason = op.payload.reason;
        break;
    }

    await tx.insert(interventionSyncOps).values({
      id: op.opId,
      interventionId: id,
      userId: ctx.actor.userId,
      kind: op.kind,
      performedAt,
      appliedAt: clock.now(),
      fileId,
    });
    // The row is locked (FOR UPDATE above): its version cannot have moved.
    const after = await bumpOrThrow(tx, id, before.version, set);
    if (op.kind !== 'photo') {
      const keys = Object.keys(set) as (keyof Row)[];
      audit = {
        before: Object.fromEntries(keys.map((k) => [k, before[k]])),
        after: Object.fromEntries(keys.map((k) => [k, after[k]])),
      };
    }
    await recordAudit(tx, ctx, {
      category: 'business',
      action: `intervention.${op.kind}`,
      entityType: 'intervention',
      entityId: id,
      clientId: before.clientId,
      partnerId: owner.partnerId ?? null,
      before: { ...audit.before, opId: op.opId },
      after: { ...audit.after, number: before.number, performedAt: op.performedAt },
    });
    if (set.status && set.status !== status) {
      await publishEvent(tx, {
        type: interventionChangedEvent,
        module: 'interventions',
        partnerId: owner.partnerId ?? null,
        clientId: before.clientId,
        payload: {
          interventionId: id,
          number: before.number,
          status: set.status,
          previous: status,
          version: after!.version,
          action: `field.${op.kind}`,
        },
      });
    }
    if (set.status === 'terminee' && after!.signedAt) {
      // The PV de recette: rendered, stored and emailed by the worker, once.
      await jobs.enqueue(tx, pvQueue, { interventionId: id }, `pv:${id}`);
    }
    return true;
  });
  const [row] = await db.select().from(interventions).where(eq(interventions.id, id));
  return { opId: op.opId, applied, intervention: (await present(db, ctx, [row!]))[0]! };
}

/** A file of an intervention the actor may read (else 404). */
export async function interventionFile(
  db: Db,
  ctx: RequestContext,
  id: string,
  fileId: string,
): Promise<StoredFile> {
  await interventionForOrThrow(db, ctx, id, 'read');
  return getFileOrThrow(db, { ownerType: fileOwnerType, ownerId: id }, fileId);
}

/** The PV de recette of an intervention (404 until it is rendered). */
export async function interventionPv(db: Db, ctx: RequestContext, id: string): Promise<StoredFile> {
  await interventionForOrThrow(db, ctx, id, 'read');
  const [pv] = await listFiles(db, { ownerType: fileOwnerType, ownerId: id }, 'pv');
  if (!pv) throw notFound('Procès-verbal');
  return getFileOrThrow(db, { ownerType: fileOwnerType, ownerId: id }, pv.id);
}
