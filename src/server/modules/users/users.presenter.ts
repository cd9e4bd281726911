import type { UserOut } from '../../../shared/schemas/admin.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { UserRow } from './users.service.ts';

/** The fields of a user that leave the server (never a hash or a secret), with abilities. */
export function presentUser(row: UserRow, ctx: RequestContext): UserOut {
  const canUpdate = ctx.policy.can('administration', 'update');
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    phone: row.phone ?? null,
    role: row.role as UserOut['role'],
    partnerId: row.partnerId ?? null,
    partnerName: row.partnerName ?? null,
    totpEnabled: row.totpEnabledAt != null,
    totpRequired: row.totpRequired,
    disabled: row.disabledAt != null,
    createdAt: row.createdAt.toISOString(),
    abilities: {
      update: canUpdate,
      disable: canUpdate && row.id !== ctx.actor.userId,
      resetPassword: canUpdate,
      resetTotp: canUpdate && row.totpEnabledAt != null,
    },
  };
}
