import {
  Alert,
  Anchor,
  Button,
  Center,
  Loader,
  Paper,
  PasswordInput,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { ApiError } from '../../app/api.ts';
import { schemaResolver } from '../../ui/form-validation.ts';
import { resetPasswordForm } from './password-form.ts';
import { authApi, authQueries } from './api.ts';

/** Public page reached from a one-time reset link: /reinitialiser-mot-de-passe#<token>. */
export function ResetPasswordPage() {
  const hash = useLocation({ select: (l) => l.hash });
  const token = decodeURIComponent((hash || window.location.hash).replace(/^#/, ''));
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
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

  const submit = form.onSubmit(async ({ newPassword }) => {
    setBusy(true);
    setError(null);
    try {
      await authApi.resetPassword(token, newPassword);
      setDone(true);
    } catch (e) {
      const fields = e instanceof ApiError ? e.fieldErrors() : {};
      form.setErrors(fields);
      if (!fields.newPassword) setError(e instanceof ApiError ? e.message : 'Réinitialisation impossible.');
    } finally {
      setBusy(false);
    }
  });

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
          Ce lien de réinitialisation est incomplet. Copiez le lien entier reçu de votre administrateur.
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
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
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

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
        <Stack>
          <div>
            <Title order={1} size="h2" c="blue.7">
              Relais
            </Title>
            <Text c="dimmed" size="sm">
              Nouveau mot de passe
            </Text>
          </div>
          {body}
        </Stack>
      </Paper>
    </Center>
  );
}
