import type { AssignmentCandidateOut } from '../../../shared/schemas/tickets.ts';
import type { Proposal } from './assignment.factors.ts';

/** What leaves the server of one ranked candidate. */
export function presentProposal(p: Proposal): AssignmentCandidateOut {
  return {
    technicianId: p.technicianId,
    userId: p.userId,
    name: p.name,
    role: p.role,
    rank: p.rank,
    eligible: p.eligible,
    score: p.score,
    factors: p.factors,
    reasons: p.reasons,
    distanceKm: p.distanceKm,
    distanceFrom: p.distanceFrom,
    openTickets: p.openTickets,
    freeAt: p.freeAt?.toISOString() ?? null,
  };
}
