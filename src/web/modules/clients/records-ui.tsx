import { Alert, Button, Center, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useRef } from 'react';
import { ApiError } from '../../app/api.ts';
import { type ClientRecord, clientQueries, invalidateClientRecords, type RecordKind } from './api.ts';

/** The records of one kind (sites, contacts, platforms, notes) of a client, and how to refresh them. */
export function useClientRecords<K extends RecordKind>(
  clientId: string,
  kind: K,
  /** Refetch every few seconds while this holds (e.g. a site still being geocoded). */
  pollWhile?: (items: ClientRecord<K>[]) => boolean,
) {
  const queryClient = useQueryClient();
  const query = useQuery({
    ...clientQueries.records(clientId, kind),
    refetchInterval: (q) => (pollWhile && q.state.data && pollWhile(q.state.data) ? 3000 : false),
  });
  // The record page shows counts and the history lists the change.
  const refresh = () => invalidateClientRecords(queryClient, clientId, kind);
  return { query, refresh };
}

export function RecordsState({
  query,
  what,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown };
  what: string;
}) {
  if (query.isPending) {
    return (
      <Center py="lg">
        <Loader size="sm" />
      </Center>
    );
  }
  return (
    <Alert color="red" title={`${what} indisponibles`} role="alert">
      {query.error instanceof ApiError ? query.error.message : 'Chargement impossible.'}
    </Alert>
  );
}

export function useIsPhone() {
  return useMediaQuery('(max-width: 35.99em)') ?? false;
}

/** An add/edit dialog, full screen on a phone. */
export function RecordModal({
  opened,
  onClose,
  title,
  children,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
}) {
  const phone = useIsPhone();
  // Keeps its title while the closing transition runs.
  const shown = useRef(title);
  if (opened) shown.current = title;
  return (
    <Modal opened={opened} onClose={onClose} title={shown.current} size="lg" fullScreen={phone}>
      {children}
    </Modal>
  );
}

/** Confirms and deletes one record. */
export function DeleteRecord({
  remove: removeRecord,
  label,
  onClose,
  onDone,
}: {
  /** Deletes the record; `null` while none is to be deleted. */
  remove: (() => Promise<unknown>) | null;
  label: string;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const remove = useMutation({
    mutationFn: () => removeRecord!(),
    onSuccess: async () => {
      await onDone();
      notifications.show({ color: 'green', message: 'Supprimé.' });
      onClose();
    },
  });
  return (
    <Modal opened={removeRecord !== null} onClose={onClose} title="Confirmer la suppression">
      <Stack>
        <Text size="sm">Supprimer {label} ? Cette action est irréversible.</Text>
        {remove.isError && (
          <Alert color="red" role="alert">
            {remove.error instanceof ApiError ? remove.error.message : 'Suppression impossible.'}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={remove.isPending}>
            Annuler
          </Button>
          <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
            Supprimer
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The form's general error (a 409 or a network failure), field errors go on the fields. */
export function FormError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <Alert color="red" role="alert">
      {error}
    </Alert>
  );
}

/** Sends a form; API field errors land on the fields (paths mapped by `mapPath`), others above the form. */
export async function submitRecord(
  send: () => Promise<unknown>,
  setErrors: (errors: Record<string, string>) => void,
  setGeneral: (message: string | null) => void,
  mapPath: (path: string) => string = (p) => p,
): Promise<boolean> {
  setGeneral(null);
  try {
    await send();
    return true;
  } catch (e) {
    if (e instanceof ApiError) {
      const errors: Record<string, string> = {};
      for (const d of e.details) errors[mapPath(d.path)] ??= d.message;
      setErrors(errors);
      if (e.details.length === 0 || e.status === 409) setGeneral(e.message);
    } else setGeneral('Enregistrement impossible.');
    return false;
  }
}

/** « Modifier » and « Supprimer » of a record card; each shown only when its handler is given. */
export function RecordActions({
  onEdit,
  onDelete,
}: {
  onEdit?: (() => void) | false;
  onDelete?: (() => void) | false;
}) {
  if (!onEdit && !onDelete) return null;
  return (
    <Group gap="xs" justify="flex-end">
      {onEdit && (
        <Button size="xs" variant="default" onClick={onEdit}>
          Modifier
        </Button>
      )}
      {onDelete && (
        <Button size="xs" color="red" variant="subtle" onClick={onDelete}>
          Supprimer
        </Button>
      )}
    </Group>
  );
}

/** Free text of a record (notes), line breaks kept, long words wrapped. */
export function RecordNotes({ children }: { children: string | null | undefined }) {
  if (!children) return null;
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {children}
    </Text>
  );
}
