import { ActionIcon, Badge, Button, Checkbox, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { SkillOut } from '../../../shared/schemas/technicians.ts';
import { del, patch, post } from '../../app/api.ts';
import { can, useMe } from '../../app/auth.ts';
import { DataList } from '../../ui/data-list.tsx';
import { ConfirmModal, ErrorAlert, fieldErrorsOf, PageHeader } from '../admin/admin-ui.tsx';
import { useSkills } from './technicians-ui.tsx';

function SkillModal({ skill, onClose }: { skill: SkillOut | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: {
      name: skill?.name ?? '',
      category: skill?.category ?? '',
      certification: skill?.certification ?? false,
    },
    validate: { name: (v) => (v.trim() ? null : 'Donnez un nom à la compétence.') },
  });
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      skill ? patch<SkillOut>(`/skills/${skill.id}`, v) : post<SkillOut>('/skills', v),
    onSuccess: async (s) => {
      await queryClient.invalidateQueries({ queryKey: ['skills'] });
      notifications.show({
        color: 'green',
        message: skill ? `Compétence « ${s.name} » modifiée.` : `Compétence « ${s.name} » ajoutée.`,
      });
      onClose();
    },
    onError: (e) => form.setErrors(fieldErrorsOf(e)),
  });
  return (
    <Modal opened onClose={onClose} title={skill ? 'Modifier la compétence' : 'Nouvelle compétence'} centered>
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack>
          <ErrorAlert error={save.error} />
          <TextInput label="Nom" required data-autofocus {...form.getInputProps('name')} />
          <TextInput
            label="Catégorie"
            placeholder="Téléphonie, Câblage, Habilitations…"
            {...form.getInputProps('category')}
          />
          <Checkbox
            label="Certification (avec date de fin de validité, alerte 30 jours avant)"
            {...form.getInputProps('certification', { type: 'checkbox' })}
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              Annuler
            </Button>
            <Button type="submit" loading={save.isPending}>
              {skill ? 'Enregistrer' : 'Ajouter'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Administration › Compétences: the catalog technicians' skills come from. */
export function SkillsPage() {
  const me = useMe();
  const queryClient = useQueryClient();
  const query = useSkills();
  const [editing, setEditing] = useState<SkillOut | 'new' | null>(null);
  const [deleting, setDeleting] = useState<SkillOut | null>(null);
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: (id: string) => del(`/skills/${id}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['skills'] });
      notifications.show({ color: 'green', message: `Compétence « ${deleting?.name} » supprimée.` });
      setConfirming(false);
    },
  });
  const mayEdit = can(me, 'administration', 'update');
  return (
    <Stack>
      <PageHeader title="Compétences">
        {mayEdit && <Button onClick={() => setEditing('new')}>Ajouter une compétence</Button>}
      </PageHeader>
      <Text size="sm" c="dimmed">
        Le catalogue des compétences des techniciens. Une certification porte une date de fin de validité sur
        la fiche du technicien. Une compétence détenue par un technicien ne peut pas être supprimée.
      </Text>
      <DataList
        query={query}
        items={query.data?.items ?? []}
        empty="Aucune compétence pour le moment."
        errorTitle="Erreur"
        minWidth={360}
        testId="skills-table"
        columns={[
          {
            header: 'Compétence',
            cell: (s) => (
              <Group gap={6}>
                <Text size="sm">{s.name}</Text>
                {s.certification && (
                  <Badge size="xs" color="orange" variant="light">
                    Certification
                  </Badge>
                )}
              </Group>
            ),
          },
          { header: 'Catégorie', cell: (s) => s.category ?? '—' },
          { header: 'Techniciens', align: 'right', cell: (s) => s.technicianCount },
          {
            cell: (s) => (
              <>
                {mayEdit && (
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Button size="compact-sm" variant="subtle" onClick={() => setEditing(s)}>
                      Modifier
                    </Button>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={`Supprimer la compétence ${s.name}`}
                      onClick={() => {
                        remove.reset();
                        setDeleting(s);
                        setConfirming(true);
                      }}
                    >
                      ✕
                    </ActionIcon>
                  </Group>
                )}
              </>
            ),
          },
        ]}
      />
      {editing && (
        <SkillModal
          key={editing === 'new' ? 'new' : editing.id}
          skill={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmModal
        opened={confirming}
        title="Supprimer la compétence"
        confirmLabel="Supprimer"
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting.id)}
        onClose={() => setConfirming(false)}
      >
        <Text size="sm">Supprimer la compétence « {deleting?.name} » du catalogue ?</Text>
      </ConfirmModal>
    </Stack>
  );
}
