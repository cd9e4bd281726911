import type { Role } from '../../../shared/permissions.ts';
import type { AssignmentProposalOut, AssignmentSettingOut } from '../../../shared/schemas/tickets.ts';
import { type TicketType, ticketTypes } from '../../../shared/tickets.ts';
import type { tickets } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { getMatrix } from '../../policy/matrix.service.ts';
import { mayBeAssignedTickets } from '../../policy/policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { busyOf } from '../interventions/interventions.repo.ts';
import { computeRatingsOf } from '../interventions/ratings.service.ts';
import {
  livePositionsOf,
  loadApprovedAbsences,
  loadPlanningTechnicians,
} from '../technicians/technicians.read.ts';
import {
  horizonDays,
  needsOnSite,
  type Proposal,
  type RankTechnician,
  type RankTicket,
} from './assignment.factors.ts';
import { presentProposal } from './assignment.presenter.ts';
import { rankCandidates } from './assignment.rank.ts';
import { disabledUserIds } from '../users/users.read.ts';
import * as repo from './assignment.repo.ts';
import { getOrThrow, ownerOf } from './tickets.access.ts';
import { announce, notifyAssigned, snapshot, type TicketEffects } from './tickets.events.ts';
import { bumpOrThrow, findTicket, type TicketRow } from './tickets.repo.ts';

/**
 * Assignment that explains itself: `proposeAssignees` loads what the pure ranking
 * (`assignment.rank.ts`) needs in a fixed number of queries; `autoAssignIfEnabled` assigns the best
 * one when an admin turned it on for the ticket's type.
 */

/** Everything the ranking needs about a ticket, then the ranking. */
export async function rankForTicket(
  db: Db,
  t: Pick<TicketRow, 'id' | 'type' | 'siteId' | 'platformId'>,
): Promise<{ proposals: Proposal[]; ticket: RankTicket }> {
  const now = clock.now();
  const horizon = new Date(now.getTime() + horizonDays * 86_400_000);
  const [requiredSkills, site, slaDueAt, techs, matrix] = await Promise.all([
    repo.requiredSkillsOf(db, t.platformId),
    repo.siteOf(db, t.siteId),
    repo.slaDueOf(db, t.id),
    loadPlanningTechnicians(db, null),
    getMatrix(db),
  ]);
  const ids = techs.map((x) => x.id);
  const userIds = techs.map((x) => x.userId);
  const [disabledSet, absences, busy, load, positions, ratings] = await Promise.all([
    disabledUserIds(db, userIds),
    loadApprovedAbsences(db, ids, now, horizon),
    busyOf(db, ids, now, horizon),
    repo.openTicketCounts(db, userIds),
    livePositionsOf(db, ids, now),
    computeRatingsOf(db, ids),
  ]);
  const ticket: RankTicket = { type: t.type, requiredSkills, site, slaDueAt };
  const technicians: RankTechnician[] = techs.map((x) => {
    const r = ratings.get(x.id);
    const scores = [r?.punctuality.score, r?.efficiency.score, r?.quality.score].filter(
      (s): s is number => typeof s === 'number',
    );
    return {
      id: x.id,
      userId: x.userId,
      name: x.name,
      role: x.role,
      active: x.active,
      userDisabled: disabledSet.has(x.userId),
      canHandleTickets: mayBeAssignedTickets(matrix, x.role as Role),
      skills: x.skills,
      zones: x.zones,
      homeDepartment: x.homeDepartment,
      home:
        x.homeLatitude != null && x.homeLongitude != null
          ? { lat: x.homeLatitude, lon: x.homeLongitude }
          : null,
      livePosition: positions.get(x.id) ?? null,
      workingHours: x.workingHours,
      absences: absences.filter((a) => a.technicianId === x.id),
      busy: busy
        .filter((b) => b.technicianId === x.id && b.start)
        .map((b) => ({ start: b.start!, minutes: b.minutes })),
      openTickets: load.get(x.userId) ?? 0,
      rating: scores.length
        ? Math.round((scores.reduce((s, v) => s + v, 0) / scores.length) * 10) / 10
        : null,
    };
  });
  return { proposals: rankCandidates({ ticket, technicians, now }), ticket };
}

