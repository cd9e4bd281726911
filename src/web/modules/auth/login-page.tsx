import { Alert, Anchor, Button, PasswordInput, PinInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { loginBody } from '../../../shared/schemas/auth.ts';
import { schemaResolver } from '../../ui/form-validation.ts';
import { ApiError } from '../../app/api.ts';
import { meQuery } from '../../app/auth.ts';
import { authApi } from './api.ts';
import { AuthCard, EmailInput } from './auth-card.tsx';

/** Login, with the TOTP step when the account has two-factor authentication. */
export function LoginPage() {
  const navigate = useNavigate();
  const search = useSearch({ from: '/connexion' });
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [needTotp, setNeedTotp] = useState(false);
  const [totp, setTotp] = useState('');
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: schemaResolver(loginBody),
  });

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      const me = await authApi.login({ ...values, ...(needTotp ? { totp } : {}) });
      queryClient.clear();
      queryClient.setQueryData(meQuery.queryKey, me);
      const target = me.totpEnrollmentRequired ? '/compte' : (search.redirect ?? me.home);
      await navigate({ to: target.startsWith('/') && !target.startsWith('//') ? target : '/' });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'totp_required') {
        setNeedTotp(true);
      } else {
        setError(e instanceof ApiError ? e.message : 'Connexion impossible.');
        if (needTotp) setTotp('');
      }
    } finally {
      setBusy(false);
    }
  });

  return (
    <AuthCard subtitle="Clients, tickets, commandes et interventions">
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" title="Connexion refusée" role="alert">
              {error}
            </Alert>
          )}
          <EmailInput {...form.getInputProps('email')} disabled={needTotp} />
          <PasswordInput
            label="Mot de passe"
            autoComplete="current-password"
            {...form.getInputProps('password')}
            disabled={needTotp}
          />
          {needTotp && (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Code de vérification
              </Text>
              <Text size="xs" c="dimmed">
                Saisissez le code à 6 chiffres affiché par votre application d’authentification.
              </Text>
              <PinInput
                length={6}
                type="number"
                oneTimeCode
                autoFocus
                value={totp}
                onChange={setTotp}
                ariaLabel="Code de vérification"
              />
            </Stack>
          )}
          <Button type="submit" loading={busy} fullWidth>
            {needTotp ? 'Vérifier et se connecter' : 'Se connecter'}
          </Button>
          {needTotp && (
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => {
                setNeedTotp(false);
                setTotp('');
              }}
            >
              Utiliser un autre compte
            </Anchor>
          )}
          {!needTotp && (
            <Anchor component={Link} to="/mot-de-passe-oublie" size="sm">
              Mot de passe oublié ?
            </Anchor>
          )}
        </Stack>
      </form>
    </AuthCard>
  );
}
