import { Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { ConfirmModal } from '../../ui/feedback.tsx';
import { invalidateCatalogue } from './api.ts';

/**
 * The confirmed delete of an article or a pack: `ask(item)` opens the confirmation, `modal` is to
 * render; the server's refusal (an article still in a pack) shows in the dialog.
 */
export function useConfirmedDelete<T extends { id: string; name: string }>(
  run: (id: string) => Promise<unknown>,
  texts: { title: string; question: (item: T) => ReactNode; deleted: (item: T) => string },
) {
  const queryClient = useQueryClient();
  const [deleting, setDeleting] = useState<T | null>(null);
  const remove = useMutation({
    mutationFn: (item: T) => run(item.id),
    onSuccess: async (_r, item) => {
      await invalidateCatalogue(queryClient);
      notifications.show({ color: 'green', message: texts.deleted(item) });
      setDeleting(null);
    },
  });
  const ask = (item: T) => {
    remove.reset();
    setDeleting(item);
  };
  const modal = (
    <ConfirmModal
      opened={deleting !== null}
      title={texts.title}
      confirmLabel="Supprimer"
      loading={remove.isPending}
      error={remove.error}
      onConfirm={() => deleting && remove.mutate(deleting)}
      onClose={() => setDeleting(null)}
    >
      <Text size="sm">{deleting && texts.question(deleting)}</Text>
    </ConfirmModal>
  );
  return { ask, modal };
}
