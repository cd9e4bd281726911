import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useRef, useState } from 'react';
import { ApiError, del, get } from '../../app/api.ts';
import { DataList, type ListQuery } from '../../ui/data-list.tsx';

/** The records of one kind (sites, contacts, platforms, notes) of a client, and how to refresh them. */
export function useClientRecords<T>(
  clientId: string,
  kind: 'sites' | 'contacts' | 'platforms' | 'notes',
  /** Refetch every few seconds while this holds (e.g. a site still being geocoded). */
  pollWhile?: (items: T[]) => boolean,
) {
  const queryClient = useQueryClient();
  const key = ['clients', kind, clientId];
  const query = useQuery({
    queryKey: key,
    queryFn: () => get<T[]>(`/clients/${encodeURIComponent(clientId)}/${kind}`),
    refetchInterval: (q) => (pollWhile && q.state.data && pollWhile(q.state.data) ? 3000 : false),
  });
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: key });
    // The record page shows counts and the history lists the change.
    await queryClient.invalidateQueries({ queryKey: ['clients', 'detail', clientId] });
    await queryClient.invalidateQueries({ queryKey: ['clients', 'timeline', clientId] });
  };
  return { query, refresh, base: `/clients/${encodeURIComponent(clientId)}/${kind}` };
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
  path,
  label,
  onClose,
  onDone,
}: {
  path: string | null;
  label: string;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const remove = useMutation({
    mutationFn: () => del(path!),
    onSuccess: async () => {
      await onDone();
      notifications.show({ color: 'green', message: 'Supprimé.' });
      onClose();
    },
  });
  return (
    <Modal opened={path !== null} onClose={onClose} title="Confirmer la suppression">
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

/**
 * A tab of records shown as cards (sites, contacts, platforms, contracts): « Ajouter… » above, each
 * card with « Modifier » / « Supprimer » as `may` allows, the add/edit dialog and the delete confirmation.
 */
export function RecordsTab<T extends { id: string }>({
  query,
  items,
  refresh,
  may,
  what,
  addLabel,
  editTitle,
  empty,
  cardCols,
  rowTestId,
  card,
  dialog,
  deletePath,
  deleteLabel,
}: {
  query: ListQuery;
  items: T[];
  refresh: () => Promise<unknown>;
  /** Whether the user may add (`null`), edit or delete (a record). */
  may: (item: T | null, action: 'update' | 'delete') => boolean;
  what: string;
  addLabel: string;
  editTitle: string;
  empty: string;
  cardCols?: { base: number; sm?: number; md?: number; lg?: number };
  rowTestId?: string;
  card: (item: T, actions: ReactNode) => ReactNode;
  /** The form, for a new record (`null`) or this one. */
  dialog: (item: T | null, close: () => void) => ReactNode;
  deletePath: (item: T) => string;
  deleteLabel: (item: T) => string;
}) {
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [deleting, setDeleting] = useState<T | null>(null);
  const close = () => setEditing(null);
  return (
    <Stack>
      <DataList
        query={query}
        items={items}
        empty={empty}
        errorTitle={`${what} indisponibles`}
        actions={may(null, 'update') && <Button onClick={() => setEditing('new')}>{addLabel}</Button>}
        cardCols={cardCols}
        rowTestId={rowTestId}
        card={(item) =>
          card(
            item,
            <RecordActions
              onEdit={may(item, 'update') && (() => setEditing(item))}
              onDelete={may(item, 'delete') && (() => setDeleting(item))}
            />,
          )
        }
      />
      <RecordModal opened={editing !== null} onClose={close} title={editing === 'new' ? addLabel : editTitle}>
        {editing !== null && dialog(editing === 'new' ? null : editing, close)}
      </RecordModal>
      <DeleteRecord
        path={deleting ? deletePath(deleting) : null}
        label={deleting ? deleteLabel(deleting) : ''}
        onClose={() => setDeleting(null)}
        onDone={async () => void (await refresh())}
      />
    </Stack>
  );
}
