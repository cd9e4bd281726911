import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { skillsForPlatform } from '../../../shared/skills.ts';
import { openTicketStatuses, type TicketType } from '../../../shared/tickets.ts';
import {
  sites,
  skills as skillsTable,
  technicianPositions,
  technicians as techniciansTable,
  telephonyPlatforms,
  ticketAssignmentSettings,
  ticketMessages,
  tickets,
  users,
} from '../../db/schema/index.ts';
import type { Db } from '../../infra/db.ts';
import { latestPositionMaxAgeMs } from '../technicians/positions.ts';
import { ticketSlaSummaries } from './sla.service.ts';

/**
 * The queries of the assignment: what the ranking needs about a ticket and the technicians (a fixed
 * number of queries, whatever the number of technicians), and the automatic-assignment settings.
 */

export async function requiredSkillsOf(db: Db, platformId: string | null) {
  if (!platformId) return [];
  const [[platform], catalogue] = await Promise.all([
    db
      .select({ kind: telephonyPlatforms.kind, provider: telephonyPlatforms.provider })
      .from(telephonyPlatforms)
      .where(eq(telephonyPlatforms.id, platformId)),
    db.select({ id: skillsTable.id, name: skillsTable.name }).from(skillsTable),
  ]);
  return platform ? skillsForPlatform(platform, catalogue) : [];
}

export async function siteOf(db: Db, siteId: string | null) {
  if (!siteId) return null;
  const [row] = await db
    .select({ department: sites.department, lat: sites.latitude, lon: sites.longitude })
    .from(sites)
    .where(eq(sites.id, siteId));
  return row ?? null;
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

/** The last position (≤ 2 h) of those of these technicians who share it (one query). */
export async function livePositions(db: Db, technicianIds: string[], now: Date) {
  if (technicianIds.length === 0) return new Map<string, { lat: number; lon: number; recordedAt: Date }>();
  const rows = await db
    .selectDistinctOn([technicianPositions.technicianId], {
      technicianId: technicianPositions.technicianId,
      lat: technicianPositions.latitude,
      lon: technicianPositions.longitude,
      recordedAt: technicianPositions.recordedAt,
    })
    .from(technicianPositions)
    .innerJoin(techniciansTable, eq(techniciansTable.id, technicianPositions.technicianId))
    .where(
      and(
        inArray(technicianPositions.technicianId, technicianIds),
        eq(techniciansTable.positionSharing, true),
        gte(technicianPositions.recordedAt, new Date(now.getTime() - latestPositionMaxAgeMs)),
      ),
    )
    .orderBy(technicianPositions.technicianId, sql`${technicianPositions.recordedAt} DESC`);
  return new Map(rows.map((r) => [r.technicianId, r]));
}

/** Those of these users whose account is disabled (one query). */
export async function disabledUserIds(db: Db, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, userIds), sql`${users.disabledAt} IS NOT NULL`));
  return new Set(rows.map((d) => d.id));
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
