import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import type { UserOut } from '../../../../shared/schemas/admin.ts';
import { CopyField } from '../admin-ui.tsx';
import { ErrorAlert } from '../../../ui/feedback.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { FormActions } from '../../../ui/form-actions.tsx';
import { adminApi } from '../api.ts';

/** A one-time password reset link to hand over, after creation or on request. */
export function ResetLinkPanel({
  user,
  created,
  onClose,
}: {
  user: UserOut;
  created: boolean;
  onClose: () => void;
}) {
  const link = useMutation({
    mutationFn: () => adminApi.resetLink(user.id),
    onSuccess: () => notifications.show({ color: 'teal', message: 'Lien de réinitialisation créé.' }),
  });

  return (
    <Stack>
      {created && (
        <Alert color="teal" title={`Le compte de ${user.name} est créé`}>
          Il n’a pas encore de mot de passe. Créez un lien de réinitialisation pour qu’il choisisse le sien.
        </Alert>
      )}
      <ErrorAlert error={link.error} title="Lien impossible à créer" />
      {link.data ? (
        <>
          <CopyField
            label="Lien de réinitialisation"
            value={link.data.url}
            description={`Valable jusqu’au ${formatDateTime(link.data.expiresAt)}`}
          />
          <Alert color="yellow" title="À transmettre à l’utilisateur">
            Envoyez ce lien à {user.name} ({user.email}). Il ne fonctionne qu’une seule fois, dans les 60
            minutes qui suivent sa création. Passé ce délai, créez-en un nouveau.
          </Alert>
          <Group justify="flex-end">
            <Button onClick={onClose}>Fermer</Button>
          </Group>
        </>
      ) : (
        <>
          {!created && (
            <Text size="sm">
              Créez un lien à usage unique, valable 60 minutes, qui permettra à {user.name} de choisir un
              nouveau mot de passe.
            </Text>
          )}
          <FormActions
            onCancel={onClose}
            cancelLabel={created ? 'Plus tard' : 'Annuler'}
            submitLabel="Créer un lien de réinitialisation"
            loading={link.isPending}
            onSubmit={() => link.mutate()}
          />
        </>
      )}
    </Stack>
  );
}
