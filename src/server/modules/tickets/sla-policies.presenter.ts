import type { PolicyOut } from '../../../shared/schemas/sla.ts';
import type { Db } from '../../infra/db.ts';
import { type PolicyRow, policyLabels } from './sla-policies.repo.ts';

/** Presents policies with their calendar's name and their contract's label (two queries for all). */
export async function presentPolicies(db: Db, rows: PolicyRow[]): Promise<PolicyOut[]> {
  if (rows.length === 0) return [];
  const { calendarNames, contractLabels } = await policyLabels(db, rows);
  return rows.map((p) => ({
    id: p.id,
    name: p.name,
    contractId: p.contractId,
    contractLabel: p.contractId ? (contractLabels.get(p.contractId) ?? null) : null,
    priority: p.priority,
    ticketType: p.ticketType,
    firstResponseMinutes: p.firstResponseMinutes,
    resolutionMinutes: p.resolutionMinutes,
    calendarId: p.calendarId,
    calendarName: calendarNames.get(p.calendarId) ?? '—',
    warnPercent: p.warnPercent,
    active: p.active,
    createdAt: p.createdAt.toISOString(),
  }));
}

export const presentPolicy = async (db: Db, row: PolicyRow): Promise<PolicyOut> =>
  (await presentPolicies(db, [row]))[0]!;
