import type { SkillOut } from '../../../shared/schemas/technicians.ts';
import type { SkillRow } from './skills.repo.ts';

export const presentSkill = (s: SkillRow): SkillOut => ({
  id: s.id,
  name: s.name,
  category: s.category,
  certification: s.certification,
  technicianCount: s.technicianCount,
  createdAt: s.createdAt.toISOString(),
});
