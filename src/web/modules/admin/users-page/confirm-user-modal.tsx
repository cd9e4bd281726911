import { Text } from '@mantine/core';
import type { UseMutationResult } from '@tanstack/react-query';
import type { UserOut } from '../../../../shared/schemas/admin.ts';
import { ConfirmModal } from '../../../ui/feedback.tsx';

export type Confirm = { kind: 'disable' | 'totp'; user: UserOut };

type Props = {
  confirm: Confirm | null;
  mutation: UseMutationResult<void, Error, Confirm>;
  onClose: () => void;
};

/** Confirms a (de)activation or a 2FA reset. */
export function ConfirmUserModal({ confirm, mutation: confirmMutation, onClose }: Props) {
  return (
    <ConfirmModal
      opened={confirm !== null}
      onClose={onClose}
      title={
        confirm?.kind === 'totp'
          ? 'Réinitialiser la double authentification'
          : confirm?.user.disabled
            ? 'Réactiver l’utilisateur'
            : 'Désactiver l’utilisateur'
      }
      confirmLabel={
        confirm?.kind === 'totp' ? 'Réinitialiser' : confirm?.user.disabled ? 'Réactiver' : 'Désactiver'
      }
      color={confirm?.kind === 'disable' && confirm.user.disabled ? 'blue' : 'red'}
      loading={confirmMutation.isPending}
      error={confirmMutation.error}
      onConfirm={() => confirm && confirmMutation.mutate(confirm)}
    >
      {confirm?.kind === 'totp' ? (
        <Text size="sm">
          {confirm.user.name} devra configurer à nouveau son application d’authentification à sa prochaine
          connexion. À utiliser lorsqu’il a perdu son téléphone.
        </Text>
      ) : confirm?.user.disabled ? (
        <Text size="sm">{confirm.user.name} pourra de nouveau se connecter.</Text>
      ) : (
        <Text size="sm">
          {confirm?.user.name} ne pourra plus se connecter et ses sessions en cours seront fermées
          immédiatement. Vous pourrez le réactiver plus tard.
        </Text>
      )}
    </ConfirmModal>
  );
}
