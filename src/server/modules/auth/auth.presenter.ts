import type { Me } from '../../../shared/schemas/auth.ts';
import type { Policy } from '../../policy/policy.ts';
import type { User } from './auth.service.ts';

export function presentSessionUser(user: User): Me['user'] {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role as Me['user']['role'],
    partnerId: user.partnerId,
    totpEnabled: user.totpEnabledAt !== null,
  };
}

export function presentMe(user: User, policy: Policy, totpEnrollmentRequired: boolean): Me {
  return {
    user: presentSessionUser(user),
    permissions: policy.permissions(),
    scopes: policy.scopes(),
    capabilities: policy.capabilities(),
    navigation: policy.navigation(),
    home: policy.home(),
    totpEnrollmentRequired,
  };
}
