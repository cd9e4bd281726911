import type { Role } from '../../shared/permissions.ts';

/**
 * Who is told when something needs a person of the office, by event. No right of the matrix says
 * who plans or renews (admins hold every right, yet are told only of certifications), so the
 * recipients are a decision of their own, written here and nowhere else.
 */
export const audiences = {
  /** A technician asked for leave: the ADV approves and re-plans. */
  absenceRequested: ['adv'],
  /** A technician's certification is about to expire: the ADV and the administrators. */
  certificationExpiring: ['admin', 'adv'],
  /** A planned intervention has not started: the ADV calls the technician or the client. */
  interventionLate: ['adv'],
  /** A maintenance contract nears its end or renews itself: the ADV (with the account manager). */
  contractEnding: ['adv'],
} as const satisfies Record<string, readonly Role[]>;

/** The roles told of `event` (see `audiences`). */
export function audienceRoles(event: keyof typeof audiences): Role[] {
  return [...audiences[event]];
}
