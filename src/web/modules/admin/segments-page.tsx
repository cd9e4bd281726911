import { ActionIcon, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ClientSegmentOut } from '../../../shared/schemas/clients.ts';
import { del, get, patch, post } from '../../app/api.ts';
import { can, useMe } from '../../app/auth.ts';
import { DataList } from '../../ui/data-list.tsx';
import { ConfirmModal, ErrorAlert, fieldErrorsOf, PageHeader } from './admin-ui.tsx';

/** Add or rename a segment. */
function SegmentModal({
  segment,
  opened,
  onClose,
}: {
  segment: ClientSegmentOut | null;
  opened: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { name: segment?.name ?? '' },
    validate: { name: (v) => (v.trim().length >= 2 ? null : 'Saisissez un nom (2 caractères minimum).') },
  });
  const save = useMutation({
    mutationFn: (name: string) =>
      segment
        ? patch<ClientSegmentOut>(`/client-segments/${segment.id}`, { name })
        : post<ClientSegmentOut>('/client-segments', { name }),
    onSuccess: async (s) => {
      await queryClient.invalidateQueries({ queryKey: ['client-segments'] });
      await queryClient.invalidateQueries({ queryKey: ['clients'] });
      notifications.show({
        color: 'green',
        message: segment ? `Segment renommé en « ${s.name} ».` : `Segment « ${s.name} » ajouté.`,
      });
      onClose();
    },
    onError: (e) => form.setErrors(fieldErrorsOf(e)),
  });
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={segment ? 'Renommer le segment' : 'Nouveau segment'}
      centered
    >
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v.name.trim()))}>
        <Stack>
          <ErrorAlert error={save.error} />
          <TextInput label="Nom" required data-autofocus {...form.getInputProps('name')} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              Annuler
            </Button>
            <Button type="submit" loading={save.isPending}>
              {segment ? 'Renommer' : 'Ajouter'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Client segments (Pharmacie, Assurance…): admins maintain the list the client form offers. */
export function SegmentsPage() {
  const me = useMe();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<ClientSegmentOut | 'new' | null>(null);
  // Kept after closing, so the confirmation keeps its text during the closing transition.
  const [deleting, setDeleting] = useState<ClientSegmentOut | null>(null);
  const [confirming, setConfirming] = useState(false);
  const query = useQuery({
    queryKey: ['client-segments'],
    queryFn: () => get<{ items: ClientSegmentOut[] }>('/client-segments'),
  });
  const remove = useMutation({
    mutationFn: (id: string) => del(`/client-segments/${id}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['client-segments'] });
      notifications.show({ color: 'green', message: `Segment « ${deleting?.name} » supprimé.` });
      setConfirming(false);
    },
  });
  const mayEdit = can(me, 'administration', 'update');
  return (
    <Stack>
      <PageHeader title="Segments de clients">
        {can(me, 'administration', 'create') && (
          <Button onClick={() => setEditing('new')}>Ajouter un segment</Button>
        )}
      </PageHeader>
      <Text size="sm" c="dimmed">
        Les types de clients proposés dans la fiche client (Pharmacie, Assurance, Cabinet médical…). Un
        segment utilisé par des clients ne peut pas être supprimé.
      </Text>
      <DataList
        query={query}
        items={query.data?.items ?? []}
        empty="Aucun segment pour le moment."
        errorTitle="Erreur"
        minWidth={320}
        columns={[
          { header: 'Segment', cell: (s) => s.name },
          { header: 'Clients', align: 'right', cell: (s) => s.clientCount },
          {
            cell: (s) => (
              <Group gap={4} justify="flex-end" wrap="nowrap">
                {mayEdit && (
                  <Button size="compact-sm" variant="subtle" onClick={() => setEditing(s)}>
                    Renommer
                  </Button>
                )}
                {can(me, 'administration', 'delete') && (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Supprimer le segment ${s.name}`}
                    onClick={() => {
                      remove.reset();
                      setDeleting(s);
                      setConfirming(true);
                    }}
                  >
                    ✕
                  </ActionIcon>
                )}
              </Group>
            ),
          },
        ]}
      />
      {editing && (
        <SegmentModal
          key={editing === 'new' ? 'new' : editing.id}
          opened
          segment={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmModal
        opened={confirming}
        title="Supprimer le segment"
        confirmLabel="Supprimer"
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting.id)}
        onClose={() => setConfirming(false)}
      >
        <Text size="sm">Supprimer le segment « {deleting?.name} » ?</Text>
      </ConfirmModal>
    </Stack>
  );
}
