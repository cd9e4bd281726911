/**
 * The SLA scan (every minute): near-breach warnings and breaches of running clocks, with the
 * automatic escalation of a ticket whose resolution clock breaches — each exactly once, even when two
 * instances scan at the same time (guarded `UPDATE … WHERE … IS NULL RETURNING` in the transaction
 * that notifies and escalates).
 */
import { and, asc, eq, isNotNull, isNull, lte } from 'drizzle-orm';
import { slaMetricLabels, type SlaMetric } from '../../../shared/tickets.ts';
import { teams, ticketSlaClocks, ticketSlaEvents, tickets } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { Db } from '../../infra/db.ts';
import type { Jobs } from '../../infra/jobs.ts';
import type { AuditOrigin } from '../audit/audit.service.ts';
import { notifyUsers } from '../notifications/inbox.service.ts';
import { escalateTicket } from './status.service.ts';
import { findTicket } from './tickets.repo.ts';

const batchSize = 200;

export const slaSystemOrigin: AuditOrigin = {
  ip: '',
  requestId: 'job:sla-scan',
  actorUserId: null,
  actorLabel: 'Système (SLA)',
};

export type SlaScanResult = { warned: number; breached: number; escalated: number };

async function recipientsOf(tx: Db, t: typeof tickets.$inferSelect): Promise<string[]> {
  const ids: string[] = [];
  if (t.assigneeId) ids.push(t.assigneeId);
  if (t.teamId) {
    const [team] = await tx.select({ lead: teams.leadUserId }).from(teams).where(eq(teams.id, t.teamId));
    if (team?.lead) ids.push(team.lead);
  }
  return [...new Set(ids)];
}

type SlaEvent = typeof ticketSlaEvents.$inferInsert;
/** Appends a warning, breach or escalation to a ticket's SLA history. */
const slaEvent = (
  tx: Db,
  ticketId: string,
  metric: SlaMetric,
  kind: SlaEvent['kind'],
  at: Date,
  detail: SlaEvent['detail'],
) => tx.insert(ticketSlaEvents).values({ ticketId, metric, kind, at, detail });

/**
 * The running clocks whose `due` time has passed and whose `mark` is still unset, a batch at a time:
 * each is claimed in its own transaction by an update (`set`) guarded on `mark`, so that two
 * instances never handle one clock twice; `then` handles the claimed clock in that transaction.
 */
async function claimDue(
  db: Db,
  now: Date,
  mark: typeof ticketSlaClocks.breachedAt | typeof ticketSlaClocks.warnedAt,
  due: typeof ticketSlaClocks.dueAt | typeof ticketSlaClocks.warnAt,
  set: Partial<typeof ticketSlaClocks.$inferInsert>,
  then: (tx: Db, c: typeof ticketSlaClocks.$inferSelect) => Promise<void>,
) {
  for (;;) {
    const batch = await db
      .select({ id: ticketSlaClocks.id })
      .from(ticketSlaClocks)
      .where(and(eq(ticketSlaClocks.state, 'running'), isNull(mark), isNotNull(due), lte(due, now)))
      .orderBy(asc(due))
      .limit(batchSize);
    for (const { id } of batch) {
      await db.transaction(async (tx) => {
        const [c] = await tx
          .update(ticketSlaClocks)
          .set(set)
          .where(and(eq(ticketSlaClocks.id, id), eq(ticketSlaClocks.state, 'running'), isNull(mark)))
          .returning();
        if (c) await then(tx, c); // else another instance did it
      });
    }
    if (batch.length < batchSize) break;
  }
}

/** One pass of the scan at `now`. Returns what it did (this instance only). */
export async function scanSla(
  db: Db,
  jobs: Jobs | null,
  now: Date = clock.now(),
  publicUrl?: string,
): Promise<SlaScanResult> {
  const result: SlaScanResult = { warned: 0, breached: 0, escalated: 0 };
  const url = publicUrl ? { publicUrl } : {};

  // Breaches first: a clock both warned and breached in one pass notifies only the breach.
  const breach = { state: 'breached' as const, breachedAt: now, warnedAt: now, updatedAt: now };
  await claimDue(db, now, ticketSlaClocks.breachedAt, ticketSlaClocks.dueAt, breach, async (tx, c) => {
    result.breached++;
    const metric = c.metric as SlaMetric;
    await slaEvent(tx, c.ticketId, metric, 'breach', now, {
      dueAt: c.dueAt?.toISOString() ?? null,
      targetSeconds: c.targetSeconds,
    });
    const [t] = await tx.select().from(tickets).where(eq(tickets.id, c.ticketId)).for('update');
    if (!t) return;
    await notifyUsers(tx, jobs, {
      type: 'sla.breach',
      userIds: await recipientsOf(tx, t),
      title: `SLA dépassé (${slaMetricLabels[metric].toLowerCase()}) : ${t.number}`,
      body: `Le ticket ${t.number} « ${t.subject} » a dépassé son objectif de ${slaMetricLabels[metric].toLowerCase()}.`,
      link: `/tickets/${t.id}`,
      entityType: 'ticket',
      entityId: t.id,
      idempotencyKey: `sla-breach:${c.id}`,
      ...url,
    });
    if (metric !== 'resolution') return;
    const row = await findTicket(tx, t.id);
    const done = row && (await escalateTicket(tx, slaSystemOrigin, row, { kind: 'sla.breach' }, now));
    if (!done) return;
    const { from, to: status, level } = done;
    await slaEvent(tx, t.id, metric, 'escalate', now, {
      fromLevel: t.escalationLevel,
      toLevel: level,
      fromStatus: from,
      toStatus: status,
    });
    result.escalated++;
  });

  const warning = { warnedAt: now, updatedAt: now };
  await claimDue(db, now, ticketSlaClocks.warnedAt, ticketSlaClocks.warnAt, warning, async (tx, c) => {
    result.warned++;
    const metric = c.metric as SlaMetric;
    await slaEvent(tx, c.ticketId, metric, 'warn', now, {
      warnAt: c.warnAt?.toISOString() ?? null,
      dueAt: c.dueAt?.toISOString() ?? null,
    });
    const [t] = await tx.select().from(tickets).where(eq(tickets.id, c.ticketId));
    if (!t) return;
    const dueAt = c.dueAt
      ? new Intl.DateTimeFormat('fr-FR', {
          dateStyle: 'short',
          timeStyle: 'short',
          timeZone: 'Europe/Paris',
        }).format(c.dueAt)
      : '—';
    await notifyUsers(tx, jobs, {
      type: 'sla.warning',
      userIds: await recipientsOf(tx, t),
      title: `SLA bientôt dépassé (${slaMetricLabels[metric].toLowerCase()}) : ${t.number}`,
      body: `Le ticket ${t.number} « ${t.subject} » atteint son échéance de ${slaMetricLabels[metric].toLowerCase()} le ${dueAt}.`,
      link: `/tickets/${t.id}`,
      entityType: 'ticket',
      entityId: t.id,
      idempotencyKey: `sla-warning:${c.id}:${c.warnAt?.toISOString() ?? ''}`,
      ...url,
    });
  });
  return result;
}

export async function startSlaCrons(db: Db, jobs: Jobs, publicUrl: string): Promise<void> {
  await jobs.every('sla-scan', '* * * * *', async () => {
    await scanSla(db, jobs, clock.now(), publicUrl);
  });
}
