import type { TeamOut } from '../../../shared/schemas/tickets.ts';
import type { TeamRow } from './teams.repo.ts';

export const presentTeam = (r: TeamRow): TeamOut => ({
  id: r.id,
  name: r.name,
  leadUserId: r.lead_user_id ?? null,
  leadName: r.lead_name ?? null,
  // PGlite returns json columns parsed, node-postgres too, but a driver may hand back the text.
  members: typeof r.members === 'string' ? JSON.parse(r.members) : r.members,
});
