/**
 * Business calendars of SLA policies (opening hours, holiday region, closed dates, or 24/7): edited
 * by administrators (module `administration`), read by whoever reads tickets. A change recomputes the
 * deadlines of the running clocks.
 */
import { asc, count, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../../shared/schemas/common.ts';
import {
  type CalendarCreate,
  calendarCreate,
  type CalendarOut,
  calendarOut,
  type CalendarUpdate,
  calendarUpdate,
} from '../../../shared/schemas/sla.ts';
import { z } from '../../../shared/zod.ts';
import { businessCalendars, maintenanceContracts, slaPolicies } from '../../db/schema/index.ts';
import type { OpeningHours } from '../../db/schema/clients.ts';
import { clock } from '../../infra/clock.ts';
import { ctxOf, type RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { conflict, notFound, validationFailed } from '../../infra/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { recomputeOpenClocks } from './sla.service.ts';

type CalendarRow = typeof businessCalendars.$inferSelect;

async function usage(db: Db): Promise<Map<string, number>> {
  const byPolicy = await db
    .select({ id: slaPolicies.calendarId, n: count() })
    .from(slaPolicies)
    .groupBy(slaPolicies.calendarId);
  const byContract = await db
    .select({ id: maintenanceContracts.calendarId, n: count() })
    .from(maintenanceContracts)
    .groupBy(maintenanceContracts.calendarId);
  const out = new Map<string, number>();
  for (const r of [...byPolicy, ...byContract]) if (r.id) out.set(r.id, (out.get(r.id) ?? 0) + Number(r.n));
  return out;
}

export function presentCalendar(c: CalendarRow, usedBy = 0): CalendarOut {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind as CalendarOut['kind'],
    hours: (c.hours as Record<string, unknown> | null) ?? null,
    holidayRegion: c.holidayRegion,
    closedDates: [...c.closedDates].sort(),
    usedBy,
    createdAt: c.createdAt.toISOString(),
  };
}

export async function listCalendars(db: Db): Promise<CalendarOut[]> {
  const rows = await db
    .select()
    .from(businessCalendars)
    .orderBy(asc(businessCalendars.name), asc(businessCalendars.id));
  const used = await usage(db);
  return rows.map((r) => presentCalendar(r, used.get(r.id) ?? 0));
}

async function calendarOrThrow(db: Db, id: string) {
  const [row] = await db.select().from(businessCalendars).where(eq(businessCalendars.id, id));
  if (!row) throw notFound('Calendrier');
  return row;
}

function values(input: CalendarCreate | CalendarUpdate) {
  const out: Partial<typeof businessCalendars.$inferInsert> = {};
  if (input.name !== undefined) out.name = input.name;
  if (input.kind !== undefined) out.kind = input.kind;
  if (input.hours !== undefined) out.hours = (input.hours ?? null) as OpeningHours | null;
  if (input.holidayRegion !== undefined) out.holidayRegion = input.holidayRegion ?? null;
  if (input.closedDates !== undefined) out.closedDates = [...new Set(input.closedDates)].sort();
  if (input.kind === '24x7') out.hours = null;
  return out;
}

export async function createCalendar(
  db: Db,
  ctx: RequestContext,
  input: CalendarCreate,
): Promise<CalendarOut> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(businessCalendars)
      .values({ name: input.name, kind: input.kind, ...values(input), createdAt: clock.now() })
      .returning();
    const out = presentCalendar(row!);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'create',
      entityType: 'business_calendar',
      entityId: row!.id,
      after: out,
    });
    return out;
  });
}

export async function updateCalendar(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: CalendarUpdate,
): Promise<CalendarOut> {
  const before = await calendarOrThrow(db, id);
  const kind = input.kind ?? before.kind;
  const hours = input.hours !== undefined ? input.hours : before.hours;
  if (kind === 'hours' && !hours) {
    throw validationFailed([
      { path: 'hours', message: 'Un calendrier en heures ouvrées doit avoir au moins une plage horaire.' },
    ]);
  }
  const out = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(businessCalendars)
      .set(values(input))
      .where(eq(businessCalendars.id, id))
      .returning();
    const after = presentCalendar(row!);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'business_calendar',
      entityId: id,
      before: presentCalendar(before),
      after,
    });
    return after;
  });
  await recomputeOpenClocks(db, clock.now());
  const used = await usage(db);
  return { ...out, usedBy: used.get(id) ?? 0 };
}

/** A calendar used by a policy or a contract is kept: 409 naming how many use it. */
export async function deleteCalendar(db: Db, ctx: RequestContext, id: string): Promise<void> {
  const before = await calendarOrThrow(db, id);
  const used = (await usage(db)).get(id) ?? 0;
  if (used > 0) {
    throw conflict(
      `Ce calendrier est utilisé par ${used} politique${used > 1 ? 's' : ''} SLA ou contrat${used > 1 ? 's' : ''} : changez-les d’abord.`,
    );
  }
  await db.transaction(async (tx) => {
    await tx.delete(businessCalendars).where(eq(businessCalendars.id, id));
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'delete',
      entityType: 'business_calendar',
      entityId: id,
      before: presentCalendar(before),
    });
  });
}

const tags = ['SLA'];

export const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/sla/calendars',
    {
      schema: { tags, summary: 'Calendriers ouvrés des SLA', response: { 200: z.array(calendarOut) } },
      config: { permission: 'tickets:read' },
    },
    async () => listCalendars(db),
  );
  app.post(
    '/sla/calendars',
    {
      schema: { tags, summary: 'Créer un calendrier', body: calendarCreate, response: { 201: calendarOut } },
      config: { permission: 'administration:create' },
    },
    async (req, reply) => reply.status(201).send(await createCalendar(db, ctxOf(req), req.body)),
  );
  app.patch(
    '/sla/calendars/:id',
    {
      schema: {
        tags,
        summary: 'Modifier un calendrier (les échéances des tickets ouverts sont recalculées)',
        params: idParam,
        body: calendarUpdate,
        response: { 200: calendarOut },
      },
      config: { permission: 'administration:update' },
    },
    async (req) => updateCalendar(db, ctxOf(req), req.params.id, req.body),
  );
  app.delete(
    '/sla/calendars/:id',
    {
      schema: { tags, summary: 'Supprimer un calendrier inutilisé', params: idParam },
      config: { permission: 'administration:delete' },
    },
    async (req, reply) => {
      await deleteCalendar(db, ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};
