import { ActionIcon, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { type QueryKey, type UseQueryResult, useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import type { z } from '../../shared/zod.ts';
import { type Column, DataList } from './data-list.tsx';
import { ConfirmModal, ErrorAlert, PageHeader } from './feedback.tsx';
import { FormActions } from './form-actions.tsx';
import { schemaResolver } from './form-validation.ts';
import { useNoticeMutation } from './notice-mutation.ts';

type CatalogItem = { id: string; name: string };
type FormValues = Record<string, unknown>;

/** The French texts of one catalogue; the item is given where the sentence names it. */
export type CatalogTexts<T> = {
  title: string;
  intro: ReactNode;
  add: string;
  /** Shown instead of an empty table. */
  empty: string;
  newTitle: string;
  editTitle: string;
  edit: string;
  save: string;
  deleteTitle: string;
  deleteAria: (item: T) => string;
  deleteQuestion: (item: T) => string;
  created: (item: T) => string;
  updated: (item: T) => string;
  deleted: (item: T) => string;
};

type Props<T extends CatalogItem, V extends FormValues> = {
  texts: CatalogTexts<T>;
  query: UseQueryResult<{ items: T[] }>;
  /** Adds an item (no `id`) or changes one: the module's api.ts. */
  save: (id: string | undefined, values: V) => Promise<T>;
  remove: (id: string) => Promise<unknown>;
  /** The queries a change makes stale. */
  invalidates: QueryKey[];
  columns: Column<T>[];
  /** The shared request schema the dialog's values are sent as. */
  schema: z.ZodType;
  valuesOf: (item: T | null) => V;
  fields: (form: UseFormReturnType<V>) => ReactNode;
  rights: { create: boolean; update: boolean; delete: boolean };
  minWidth?: number;
  testId?: string;
};

/**
 * An administration page for a named catalogue (skills, client segments…): a table, an add/edit
 * dialog validated by the shared request schema, and a confirmed delete (the server refuses to
 * delete an item still in use and says why).
 */
export function CatalogPage<T extends CatalogItem, V extends FormValues>(props: Props<T, V>) {
  const { texts, query, invalidates, columns, rights } = props;
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  // Kept after closing, so the confirmation keeps its text during the closing transition.
  const [deleting, setDeleting] = useState<T | null>(null);
  const [confirming, setConfirming] = useState(false);
  const refresh = () =>
    Promise.all(invalidates.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
  const remove = useMutation({
    mutationFn: (id: string) => props.remove(id),
    onSuccess: async () => {
      await refresh();
      if (deleting) notifications.show({ color: 'green', message: texts.deleted(deleting) });
      setConfirming(false);
    },
  });
  return (
    <Stack>
      <PageHeader title={texts.title}>
        {rights.create && <Button onClick={() => setEditing('new')}>{texts.add}</Button>}
      </PageHeader>
      <Text size="sm" c="dimmed">
        {texts.intro}
      </Text>
      <DataList
        query={query}
        items={query.data?.items ?? []}
        empty={texts.empty}
        minWidth={props.minWidth ?? 320}
        testId={props.testId}
        columns={[
          ...columns,
          {
            hiddenHeader: 'Actions',
            cell: (item) => (
              <Group gap={4} justify="flex-end" wrap="nowrap">
                {rights.update && (
                  <Button size="compact-sm" variant="subtle" onClick={() => setEditing(item)}>
                    {texts.edit}
                  </Button>
                )}
                {rights.delete && (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={texts.deleteAria(item)}
                    onClick={() => {
                      remove.reset();
                      setDeleting(item);
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
        <CatalogItemModal
          key={editing === 'new' ? 'new' : editing.id}
          {...props}
          item={editing === 'new' ? null : editing}
          onSaved={refresh}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmModal
        opened={confirming}
        title={texts.deleteTitle}
        confirmLabel="Supprimer"
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate(deleting.id)}
        onClose={() => setConfirming(false)}
      >
        <Text size="sm">{deleting && texts.deleteQuestion(deleting)}</Text>
      </ConfirmModal>
    </Stack>
  );
}

function CatalogItemModal<T extends CatalogItem, V extends FormValues>({
  texts,
  save: send,
  schema,
  valuesOf,
  fields,
  item,
  onSaved,
  onClose,
}: Props<T, V> & { item: T | null; onSaved: () => Promise<unknown>; onClose: () => void }) {
  const form = useForm<V>({ initialValues: valuesOf(item), validate: schemaResolver(schema) });
  const save = useNoticeMutation(form, {
    save: (v: V) => send(item?.id, v),
    notice: (saved) => (item ? texts.updated(saved) : texts.created(saved)),
    color: 'green',
    after: async () => {
      await onSaved();
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={item ? texts.editTitle : texts.newTitle} centered>
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack>
          <ErrorAlert error={save.error} />
          {fields(form)}
          <FormActions
            onCancel={onClose}
            submitLabel={item ? texts.save : 'Ajouter'}
            loading={save.isPending}
          />
        </Stack>
      </form>
    </Modal>
  );
}
