import { and, desc, eq, gt, lt, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import {
  absenceKindLabels,
  type AbsenceKind,
  type AbsenceStatus,
  absenceStatusLabels,
} from '../../../shared/interventions.ts';
import { idParam } from '../../../shared/schemas/common.ts';
import {
  absenceBody,
  absenceDecisionBody,
  absenceListQuery,
  absenceOut,
  type AbsenceOut,
} from '../../../shared/schemas/technicians.ts';
import { z as zod } from '../../../shared/zod.ts';
import { absences, technicians, users } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import { ctxOf, type RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { AppError, conflict, notFound, validationFailed } from '../../infra/errors.ts';
import type { Jobs } from '../../infra/jobs.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notifyUsers } from '../notifications/inbox.service.ts';
import * as repo from './technicians.repo.ts';
import { canManage, getTechnicianOrThrow } from './technicians.service.ts';
import { audienceRoles } from '../../policy/audiences.ts';

/**
 * Absences (leave, sickness, training). A technician requests his own (`demandee`); ADV, chefs de
 * projet and admins create approved ones for anyone and approve or refuse requests. Two approved
 * absences of one technician never overlap (409). Only `approuvee` blocks scheduling
 * (`loadApprovedAbsences` in technicians.read.ts).
 */
type Effects = { jobs: Jobs; publicUrl: string };

const requester = alias(users, 'requester');
const decider = alias(users, 'decider');
const techUser = alias(users, 'tech_user');

const columns = {
  a: absences,
  technicianName: techUser.name,
  technicianUserId: technicians.userId,
  requestedByName: requester.name,
  decidedByName: decider.name,
};
type Joined = {
  a: typeof absences.$inferSelect;
  technicianName: string;
  technicianUserId: string;
  requestedByName: string | null;
  decidedByName: string | null;
};

function baseQuery(db: Db) {
  return db
    .select(columns)
    .from(absences)
    .innerJoin(technicians, eq(technicians.id, absences.technicianId))
    .innerJoin(techUser, eq(techUser.id, technicians.userId))
    .leftJoin(requester, eq(requester.id, absences.requestedBy))
    .leftJoin(decider, eq(decider.id, absences.decidedBy));
}

const fmt = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  day: 'numeric',
  month: 'long',
  hour: '2-digit',
  minute: '2-digit',
});
const period = (a: { startsAt: Date; endsAt: Date }) =>
  `du ${fmt.format(a.startsAt)} au ${fmt.format(a.endsAt)}`;

function abilitiesOf(r: Joined, ctx: RequestContext) {
  const manager = canManage(ctx, 'update');
  const mine =
    ctx.actor.userId !== null &&
    (r.technicianUserId === ctx.actor.userId || r.a.requestedBy === ctx.actor.userId);
  const open = r.a.status === 'demandee' || r.a.status === 'approuvee';
  return {
    approve: manager && r.a.status === 'demandee',
    refuse: manager && r.a.status === 'demandee',
    cancel: open && (manager || (mine && r.a.startsAt > clock.now())),
  };
}

export function presentAbsence(r: Joined, ctx: RequestContext): AbsenceOut {
  return {
    id: r.a.id,
    technicianId: r.a.technicianId,
    technicianName: r.technicianName,
    kind: r.a.kind as AbsenceKind,
    startsAt: r.a.startsAt.toISOString(),
    endsAt: r.a.endsAt.toISOString(),
    status: r.a.status as AbsenceStatus,
    comment: r.a.comment,
    requestedBy: r.a.requestedBy,
    requestedByName: r.requestedByName,
    decidedBy: r.a.decidedBy,
    decidedByName: r.decidedByName,
    decidedAt: r.a.decidedAt?.toISOString() ?? null,
    decisionNote: r.a.decisionNote,
    createdAt: r.a.createdAt.toISOString(),
    abilities: abilitiesOf(r, ctx),
  };
}

export async function listAbsences(db: Db, ctx: RequestContext, q: z.infer<typeof absenceListQuery>) {
  const scope = ctx.policy.scopeFor('planning');
  const where: (SQL | undefined)[] = [repo.scopeWhere(scope)];
  if (q.technicianId) where.push(eq(absences.technicianId, q.technicianId));
  if (q.status) where.push(eq(absences.status, q.status));
  if (q.from) where.push(gt(absences.endsAt, new Date(q.from)));
  if (q.to) where.push(lt(absences.startsAt, new Date(q.to)));
  return baseQuery(db)
    .where(and(...where))
    .orderBy(desc(absences.startsAt))
    .limit(500);
}

async function findAbsenceOrThrow(db: Db, ctx: RequestContext, id: string): Promise<Joined> {
  const [r] = await baseQuery(db).where(eq(absences.id, id));
  if (!r || !ctx.policy.sees('planning', { technicianUserIds: [r.technicianUserId] }))
    throw notFound('Absence');
  return r;
}

