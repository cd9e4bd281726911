import {
  Alert,
  Anchor,
  Button,
  Center,
  Paper,
  PasswordInput,
  PinInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { loginBody } from '../../../shared/schemas/auth.ts';
import { schemaResolver } from '../../ui/form-validation.ts';
import { ApiError } from '../../app/api.ts';
import { meQuery } from '../../app/auth.ts';
import { authApi } from './api.ts';

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
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <div>
              <Title order={1} size="h2" c="blue.7">
                Relais
              </Title>
              <Text c="dimmed" size="sm">
                Clients, tickets, commandes et interventions
              </Text>
            </div>
            {error && (
              <Alert color="red" title="Connexion refusée" role="alert">
                {error}
              </Alert>
            )}
            <TextInput
              label="Adresse e-mail"
              type="email"
              autoComplete="username"
              autoFocus
              {...form.getInputProps('email')}
              disabled={needTotp}
            />
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
            <Text size="xs" c="dimmed">
              Mot de passe oublié ? Demandez un lien de réinitialisation à votre administrateur.
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
