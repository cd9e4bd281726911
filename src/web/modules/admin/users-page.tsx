import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type Role, roleLabels } from '../../../shared/permissions.ts';
import type { UserOut } from '../../../shared/schemas/admin.ts';
import { patch, post } from '../../app/api.ts';
import { LoadMore, useKeysetList } from '../../app/keyset.tsx';
import { can, useMe } from '../../app/auth.ts';
import {
  blankToNull,
  ConfirmModal,
  CopyField,
  ErrorAlert,
  fieldErrorsOf,
  formatDateTime,
  isRole,
  LoadingBlock,
  PageHeader,
  PartnerSelect,
  roleOptions,
} from './admin-ui.tsx';

type Confirm = { kind: 'disable' | 'totp'; user: UserOut };

/** Users: list with search and role filter, creation, edition, deactivation, reset links and 2FA reset. */
export function UsersPage() {
  const me = useMe();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [role, setRole] = useState<Role | null>(null);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserOut | null>(null);
  const [linkFor, setLinkFor] = useState<{ user: UserOut; created: boolean } | null>(null);
  const [confirm, setConfirm] = useState<Confirm | null>(null);

  const list = useKeysetList<UserOut>(['users', { q, role }], '/users', { q, role });
  const users = list.items;

  const confirmMutation = useMutation({
    mutationFn: async (c: Confirm) => {
      if (c.kind === 'disable') await patch<UserOut>(`/users/${c.user.id}`, { disabled: !c.user.disabled });
      else await post<void>(`/users/${c.user.id}/reset-totp`);
    },
    onSuccess: async (_data, c) => {
      notifications.show({
        color: 'teal',
        message:
          c.kind === 'totp'
            ? `Double authentification réinitialisée pour ${c.user.name}.`
            : c.user.disabled
              ? `${c.user.name} est réactivé.`
              : `${c.user.name} est désactivé.`,
      });
      setConfirm(null);
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const askConfirm = (c: Confirm) => {
    confirmMutation.reset();
    setConfirm(c);
  };

  return (
    <Stack>
      <PageHeader title="Utilisateurs">
        {can(me, 'administration', 'create') && (
          <Button onClick={() => setCreating(true)}>Nouvel utilisateur</Button>
        )}
      </PageHeader>

      <Group grow preventGrowOverflow={false} wrap="wrap" gap="sm">
        <TextInput
          label="Rechercher"
          placeholder="Nom ou adresse e-mail"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          miw={220}
        />
        <Select
          label="Rôle"
          placeholder="Tous les rôles"
          data={roleOptions}
          value={role}
          onChange={(v) => setRole(isRole(v) ? v : null)}
          clearable
          miw={220}
        />
      </Group>

      {list.isPending ? (
        <LoadingBlock />
      ) : !list.data ? (
        <ErrorAlert error={list.error} title="Impossible de charger les utilisateurs" />
      ) : users.length === 0 ? (
        <Text c="dimmed">Aucun utilisateur ne correspond à ces critères.</Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={820}>
            <Table striped highlightOnHover verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Utilisateur</Table.Th>
                  <Table.Th>Rôle</Table.Th>
                  <Table.Th>Partenaire</Table.Th>
                  <Table.Th>Téléphone</Table.Th>
                  <Table.Th>État</Table.Th>
                  <Table.Th>Créé le</Table.Th>
                  <Table.Th w={60}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {users.map((u) => (
                  <Table.Tr key={u.id}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {u.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {u.email}
                      </Text>
                    </Table.Td>
                    <Table.Td>{roleLabels[u.role]}</Table.Td>
                    <Table.Td>{u.partnerName ?? '—'}</Table.Td>
                    <Table.Td>{u.phone ?? '—'}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {u.disabled ? (
                          <Badge color="gray" variant="filled">
                            Désactivé
                          </Badge>
                        ) : (
                          <Badge color="green" variant="light">
                            Actif
                          </Badge>
                        )}
                        {u.totpEnabled && (
                          <Badge color="teal" variant="light">
                            2FA active
                          </Badge>
                        )}
                        {!u.totpEnabled && u.totpRequired && (
                          <Badge color="orange" variant="light">
                            2FA imposée
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>{formatDateTime(u.createdAt)}</Table.Td>
                    <Table.Td>
                      <UserActions
                        user={u}
                        onEdit={() => setEditing(u)}
                        onResetLink={() => setLinkFor({ user: u, created: false })}
                        onResetTotp={() => askConfirm({ kind: 'totp', user: u })}
                        onToggleDisabled={() => askConfirm({ kind: 'disable', user: u })}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <LoadMore list={list} />
        </>
      )}
      {list.isFetchNextPageError && <ErrorAlert error={list.error} />}

      <Modal opened={creating} onClose={() => setCreating(false)} title="Nouvel utilisateur" size="lg">
        <CreateUserForm
          onCancel={() => setCreating(false)}
          onCreated={(u) => {
            setCreating(false);
            setLinkFor({ user: u, created: true });
          }}
        />
      </Modal>

      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title="Modifier l’utilisateur"
        size="lg"
      >
        {editing && (
          <EditUserForm
            key={editing.id}
            user={editing}
            isSelf={editing.id === me.user.id}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>

      <Modal
        opened={linkFor !== null}
        onClose={() => setLinkFor(null)}
        title={linkFor?.created ? 'Utilisateur créé' : 'Lien de réinitialisation du mot de passe'}
        size="lg"
      >
        {linkFor && (
          <ResetLinkPanel
            key={linkFor.user.id}
            user={linkFor.user}
            created={linkFor.created}
            onClose={() => setLinkFor(null)}
          />
        )}
      </Modal>

      <ConfirmModal
        opened={confirm !== null}
        onClose={() => setConfirm(null)}
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
    </Stack>
  );
}

function UserActions({
  user,
  onEdit,
  onResetLink,
  onResetTotp,
  onToggleDisabled,
}: {
  user: UserOut;
  onEdit: () => void;
  onResetLink: () => void;
  onResetTotp: () => void;
  onToggleDisabled: () => void;
}) {
  const a = user.abilities;
  if (!a.update && !a.resetPassword && !a.resetTotp && !a.disable) return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions pour ${user.name}`}>
          ⋯
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {a.update && <Menu.Item onClick={onEdit}>Modifier</Menu.Item>}
        {a.resetPassword && !user.disabled && (
          <Menu.Item onClick={onResetLink}>Créer un lien de réinitialisation</Menu.Item>
        )}
        {a.resetTotp && <Menu.Item onClick={onResetTotp}>Réinitialiser la double authentification</Menu.Item>}
        {a.disable && (
          <Menu.Item color={user.disabled ? undefined : 'red'} onClick={onToggleDisabled}>
            {user.disabled ? 'Réactiver' : 'Désactiver'}
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

function CreateUserForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (u: UserOut) => void }) {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: {
      email: '',
      name: '',
      phone: '',
      role: null as Role | null,
      partnerId: null as string | null,
    },
    validate: {
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : 'Saisissez une adresse e-mail valide.'),
      name: (v) => (v.trim().length >= 2 ? null : 'Nom trop court.'),
      role: (v) => (v ? null : 'Choisissez un rôle.'),
      partnerId: (v, values) => (values.role === 'partenaire' && !v ? 'Choisissez le partenaire.' : null),
    },
  });
  const create = useMutation({
    mutationFn: (v: typeof form.values) =>
      post<UserOut>('/users', {
        email: v.email.trim(),
        name: v.name.trim(),
        phone: blankToNull(v.phone),
        role: v.role,
        partnerId: v.role === 'partenaire' ? v.partnerId : null,
      }),
    onSuccess: async (u) => {
      notifications.show({ color: 'teal', message: `Utilisateur ${u.name} créé.` });
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      onCreated(u);
    },
    onError: (e) => form.setErrors(fieldErrorsOf(e)),
  });

  return (
    <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
      <Stack>
        <ErrorAlert error={create.error} title="Création impossible" />
        <TextInput
          label="Adresse e-mail"
          type="email"
          required
          data-autofocus
          {...form.getInputProps('email')}
        />
        <TextInput label="Nom" required {...form.getInputProps('name')} />
        <TextInput label="Téléphone" type="tel" {...form.getInputProps('phone')} />
        <Select label="Rôle" data={roleOptions} required {...form.getInputProps('role')} />
        <PartnerSelect
          enabled={form.values.role === 'partenaire'}
          value={form.values.partnerId}
          onChange={(v) => form.setFieldValue('partnerId', v)}
          error={form.errors.partnerId}
        />
        <Text size="xs" c="dimmed">
          Aucun mot de passe n’est demandé : après la création, vous pourrez générer un lien de
          réinitialisation à transmettre à l’utilisateur pour qu’il choisisse le sien.
        </Text>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onCancel}>
            Annuler
          </Button>
          <Button type="submit" loading={create.isPending}>
            Créer l’utilisateur
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function EditUserForm({ user, isSelf, onDone }: { user: UserOut; isSelf: boolean; onDone: () => void }) {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: {
      name: user.name,
      phone: user.phone ?? '',
      role: user.role as Role | null,
      partnerId: user.partnerId,
      totpRequired: user.totpRequired,
    },
    validate: {
      name: (v) => (v.trim().length >= 2 ? null : 'Nom trop court.'),
      role: (v) => (v ? null : 'Choisissez un rôle.'),
      partnerId: (v, values) => (values.role === 'partenaire' && !v ? 'Choisissez le partenaire.' : null),
    },
  });
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      patch<UserOut>(`/users/${user.id}`, {
        name: v.name.trim(),
        phone: blankToNull(v.phone),
        ...(isSelf ? {} : { role: v.role }),
        partnerId: v.role === 'partenaire' ? v.partnerId : null,
        totpRequired: v.totpRequired,
      }),
    onSuccess: async (u) => {
      notifications.show({ color: 'teal', message: `Utilisateur ${u.name} enregistré.` });
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      if (isSelf) await queryClient.invalidateQueries({ queryKey: ['me'] });
      onDone();
    },
    onError: (e) => form.setErrors(fieldErrorsOf(e)),
  });

  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        <ErrorAlert error={save.error} title="Enregistrement impossible" />
        <TextInput label="Adresse e-mail" value={user.email} readOnly variant="filled" />
        <TextInput label="Nom" required data-autofocus {...form.getInputProps('name')} />
        <TextInput label="Téléphone" type="tel" {...form.getInputProps('phone')} />
        <Select
          label="Rôle"
          data={roleOptions}
          required
          disabled={isSelf}
          description={isSelf ? 'Vous ne pouvez pas changer votre propre rôle.' : undefined}
          {...form.getInputProps('role')}
        />
        <PartnerSelect
          enabled={form.values.role === 'partenaire'}
          value={form.values.partnerId}
          onChange={(v) => form.setFieldValue('partnerId', v)}
          error={form.errors.partnerId}
        />
        <Switch
          label="Imposer la double authentification"
          description="L’utilisateur devra configurer une application d’authentification à sa prochaine connexion."
          {...form.getInputProps('totpRequired', { type: 'checkbox' })}
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onDone}>
            Annuler
          </Button>
          <Button type="submit" loading={save.isPending}>
            Enregistrer
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ResetLinkPanel({
  user,
  created,
  onClose,
}: {
  user: UserOut;
  created: boolean;
  onClose: () => void;
}) {
  const link = useMutation({
    mutationFn: () => post<{ url: string; expiresAt: string }>(`/users/${user.id}/reset-link`),
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
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {created ? 'Plus tard' : 'Annuler'}
            </Button>
            <Button loading={link.isPending} onClick={() => link.mutate()}>
              Créer un lien de réinitialisation
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
