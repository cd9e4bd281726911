import {
  certificationState,
  type HeldSkillOut,
  type TechnicianDetailOut,
  type TechnicianOut,
} from '../../../shared/schemas/technicians.ts';
import type { OpeningHoursInput } from '../../../shared/schemas/client-records.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import { parisDate } from '../../../shared/paris-time.ts';
import { type HeldSkillRow, kindOfRole, type TechnicianRow } from './technicians.repo.ts';
import { canManage } from './technicians.service.ts';

export function presentHeldSkill(s: HeldSkillRow, today = parisDate(clock.now())): HeldSkillOut {
  const cert = s.certification ? certificationState(s.validUntil, today) : null;
  return {
    skillId: s.skillId,
    name: s.name,
    category: s.category,
    certification: s.certification,
    level: s.level,
    validUntil: s.validUntil,
    reference: s.reference,
    certificationState: cert?.state ?? null,
    daysLeft: cert?.daysLeft ?? null,
  };
}

export function presentTechnician(
  row: TechnicianRow,
  held: HeldSkillRow[],
  ctx: RequestContext,
): TechnicianOut {
  const today = parisDate(clock.now());
  const own = ctx.actor.userId !== null && ctx.actor.userId === row.userId;
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    email: row.email,
    kind: kindOfRole(row.role),
    phone: row.phone,
    phoneE164: row.phoneE164,
    homeCity: row.homeCity,
    homePostalCode: row.homePostalCode,
    homeDepartment: row.homeDepartment,
    zones: row.zones,
    active: row.active,
    skills: held.filter((s) => s.technicianId === row.id).map((s) => presentHeldSkill(s, today)),
    abilities: {
      update: canManage(ctx, 'update'),
      delete: canManage(ctx, 'delete'),
      approveAbsences: canManage(ctx, 'update'),
      requestAbsence: own || canManage(ctx, 'create'),
      sharePosition: own,
    },
  };
}

export function presentTechnicianDetail(
  row: TechnicianRow,
  held: HeldSkillRow[],
  ctx: RequestContext,
): TechnicianDetailOut {
  return {
    ...presentTechnician(row, held, ctx),
    homeAddress: row.homeAddress,
    homeLatitude: row.homeLatitude,
    homeLongitude: row.homeLongitude,
    homeGeocodeStatus: row.homeGeocodeStatus as TechnicianDetailOut['homeGeocodeStatus'],
    workingHours: (row.workingHours as OpeningHoursInput | null) ?? null,
    notes: row.notes,
    positionSharing: row.positionSharing,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
