import { and, eq, inArray, sql } from 'drizzle-orm';
import { skillsForPlatform } from '../../../shared/skills.ts';
import { openTicketStatuses, type TicketType } from '../../../shared/tickets.ts';
import { ticketAssignmentSettings, ticketMessages, tickets } from '../../db/schema/index.ts';
import type { Db } from '../../infra/db.ts';
import { getPlatformKind, getSiteLocation } from '../clients/clients.read.ts';
import { listSkillCatalogue } from '../technicians/technicians.read.ts';
import { ticketSlaSummaries } from './sla.service.ts';

/**
 * The queries of the assignment: what the ranking needs about a ticket and the technicians (a fixed
 * number of queries, whatever the number of technicians), and the automatic-assignment settings.
 * What belongs to other modules is read through them (`clients.read.ts`, `technicians.read.ts`,
 * `users.read.ts`).
 */

/** The skills a ticket's platform requires (none without a platform). */
export async function requiredSkillsOf(db: Db, platformId: string | null) {
  if (!platformId) return [];
  const [platform, catalogue] = await Promise.all([getPlatformKind(db, platformId), listSkillCatalogue(db)]);
  return platform ? skillsForPlatform(platform, catalogue) : [];
}

export async function siteOf(db: Db, siteId: string | null) {
  return siteId ? ((await getSiteLocation(db, siteId)) ?? null) : null;
}

/** The nearest running SLA deadline of the ticket (first response or resolution). */
export async function slaDueOf(db: Db, ticketId: string): Promise<Date | null> {
  const sla = (await ticketSlaSummaries(db, [ticketId])).get(ticketId);
  const dues = [sla?.firstResponse, sla?.resolution]
    .filter((c) => c && c.state !== 'met' && c.dueAt)
    .map((c) => new Date(c!.dueAt!));
  return dues.length ? new Date(Math.min(...dues.map((d) => d.getTime()))) : null;
}

/** Open tickets per assignee among these users (one query). */
export async function openTicketCounts(db: Db, userIds: string[]) {
  if (userIds.length === 0) return new Map<string, number>();
  const rows = await db
    .select({ userId: tickets.assigneeId, n: sql<number>`count(*)`.mapWith(Number) })
    .from(tickets)
    .where(and(inArray(tickets.assigneeId, userIds), inArray(tickets.status, [...openTicketStatuses])))
    .groupBy(tickets.assigneeId);
  return new Map(rows.map((r) => [r.userId!, r.n]));
}

// ─── Automatic assignment per ticket type ─────────────────────────────────────────────────────────

export function listSettings(db: Db) {
  return db.select().from(ticketAssignmentSettings);
}

export async function findSetting(db: Db, type: string) {
  const [row] = await db
    .select()
    .from(ticketAssignmentSettings)
    .where(eq(ticketAssignmentSettings.ticketType, type));
  return row;
}

export async function upsertSetting(db: Db, type: TicketType, autoAssign: boolean, now: Date) {
  const [row] = await db
    .insert(ticketAssignmentSettings)
    .values({ ticketType: type, autoAssign, updatedAt: now })
    .onConflictDoUpdate({
      target: ticketAssignmentSettings.ticketType,
      set: { autoAssign, updatedAt: now },
    })
    .returning();
  return row!;
}

/** An internal note signed by the automatic assignment (never shown to partners). */
export async function insertAutoAssignNote(db: Db, ticketId: string, body: string, now: Date) {
  await db.insert(ticketMessages).values({
    ticketId,
    visibility: 'internal',
    authorId: null,
    authorName: 'Attribution automatique',
    channel: 'web',
    body,
    createdAt: now,
  });
}