/** GET /tickets/:id/assignment-proposal: staff who may update the ticket; partners 403, out of scope 404. */
export async function proposeAssignees(
  db: Db,
  ctx: RequestContext,
  ticketId: string,
): Promise<AssignmentProposalOut> {
  ctx.policy.staffOnlyOrThrow('Un partenaire ne peut pas attribuer de ticket.');
  const row = await getOrThrow(db, ctx, ticketId);
  ctx.policy.authorizeOrThrow('tickets', 'update', ownerOf(row));
  const { proposals, ticket } = await rankForTicket(db, row);
  return {
    ticketId: row.id,
    ticketVersion: row.version,
    requiredSkills: ticket.requiredSkills.map((s) => ({ id: s.id, name: s.name })),
    onSite: needsOnSite(ticket),
    slaDueAt: ticket.slaDueAt?.toISOString() ?? null,
    generatedAt: clock.now().toISOString(),
    candidates: proposals.map(presentProposal),
  };
}

// ─── Automatic assignment per ticket type ─────────────────────────────────────────────────────────

export async function listAssignmentSettings(db: Db): Promise<{ items: AssignmentSettingOut[] }> {
  const rows = await repo.listSettings(db);
  const byType = new Map(rows.map((r) => [r.ticketType, r]));
  return {
    items: ticketTypes.map((type) => ({
      ticketType: type,
      autoAssign: byType.get(type)?.autoAssign ?? false,
      updatedAt: byType.get(type)?.updatedAt.toISOString() ?? null,
    })),
  };
}

export async function setAssignmentSetting(
  db: Db,
  ctx: RequestContext,
  type: TicketType,
  autoAssign: boolean,
): Promise<AssignmentSettingOut> {
  return db.transaction(async (tx) => {
    const before = await repo.findSetting(tx, type);
    const row = await repo.upsertSetting(tx, type, autoAssign, clock.now());
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'ticket_assignment_setting',
      entityId: type,
      before: { ticketType: type, autoAssign: before?.autoAssign ?? false },
      after: { ticketType: type, autoAssign },
    });
    return { ticketType: type, autoAssign: row.autoAssign, updatedAt: row.updatedAt.toISOString() };
  });
}

/**
 * Called by ticket creation inside its transaction: when automatic assignment is on for the ticket's
 * type and nobody is assigned, gives it to the best eligible technician — audit entry, internal note
 * stating the reasons (staff only), event and the same notification as a manual assignment. Returns
 * the updated row, or null when nothing was done.
 */
export async function autoAssignIfEnabled(
  tx: Db,
  ctx: RequestContext,
  ticket: typeof tickets.$inferSelect,
  partnerId: string | null,
  fx: TicketEffects,
): Promise<typeof tickets.$inferSelect | null> {
  if (ticket.assigneeId) return null;
  const setting = await repo.findSetting(tx, ticket.type);
  if (!setting?.autoAssign) return null;
  const { proposals } = await rankForTicket(tx, ticket);
  const best = proposals.find((p) => p.eligible);
  if (!best) return null;
  const after = await bumpOrThrow(tx, ticket.id, ticket.version, { assigneeId: best.userId });
  const why = best.reasons.join(' ; ');
  await recordAudit(
    tx,
    { ip: ctx.ip, requestId: ctx.requestId, actorUserId: null, actorLabel: 'Attribution automatique' },
    {
      category: 'business',
      action: 'auto_assign',
      entityType: 'ticket',
      entityId: ticket.id,
      clientId: ticket.clientId,
      partnerId,
      before: snapshot(ticket),
      after: { ...snapshot(after), assigneeName: best.name, score: best.score, reasons: best.reasons },
    },
  );
  await repo.insertAutoAssignNote(
    tx,
    ticket.id,
    `Attribué automatiquement à ${best.name} (score ${best.score}/100) : ${why}.`,
    clock.now(),
  );
  await announce(tx, after, partnerId, 'update');
  if (best.userId !== ctx.actor.userId) {
    const full = await findTicket(tx, ticket.id);
    if (full) await notifyAssigned(tx, fx, full);
  }
  return after;
}
