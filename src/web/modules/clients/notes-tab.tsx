import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import type { NoteOut } from '../../../shared/schemas/client-records.ts';
import { clientApi } from './api.ts';
import { DataList } from '../../ui/data-list.tsx';
import { DeleteRecord, FormError, RecordNotes, submitRecord, useClientRecords } from './records-ui.tsx';

const when = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short' });

function NoteEditor({
  initial,
  label,
  onSubmit,
  onCancel,
}: {
  initial: string;
  label: string;
  onSubmit: (body: string) => Promise<unknown>;
  onCancel?: () => void;
}) {
  const [general, setGeneral] = useState<string | null>(null);
  const form = useForm({ initialValues: { body: initial } });
  const save = async (v: { body: string }) => {
    if (await submitRecord(() => onSubmit(v.body), form.setErrors, setGeneral)) form.reset();
  };
  return (
    <form onSubmit={form.onSubmit(save)} noValidate>
      <Stack gap="xs">
        <FormError error={general} />
        <Textarea
          label={label}
          placeholder="Visible uniquement par l’équipe interne, jamais par les partenaires."
          autosize
          minRows={2}
          {...form.getInputProps('body')}
        />
        <Group justify="flex-end" gap="xs">
          {onCancel && (
            <Button variant="default" size="xs" onClick={onCancel}>
              Annuler
            </Button>
          )}
          <Button type="submit" size="xs" loading={form.submitting}>
            Enregistrer la note
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * Internal notes (staff only; the tab is not shown to partners and the API answers them 404). They
 * follow the client's rights: the form shows to those who may update the client (`editable`).
 */
export function NotesTab({ clientId, editable }: { clientId: string; editable: boolean }) {
  const { query, refresh } = useClientRecords(clientId, 'notes');
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<NoteOut | null>(null);
  const notes = query.data ?? [];
  return (
    <Stack>
      {editable && query.isSuccess && (
        <NoteEditor
          key={notes.length}
          initial=""
          label="Nouvelle note interne"
          onSubmit={async (body) => {
            await clientApi.saveRecord(clientId, 'notes', undefined, { body });
            await refresh();
          }}
        />
      )}
      <DataList
        query={query}
        items={notes}
        errorTitle="Notes internes indisponibles"
        errorText="Chargement impossible."
        empty="Aucune note interne."
        rowTestId="note-card"
        card={(n) =>
          editing === n.id ? (
            <NoteEditor
              initial={n.body}
              label="Modifier la note"
              onCancel={() => setEditing(null)}
              onSubmit={async (body) => {
                await clientApi.saveRecord(clientId, 'notes', n.id, { body });
                await refresh();
                setEditing(null);
              }}
            />
          ) : (
            <Stack gap={4}>
              <RecordNotes>{n.body}</RecordNotes>
              <Group justify="space-between" gap="xs">
                <Text size="xs" c="dimmed">
                  {n.authorName ?? 'Auteur inconnu'} ·{' '}
                  <time dateTime={n.createdAt}>{when.format(new Date(n.createdAt))}</time>
                  {n.updatedAt !== n.createdAt ? ' (modifiée)' : ''}
                </Text>
                <Group gap={4}>
                  {n.abilities.update && (
                    <Button size="compact-xs" variant="subtle" onClick={() => setEditing(n.id)}>
                      Modifier
                    </Button>
                  )}
                  {n.abilities.delete && (
                    <Button size="compact-xs" variant="subtle" color="red" onClick={() => setDeleting(n)}>
                      Supprimer
                    </Button>
                  )}
                </Group>
              </Group>
            </Stack>
          )
        }
      />
      <DeleteRecord
        remove={deleting && (() => clientApi.removeRecord(clientId, 'notes', deleting.id))}
        label="cette note interne"
        onClose={() => setDeleting(null)}
        onDone={refresh}
      />
    </Stack>
  );
}
