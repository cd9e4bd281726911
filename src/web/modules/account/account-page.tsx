import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Image,
  Modal,
  PasswordInput,
  PinInput,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { roleLabels } from '../../../shared/permissions.ts';
import { ApiError } from '../../app/api.ts';
import { meQuery, useMe } from '../../app/auth.ts';
import { authApi, type TotpSetup as Setup } from '../auth/api.ts';
import { NotificationPreferencesCard } from '../notifications/notification-preferences.tsx';
import { schemaResolver } from '../../ui/form-validation.ts';
import { changePasswordForm } from '../auth/password-form.ts';
import { passwordBody } from '../../../shared/schemas/auth.ts';

const errorText = (e: unknown, fallback: string) => (e instanceof ApiError ? e.message : fallback);

function PasswordCard() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', confirmation: '' },
    validate: schemaResolver(changePasswordForm),
  });

  const submit = form.onSubmit(async ({ currentPassword, newPassword }) => {
    setBusy(true);
    setError(null);
    try {
      await authApi.changePassword(currentPassword, newPassword);
      form.reset();
      notifications.show({
        color: 'green',
        message: 'Mot de passe modifié. Vos autres sessions ont été fermées.',
      });
    } catch (e) {
      const fields = e instanceof ApiError ? e.fieldErrors() : {};
      form.setErrors(fields);
      if (!fields.currentPassword && !fields.newPassword) setError(errorText(e, 'Modification impossible.'));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Card withBorder padding="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={3} size="h4">
            Mot de passe
          </Title>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <PasswordInput
            label="Mot de passe actuel"
            autoComplete="current-password"
            {...form.getInputProps('currentPassword')}
          />
          <PasswordInput
            label="Nouveau mot de passe"
            description="12 caractères minimum. Une phrase de passe est plus simple à retenir."
            autoComplete="new-password"
            {...form.getInputProps('newPassword')}
          />
          <PasswordInput
            label="Confirmation du nouveau mot de passe"
            autoComplete="new-password"
            {...form.getInputProps('confirmation')}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              Modifier le mot de passe
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function TotpEnrolment({ required }: { required: boolean }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      setSetup(await authApi.startTotp());
      setCode('');
    } catch (e) {
      setError(errorText(e, 'Impossible de démarrer l’activation.'));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (!/^\d{6}$/.test(code)) {
      setError('Saisissez les 6 chiffres affichés par votre application.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await authApi.confirmTotp(code);
      await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
      notifications.show({ color: 'green', message: 'Double authentification activée.' });
      setSetup(null);
      if (required) await navigate({ to: '/' });
    } catch (e) {
      setError(e instanceof ApiError ? (e.fieldErrors().code ?? e.message) : 'Activation impossible.');
      setCode('');
    } finally {
      setBusy(false);
    }
  };

  if (!setup) {
    return (
      <Stack align="flex-start">
        <Text size="sm">
          Protégez votre compte avec un code à 6 chiffres généré par une application d’authentification
          (Google Authenticator, Microsoft Authenticator, FreeOTP…).
        </Text>
        {error && (
          <Alert color="red" role="alert" w="100%">
            {error}
          </Alert>
        )}
        <Button onClick={start} loading={busy}>
          Activer la double authentification
        </Button>
      </Stack>
    );
  }

  const grouped = setup.secret.match(/.{1,4}/g)?.join(' ') ?? setup.secret;
  return (
    <Stack>
      <Text size="sm">
        1. Scannez ce QR code avec votre application d’authentification, ou saisissez la clé manuellement.
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
        <Image src={setup.qrCode} alt="QR code à scanner" w={200} h={200} fit="contain" />
        <Stack gap={6}>
          <Text size="xs" c="dimmed">
            Clé à saisir manuellement
          </Text>
          <Code
            block
            data-testid="totp-secret"
            style={{
              whiteSpace: 'normal',
              overflowWrap: 'anywhere',
              fontSize: 'var(--mantine-font-size-md)',
            }}
          >
            {grouped}
          </Code>
          <Anchor href={setup.uri} size="sm">
            Ouvrir dans l’application (sur ce téléphone)
          </Anchor>
        </Stack>
      </SimpleGrid>
      <Text size="sm">2. Saisissez le code à 6 chiffres affiché par l’application.</Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void confirm();
        }}
      >
        <Stack align="flex-start">
          <PinInput
            length={6}
            type="number"
            oneTimeCode
            autoFocus
            value={code}
            onChange={setCode}
            ariaLabel="Code de vérification"
            error={Boolean(error)}
          />
          {error && (
            <Alert color="red" role="alert" w="100%">
              {error}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={busy}>
              Confirmer
            </Button>
            <Button variant="default" onClick={() => setSetup(null)} disabled={busy}>
              Annuler
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

function TotpDisable() {
  const queryClient = useQueryClient();
  const [opened, { open, close }] = useDisclosure(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { password: '' },
    validate: schemaResolver(passwordBody),
  });

  const shut = () => {
    close();
    form.reset();
    setError(null);
  };

  const submit = form.onSubmit(async ({ password }) => {
    setBusy(true);
    setError(null);
    try {
      await authApi.disableTotp(password);
      await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
      notifications.show({ message: 'Double authentification désactivée.' });
      shut();
    } catch (e) {
      const fields = e instanceof ApiError ? e.fieldErrors() : {};
      form.setErrors(fields);
      if (!fields.password) setError(errorText(e, 'Désactivation impossible.'));
    } finally {
      setBusy(false);
    }
  });

  return (
    <>
      <Button color="red" variant="light" onClick={open}>
        Désactiver
      </Button>
      <Modal opened={opened} onClose={shut} title="Désactiver la double authentification">
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm">Saisissez votre mot de passe pour désactiver la double authentification.</Text>
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <PasswordInput
              label="Mot de passe"
              autoComplete="current-password"
              data-autofocus
              {...form.getInputProps('password')}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={shut} disabled={busy}>
                Annuler
              </Button>
              <Button type="submit" color="red" loading={busy}>
                Désactiver
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

/** My account: identity, password change and two-factor authentication. */
export function AccountPage() {
  const me = useMe();
  return (
    <Stack maw={720}>
      <Title order={2}>Mon compte</Title>
      {me.totpEnrollmentRequired && (
        <Alert color="yellow" title="Double authentification requise">
          La double authentification est obligatoire pour votre rôle. Activez-la pour accéder à Relais.
        </Alert>
      )}
      <Card withBorder padding="lg">
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          <div>
            <Text size="xs" c="dimmed">
              Nom
            </Text>
            <Text fw={500}>{me.user.name}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              Adresse e-mail
            </Text>
            <Text fw={500} style={{ overflowWrap: 'anywhere' }}>
              {me.user.email}
            </Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              Rôle
            </Text>
            <Text fw={500}>{roleLabels[me.user.role]}</Text>
          </div>
        </SimpleGrid>
      </Card>
      <Card withBorder padding="lg">
        <Stack>
          <Group justify="space-between">
            <Title order={3} size="h4">
              Double authentification
            </Title>
            {me.user.totpEnabled ? (
              <Badge color="green" variant="light">
                Activée
              </Badge>
            ) : (
              <Badge color="gray" variant="light">
                Désactivée
              </Badge>
            )}
          </Group>
          {me.user.totpEnabled ? (
            <Group justify="space-between">
              <Text size="sm">Un code de votre application vous est demandé à chaque connexion.</Text>
              <TotpDisable />
            </Group>
          ) : (
            <TotpEnrolment required={me.totpEnrollmentRequired} />
          )}
        </Stack>
      </Card>
      <PasswordCard />
      {!me.totpEnrollmentRequired && <NotificationPreferencesCard />}
    </Stack>
  );
}
