import type { AbsenceKind, AbsenceStatus } from '../../../shared/interventions.ts';
import type { AbsenceOut } from '../../../shared/schemas/technicians.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { AbsenceRow } from './absences.repo.ts';
import { isOwnAbsence } from './absences.service.ts';
import { canManage } from './technicians.service.ts';

function abilitiesOf(r: AbsenceRow, ctx: RequestContext): AbsenceOut['abilities'] {
  const manager = canManage(ctx, 'update');
  const open = r.a.status === 'demandee' || r.a.status === 'approuvee';
  return {
    approve: manager && r.a.status === 'demandee',
    refuse: manager && r.a.status === 'demandee',
    cancel: open && (manager || (isOwnAbsence(ctx, r) && r.a.startsAt > clock.now())),
  };
}

export function presentAbsence(r: AbsenceRow, ctx: RequestContext): AbsenceOut {
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
