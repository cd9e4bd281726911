import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { forgotPasswordBody } from '../../../shared/schemas/auth.ts';
import { schemaResolver } from '../../ui/form-validation.ts';
import { useFormSubmit } from '../../ui/use-form-submit.ts';
import { authApi } from './api.ts';
import { AuthCard, EmailInput, FormAlert } from './auth-card.tsx';

/**
 * « Mot de passe oublié » (public): asks for a reset link by email. The server answers the same
 * whether the address has an account or not, and so does this page.
 */
export function ForgotPasswordPage() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm({ initialValues: { email: '' }, validate: schemaResolver(forgotPasswordBody) });
  const { submit, busy, error } = useFormSubmit(form, 'Envoi impossible. Réessayez.', async ({ email }) => {
    await authApi.requestResetLink(email);
    setSentTo(email.trim());
  });

  const loginLink = (
    <Anchor component={Link} to="/connexion" size="sm">
      Retour à la connexion
    </Anchor>
  );

  return (
    <AuthCard subtitle="Mot de passe oublié">
      {sentTo ? (
        <Stack>
          <Alert color="green" title="Demande enregistrée">
            Si un compte actif correspond à <strong>{sentTo}</strong>, un e-mail contenant un lien pour
            choisir un nouveau mot de passe vient de lui être envoyé. Le lien fonctionne une seule fois,
            pendant une heure. Pensez à regarder dans vos courriers indésirables.
          </Alert>
          {loginLink}
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">
              Saisissez l’adresse e-mail de votre compte : nous vous enverrons un lien pour choisir un nouveau
              mot de passe.
            </Text>
            <FormAlert error={error} />
            <EmailInput {...form.getInputProps('email')} />
            <Button type="submit" loading={busy} fullWidth>
              Recevoir un lien
            </Button>
            {loginLink}
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
