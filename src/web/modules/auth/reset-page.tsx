import { Alert, Anchor, Button, Center, Loader, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { ApiError } from '../../app/api.ts';
import { schemaResolver } from '../../ui/form-validation.ts';
import { useFormSubmit } from '../../ui/use-form-submit.ts';
import { resetPasswordForm } from './password-form.ts';
import { authApi, authQueries } from './api.ts';
import { AuthCard, FormAlert } from './auth-card.tsx';

/** Public page reached from a one-time reset link: /reinitialiser-mot-de-passe#<token>. */
export function ResetPasswordPage() {
  const hash = useLocation({ select: (l) => l.hash });
  const token = decodeURIComponent((hash || window.location.hash).replace(/^#/, ''));
  const [done, setDone] = useState(false);
  const check = useQuery({
    ...authQueries.resetCheck(token),
    enabled: token.length > 0,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const form = useForm({
    initialValues: { newPassword: '', confirmation: '' },
    validate: schemaResolver(resetPasswordForm),
  });

  const { submit, busy, error } = useFormSubmit(
    form,
    'Réinitialisation impossible.',
    async ({ newPassword }) => {
      await authApi.resetPassword(token, newPassword);
      setDone(true);
    },
  );

  const loginLink = (
    <Anchor component={Link} to="/connexion" size="sm">
      Retour à la connexion
    </Anchor>
  );

  let body: ReactNode;
  if (!token) {
    body = (
      <Stack>
        <Alert color="red" title="Lien incomplet" role="alert">
          Ce lien de réinitialisation est incomplet. Copiez le lien entier reçu par e-mail, ou demandez-en un
          nouveau.
        </Alert>
        {loginLink}
      </Stack>
    );
  } else if (check.isPending) {
    body = (
      <Center py="lg">
        <Loader />
      </Center>
    );
  } else if (check.isError) {
    body = (
      <Stack>
        <Alert color="red" title="Lien inutilisable" role="alert">
          {check.error instanceof ApiError ? check.error.message : 'Ce lien ne peut pas être vérifié.'}
        </Alert>
        <Button component={Link} to="/mot-de-passe-oublie" variant="light" fullWidth>
          Demander un nouveau lien
        </Button>
        {loginLink}
      </Stack>
    );
  } else if (done) {
    body = (
      <Stack>
        <Alert color="green" title="Mot de passe modifié">
          Votre nouveau mot de passe est enregistré. Vous pouvez maintenant vous connecter.
        </Alert>
        <Button component={Link} to="/connexion" fullWidth>
          Se connecter
        </Button>
      </Stack>
    );
  } else {
    body = (
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            Choisissez un nouveau mot de passe pour <strong>{check.data.email}</strong>.
          </Text>
          <FormAlert error={error} />
          <PasswordInput
            label="Nouveau mot de passe"
            description="12 caractères minimum. Une phrase de passe est plus simple à retenir."
            autoComplete="new-password"
            autoFocus
            {...form.getInputProps('newPassword')}
          />
          <PasswordInput
            label="Confirmation du nouveau mot de passe"
            autoComplete="new-password"
            {...form.getInputProps('confirmation')}
          />
          <Button type="submit" loading={busy} fullWidth>
            Enregistrer le mot de passe
          </Button>
          {loginLink}
        </Stack>
      </form>
    );
  }

  return <AuthCard subtitle="Nouveau mot de passe">{body}</AuthCard>;
}
