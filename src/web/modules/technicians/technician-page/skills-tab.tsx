import {
  ActionIcon,
  Button,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { skillLevelLabels } from '../../../../shared/interventions.ts';
import type { HeldSkillOut, TechnicianDetailOut } from '../../../../shared/schemas/technicians.ts';
import { ApiError } from '../../../app/api.ts';
import { technicianApi } from '../api.ts';
import { ErrorAlert } from '../../../ui/feedback.tsx';
import { CertificationBadge, SkillLevel, useSkills } from '../technicians-ui.tsx';
import { useInvalidate, type TechnicianModalProps } from './shared.ts';
import { FormActions } from '../../../ui/form-actions.tsx';
import { DayField } from '../../../ui/date-fields.tsx';

type SkillDraft = { skillId: string; level: number; validUntil: string; reference: string };

function SkillsModal({ t, opened, onClose }: TechnicianModalProps) {
  const invalidate = useInvalidate();
  const catalog = useSkills();
  const [rows, setRows] = useState<SkillDraft[]>(
    t.skills.map((s) => ({
      skillId: s.skillId,
      level: s.level,
      validUntil: s.validUntil ?? '',
      reference: s.reference ?? '',
    })),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const byId = new Map((catalog.data?.items ?? []).map((s) => [s.id, s]));
  const save = useMutation({
    mutationFn: () =>
      technicianApi.setSkills(t.id, {
        skills: rows.map((r) => ({
          skillId: r.skillId,
          level: r.level,
          validUntil: r.validUntil || null,
          reference: r.reference,
        })),
      }),
    onSuccess: async () => {
      await invalidate();
      notifications.show({ color: 'green', message: 'Compétences enregistrées.' });
      onClose();
    },
    onError: (e) => setErrors(e instanceof ApiError ? e.fieldErrors() : {}),
  });
  const update = (i: number, v: Partial<SkillDraft>) =>
    setRows(rows.map((r, k) => (k === i ? { ...r, ...v } : r)));
  const available = (catalog.data?.items ?? []).filter((s) => !rows.some((r) => r.skillId === s.id));
  return (
    <Modal opened={opened} onClose={onClose} title="Compétences" size="lg" centered>
      <Stack>
        <ErrorAlert error={save.error} />
        {rows.map((r, i) => {
          const skill = byId.get(r.skillId);
          return (
            <Paper key={r.skillId} withBorder p="xs">
              <Group justify="space-between" wrap="nowrap">
                <Text fw={500}>{skill?.name ?? '…'}</Text>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Retirer ${skill?.name ?? ''}`}
                  onClick={() => setRows(rows.filter((_, k) => k !== i))}
                >
                  ✕
                </ActionIcon>
              </Group>
              <SegmentedControl
                mt={4}
                size="xs"
                aria-label={`Niveau ${skill?.name ?? ''}`}
                value={String(r.level)}
                onChange={(v) => update(i, { level: Number(v) })}
                data={[1, 2, 3].map((l) => ({ value: String(l), label: skillLevelLabels[l]! }))}
              />
              {skill?.certification && (
                <Group grow mt={4}>
                  <DayField
                    label="Valide jusqu’au"
                    value={r.validUntil}
                    onChange={(day) => update(i, { validUntil: day })}
                    error={errors[`skills.${i}.validUntil`]}
                    required
                  />
                  <TextInput
                    label="Référence"
                    value={r.reference}
                    onChange={(e) => update(i, { reference: e.currentTarget.value })}
                  />
                </Group>
              )}
            </Paper>
          );
        })}
        <Select
          label="Ajouter une compétence"
          placeholder={
            available.length ? 'Choisir dans le catalogue…' : 'Toutes les compétences sont déjà présentes'
          }
          data={available.map((s) => ({
            value: s.id,
            label: s.certification ? `${s.name} (certification)` : s.name,
          }))}
          value={null}
          onChange={(v) => v && setRows([...rows, { skillId: v, level: 2, validUntil: '', reference: '' }])}
          searchable
        />
        <FormActions onCancel={onClose} loading={save.isPending} onSubmit={() => save.mutate()} />
      </Stack>
    </Modal>
  );
}

export function SkillsTab({ t }: { t: TechnicianDetailOut }) {
  const [editing, setEditing] = useState(false);
  return (
    <Stack>
      {t.abilities.update && (
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setEditing(true)}>
            Modifier les compétences
          </Button>
        </Group>
      )}
      {t.skills.length === 0 ? (
        <Text c="dimmed">Aucune compétence renseignée.</Text>
      ) : (
        <Stack gap="xs" data-testid="skills-list">
          {t.skills.map((s: HeldSkillOut) => (
            <Paper key={s.skillId} withBorder p="sm">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Stack gap={0}>
                  <Text fw={500}>{s.name}</Text>
                  <Text size="xs" c="dimmed">
                    {[s.category, s.reference && `Réf. ${s.reference}`].filter(Boolean).join(' · ') || ' '}
                  </Text>
                </Stack>
                <Group gap="sm">
                  <SkillLevel level={s.level} />
                  <CertificationBadge skill={s} />
                </Group>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      {editing && <SkillsModal t={t} opened onClose={() => setEditing(false)} />}
    </Stack>
  );
}