/** Refuses (409) an approved absence overlapping another approved one of the same technician. */
async function assertNoOverlap(
  tx: Db,
  technicianId: string,
  startsAt: Date,
  endsAt: Date,
  exceptId?: string,
) {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`absences:${technicianId}`}))`);
  const [other] = await tx
    .select()
    .from(absences)
    .where(
      and(
        eq(absences.technicianId, technicianId),
        eq(absences.status, 'approuvee'),
        lt(absences.startsAt, endsAt),
        gt(absences.endsAt, startsAt),
        exceptId ? ne(absences.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  if (other) {
    throw conflict(
      `Cette absence chevauche une absence déjà approuvée (${absenceKindLabels[other.kind as AbsenceKind] ?? other.kind} ${period(other)}).`,
      [{ path: 'startsAt', message: 'Chevauche une absence approuvée.' }],
    );
  }
}

export async function createAbsence(
  db: Db,
  ctx: RequestContext,
  input: z.infer<typeof absenceBody>,
  fx: Effects,
) {
  const manager = canManage(ctx, 'create');
  const mine = ctx.actor.userId ? await repo.findTechnicianByUser(db, ctx.actor.userId) : undefined;
  if (!manager && !mine) {
    throw new AppError('forbidden', 'Seuls les techniciens demandent une absence (pour eux-mêmes).');
  }
  const technicianId = input.technicianId ?? mine?.id;
  if (!technicianId) {
    throw validationFailed([{ path: 'technicianId', message: 'Choisissez le technicien absent.' }]);
  }
  const target = await getTechnicianOrThrow(db, ctx, technicianId);
  if (!manager && mine?.id !== target.id) {
    throw new AppError('forbidden', 'Vous ne pouvez demander une absence que pour vous-même.');
  }
  const status: AbsenceStatus = manager ? 'approuvee' : 'demandee';
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  const id = await db.transaction(async (tx) => {
    if (status === 'approuvee') await assertNoOverlap(tx, target.id, startsAt, endsAt);
    const now = clock.now();
    const [row] = await tx
      .insert(absences)
      .values({
        technicianId: target.id,
        kind: input.kind,
        startsAt,
        endsAt,
        status,
        comment: input.comment ?? null,
        requestedBy: ctx.actor.userId,
        ...(status === 'approuvee' ? { decidedBy: ctx.actor.userId, decidedAt: now } : {}),
        createdAt: now,
      })
      .returning();
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'create',
      entityType: 'absence',
      entityId: row!.id,
      after: row,
    });
    if (status === 'demandee') {
      await notifyUsers(tx, fx.jobs, {
        type: 'absence.requested',
        userIds: await repo.userIdsWithRoles(tx, audienceRoles('absenceRequested')),
        title: `Demande d’absence : ${target.name}`,
        body: `${absenceKindLabels[input.kind]} ${period(row!)}.${input.comment ? ` « ${input.comment} »` : ''}`,
        link: `/techniciens/${target.id}?onglet=absences`,
        entityType: 'absence',
        entityId: row!.id,
        idempotencyKey: `absence-requested:${row!.id}`,
        publicUrl: fx.publicUrl,
      });
    } else if (target.userId !== ctx.actor.userId) {
      await notifyDecision(tx, fx, target, row!, 'approuvee', null, ctx);
    }
    return row!.id;
  });
  return findAbsenceOrThrow(db, ctx, id);
}

async function notifyDecision(
  tx: Db,
  fx: Effects,
  target: { id: string; userId: string },
  a: { id: string; kind: string; startsAt: Date; endsAt: Date },
  status: AbsenceStatus,
  note: string | null,
  ctx: RequestContext,
) {
  await notifyUsers(tx, fx.jobs, {
    type: 'absence.decided',
    userIds: [target.userId],
    title: `Absence ${absenceStatusLabels[status].toLowerCase()} : ${absenceKindLabels[a.kind as AbsenceKind] ?? a.kind}`,
    body: `${ctx.actor.name} : ${absenceKindLabels[a.kind as AbsenceKind] ?? a.kind} ${period(a)} — ${absenceStatusLabels[status].toLowerCase()}.${note ? ` « ${note} »` : ''}`,
    link: '/techniciens/moi?onglet=absences',
    entityType: 'absence',
    entityId: a.id,
    idempotencyKey: `absence-decided:${a.id}:${status}`,
    publicUrl: fx.publicUrl,
  });
}

async function decide(
  db: Db,
  ctx: RequestContext,
  id: string,
  status: 'approuvee' | 'refusee',
  note: string | null,
  fx: Effects,
) {
  const before = await findAbsenceOrThrow(db, ctx, id);
  if (!canManage(ctx, 'update')) {
    throw new AppError(
      'forbidden',
      'Seuls l’ADV, les chefs de projet et les administrateurs décident des absences.',
    );
  }
  if (status === 'refusee' && !note) {
    throw validationFailed([{ path: 'note', message: 'Indiquez le motif du refus.' }]);
  }
  await db.transaction(async (tx) => {
    const [cur] = await tx.select().from(absences).where(eq(absences.id, id)).for('update');
    if (cur?.status !== 'demandee') {
      throw conflict(
        `Cette demande est déjà ${absenceStatusLabels[cur?.status as AbsenceStatus]?.toLowerCase() ?? 'traitée'}.`,
      );
    }
    if (status === 'approuvee') await assertNoOverlap(tx, cur.technicianId, cur.startsAt, cur.endsAt, id);
    const [after] = await tx
      .update(absences)
      .set({ status, decidedBy: ctx.actor.userId, decidedAt: clock.now(), decisionNote: note })
      .where(eq(absences.id, id))
      .returning();
    await recordAudit(tx, ctx, {
      category: 'business',
      action: status === 'approuvee' ? 'approve' : 'refuse',
      entityType: 'absence',
      entityId: id,
      before: before.a,
      after,
    });
    await notifyDecision(
      tx,
      fx,
      { id: cur.technicianId, userId: before.technicianUserId },
      after!,
      status,
      note,
      ctx,
    );
  });
  return findAbsenceOrThrow(db, ctx, id);
}

export const approveAbsence = (db: Db, ctx: RequestContext, id: string, note: string | null, fx: Effects) =>
  decide(db, ctx, id, 'approuvee', note, fx);
export const refuseAbsence = (db: Db, ctx: RequestContext, id: string, note: string | null, fx: Effects) =>
  decide(db, ctx, id, 'refusee', note, fx);

/** The requester (or the technician) while it has not started, or the office at any time. */
export async function cancelAbsence(
  db: Db,
  ctx: RequestContext,
  id: string,
  note: string | null,
  fx: Effects,
) {
  const before = await findAbsenceOrThrow(db, ctx, id);
  const manager = canManage(ctx, 'update');
  const mine =
    ctx.actor.userId !== null &&
    (before.technicianUserId === ctx.actor.userId || before.a.requestedBy === ctx.actor.userId);
  if (!manager) {
    if (!mine) throw new AppError('forbidden', 'Vous ne pouvez annuler que vos propres demandes.');
    if (before.a.startsAt <= clock.now()) {
      throw new AppError('forbidden', 'Cette absence a commencé : demandez à l’ADV de l’annuler.');
    }
  }
  await db.transaction(async (tx) => {
    const [cur] = await tx.select().from(absences).where(eq(absences.id, id)).for('update');
    if (cur?.status !== 'demandee' && cur?.status !== 'approuvee') {
      throw conflict(
        `Cette absence est déjà ${absenceStatusLabels[cur?.status as AbsenceStatus]?.toLowerCase() ?? 'close'}.`,
      );
    }
    const [after] = await tx
      .update(absences)
      .set({
        status: 'annulee',
        decidedBy: ctx.actor.userId,
        decidedAt: clock.now(),
        decisionNote: note ?? cur.decisionNote,
      })
      .where(eq(absences.id, id))
      .returning();
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'cancel',
      entityType: 'absence',
      entityId: id,
      before: before.a,
      after,
    });
    if (before.technicianUserId !== ctx.actor.userId) {
      await notifyDecision(
        tx,
        fx,
        { id: cur.technicianId, userId: before.technicianUserId },
        after!,
        'annulee',
        note,
        ctx,
      );
    }
  });
  return findAbsenceOrThrow(db, ctx, id);
}

const tags = ['Techniciens'];

export const absenceRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs, config } = app.deps;
  const fx = { jobs, publicUrl: config.publicUrl };
  app.get(
    '/absences',
    {
      schema: {
        tags,
        summary: 'Absences des techniciens visibles',
        querystring: absenceListQuery,
        response: { 200: zod.object({ items: zod.array(absenceOut) }) },
      },
      config: { permission: 'planning:read' },
    },
    async (req) => {
      const ctx = ctxOf(req);
      return { items: (await listAbsences(db, ctx, req.query)).map((r) => presentAbsence(r, ctx)) };
    },
  );
  // Declared `planning:read+own`: a technician (terrain or interne) requests his own leave; the service
  // lets the office create approved absences for anyone.
  app.post(
    '/absences',
    {
      schema: {
        tags,
        summary: 'Demander ou saisir une absence',
        body: absenceBody,
        response: { 201: absenceOut },
      },
      config: { permission: 'planning:read+own' },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      return reply.status(201).send(presentAbsence(await createAbsence(db, ctx, req.body, fx), ctx));
    },
  );
  const decision = (
    path: string,
    summary: string,
    permission: 'planning:update' | 'planning:read+own',
    run: typeof approveAbsence,
  ) =>
    app.post(
      path,
      {
        schema: { tags, summary, params: idParam, body: absenceDecisionBody, response: { 200: absenceOut } },
        config: { permission },
      },
      async (req) => {
        const ctx = ctxOf(req);
        return presentAbsence(await run(db, ctx, req.params.id, req.body.note ?? null, fx), ctx);
      },
    );
  decision('/absences/:id/approve', 'Approuver une demande d’absence', 'planning:update', approveAbsence);
  decision(
    '/absences/:id/refuse',
    'Refuser une demande d’absence (avec motif)',
    'planning:update',
    refuseAbsence,
  );
  decision('/absences/:id/cancel', 'Annuler une absence', 'planning:read+own', cancelAbsence);
};
