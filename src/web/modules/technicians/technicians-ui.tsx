import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { skillLevelLabels } from '../../../shared/interventions.ts';
import { departmentNames, regions } from '../../../shared/regions.ts';
import type { HeldSkillOut } from '../../../shared/schemas/technicians.ts';
import { technicianQueries } from './api.ts';

export function useSkills() {
  return useQuery(technicianQueries.skills());
}

export const departmentOptions = Object.keys(departmentNames)
  .sort((a, b) => a.localeCompare(b, 'fr', { numeric: true }))
  .map((code) => ({ value: code, label: `${code} — ${departmentNames[code]}` }));

export const regionOptions = [...regions]
  .sort((a, b) => a.name.localeCompare(b.name, 'fr'))
  .map((r) => ({ value: r.code, label: r.name }));

export const technicianPath = (id: string) => `/techniciens/${id}`;

const dateFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeZone: 'UTC' });
export const formatDay = (iso: string) => dateFormat.format(new Date(`${iso}T00:00:00Z`));

/** « Expirée » / « Expire dans N j » / « Valide jusqu’au … » for a certification. */
export function CertificationBadge({ skill }: { skill: HeldSkillOut }) {
  if (!skill.certification || !skill.validUntil) return null;
  const until = formatDay(skill.validUntil);
  if (skill.certificationState === 'expired') {
    return (
      <Tooltip label={`Fin de validité : ${until}`}>
        <Badge color="red" variant="filled">
          Expirée
        </Badge>
      </Tooltip>
    );
  }
  if (skill.certificationState === 'expiring') {
    const d = skill.daysLeft ?? 0;
    return (
      <Tooltip label={`Fin de validité : ${until}`}>
        <Badge color="orange">{d === 0 ? 'Expire aujourd’hui' : `Expire dans ${d} j`}</Badge>
      </Tooltip>
    );
  }
  return (
    <Badge color="green" variant="light">
      Valide jusqu’au {until}
    </Badge>
  );
}

/** Dots ●●○ for a level 1–3, with its label. */
export function SkillLevel({ level }: { level: number }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Text span c="blue" aria-hidden>
        {'●'.repeat(level)}
        <Text span c="gray.4">
          {'●'.repeat(Math.max(0, 3 - level))}
        </Text>
      </Text>
      <Text span size="sm" c="dimmed">
        {skillLevelLabels[level] ?? `Niveau ${level}`}
      </Text>
    </Group>
  );
}
