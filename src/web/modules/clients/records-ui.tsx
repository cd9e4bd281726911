import { Alert, Anchor, Button, Group, Modal, Stack, type StyleProp, Text } from '@mantine/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { type ReactNode, useRef, useState } from 'react';
import { ApiError } from '../../app/api.ts';
import { DataList, useIsPhone } from '../../ui/data-list.tsx';
import { ConfirmModal } from '../../ui/feedback.tsx';
import { FormActions } from '../../ui/form-actions.tsx';
import { type ClientRecord, clientQueries, invalidateClientRecords, type RecordKind } from './api.ts';
import { formatPhone } from '../../../shared/phone.ts';

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

/** Confirms and deletes one record (`remove` given: the dialog is open). */
export function DeleteRecord({
  remove,
  label,
  onClose,
  onDone,
}: {
  remove: (() => Promise<unknown>) | null;
  label: string;
  onClose: () => void;
  onDone: () => Promise<unknown>;
}) {
  const mutation = useMutation({
    mutationFn: () => remove!(),
    onSuccess: async () => {
      await onDone();
      notifications.show({ color: 'green', message: 'Supprimé.' });
      onClose();
    },
  });
  return (
    <ConfirmModal
      opened={remove !== null}
      title="Confirmer la suppression"
      confirmLabel="Supprimer"
      loading={mutation.isPending}
      error={mutation.error}
      onConfirm={() => mutation.mutate()}
      onClose={() => {
        mutation.reset();
        onClose();
      }}
    >
      <Text size="sm">Supprimer {label} ? Cette action est irréversible.</Text>
    </ConfirmModal>
  );
}

/**
 * A tab of a client's records (sites, contacts, platforms, contracts): « Ajouter » above the cards,
 * each card with « Modifier » and « Supprimer » where allowed, the add/edit dialog (`form` renders
 * the form for a record, or for a new one: `null`) and the delete confirmation.
 */
export function RecordTab<T extends { id: string }>({
  query,
  what,
  empty,
  editable,
  rights = () => ({ update: editable, delete: editable }),
  titles,
  cardCols,
  cardTestId,
  card,
  form,
  remove,
  deleteLabel,
  onDone,
}: {
  query: UseQueryResult<T[]>;
  /** « Contacts »: the error reads « Contacts indisponibles ». */
  what: string;
  empty: string;
  /** Whether « Ajouter » shows (and, without `rights`, the cards' buttons). */
  editable: boolean;
  rights?: (record: T) => { update?: boolean; delete?: boolean };
  titles: { add: string; edit: string };
  cardCols?: StyleProp<number>;
  cardTestId?: string;
  /** A card's content; `actions` is its « Modifier » / « Supprimer » row (or nothing). */
  card: (record: T, actions: ReactNode) => ReactNode;
  form: (record: T | null, close: () => void) => ReactNode;
  remove: (record: T) => Promise<unknown>;
  deleteLabel: (record: T) => string;
  onDone: () => Promise<unknown>;
}) {
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [deleting, setDeleting] = useState<T | null>(null);
  const closeEdit = () => setEditing(null);
  return (
    <>
      <DataList
        query={query}
        items={query.data ?? []}
        errorTitle={`${what} indisponibles`}
        errorText="Chargement impossible."
        empty={empty}
        actions={editable && <Button onClick={() => setEditing('new')}>{titles.add}</Button>}
        cardCols={cardCols}
        rowTestId={cardTestId}
        card={(record) => {
          const may = rights(record);
          const actions = (
            <RecordActions
              onEdit={may.update && (() => setEditing(record))}
              onDelete={may.delete && (() => setDeleting(record))}
            />
          );
          return card(record, actions);
        }}
      />
      <RecordModal
        opened={editing !== null}
        onClose={closeEdit}
        title={editing === 'new' ? titles.add : titles.edit}
      >
        {editing !== null && form(editing === 'new' ? null : editing, closeEdit)}
      </RecordModal>
      <DeleteRecord
        remove={deleting && (() => remove(deleting))}
        label={deleting ? deleteLabel(deleting) : ''}
        onClose={() => setDeleting(null)}
        onDone={onDone}
      />
    </>
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

/** After a record is saved: the list reloads, a green notice says so, the dialog closes. */
export async function recordSaved(reload: () => Promise<unknown>, onClose: () => void, message: string) {
  await reload();
  notifications.show({ color: 'green', message });
  onClose();
}

/**
 * The state of a record's add/edit form: `submit(body)` sends it with `send`; on success the list
 * reloads, `saved` shows in green and the dialog closes; on failure the errors go on the fields
 * (paths mapped by `mapPath`) or above the form.
 */
export function useRecordForm<V extends Record<string, unknown>>({
  initialValues,
  send,
  saved,
  onSaved,
  onClose,
  mapPath,
}: {
  initialValues: V;
  send: (body: unknown) => Promise<unknown>;
  saved: string;
  onSaved: () => Promise<unknown>;
  onClose: () => void;
  mapPath?: (path: string) => string;
}) {
  const [general, setGeneral] = useState<string | null>(null);
  const form = useForm<V>({ initialValues });
  const submit = async (body: unknown) => {
    if (await submitRecord(() => send(body), form.setErrors, setGeneral, mapPath))
      await recordSaved(onSaved, onClose, saved);
  };
  return { form, general, submit };
}

/** What a tab gives its add/edit form: the record (`null`: a new one), how to close and refresh. */
export type RecordFormProps<T> = {
  clientId: string;
  record: T | null;
  onClose: () => void;
  onSaved: () => Promise<unknown>;
};

/** A record's form: its general error on top, its fields, « Annuler » / « Enregistrer » below. */
export function RecordForm<V>({
  form,
  general,
  onSubmit,
  onCancel,
  children,
}: {
  form: UseFormReturnType<V>;
  general: string | null;
  onSubmit: (values: V) => Promise<unknown>;
  onCancel: () => void;
  children: ReactNode;
}) {
  return (
    <form onSubmit={form.onSubmit(onSubmit)} noValidate>
      <Stack>
        <FormError error={general} />
        {children}
        <FormActions onCancel={onCancel} loading={form.submitting} />
      </Stack>
    </form>
  );
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

/** A phone number to call from the card (its E.164 form when the server could read it), shown the French way. */
export function TelLink({ phone, e164 }: { phone: string; e164: string | null }) {
  return (
    <Anchor size="sm" href={`tel:${e164 ?? phone.replace(/[^\d+]/g, '')}`}>
      {formatPhone(e164 ?? phone)}
    </Anchor>
  );
}
