import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Role } from '../../../../shared/permissions.ts';
import type { UserOut } from '../../../../shared/schemas/admin.ts';
import { useKeysetList } from '../../../app/keyset.tsx';
import { DataList } from '../../../ui/data-list.tsx';
import { can, useMe } from '../../../app/auth.ts';
import { isRole, roleOptions } from '../admin-ui.tsx';
import { PageHeader } from '../../../ui/feedback.tsx';
import { type Confirm, ConfirmUserModal } from './confirm-user-modal.tsx';
import { CreateUserForm } from './create-user-form.tsx';
import { EditUserForm } from './edit-user-form.tsx';
import { ResetLinkPanel } from './reset-link-panel.tsx';
import { userColumns } from './users-table.tsx';
import { adminApi, adminKeys, adminQueries } from '../api.ts';

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

  const list = useKeysetList(adminQueries.users({ q, role }));
  const users = list.items;

  const confirmMutation = useMutation({
    mutationFn: async (c: Confirm) => {
      if (c.kind === 'disable') await adminApi.updateUser(c.user.id, { disabled: !c.user.disabled });
      else await adminApi.resetTotp(c.user.id);
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
      await queryClient.invalidateQueries({ queryKey: adminKeys.users });
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

      <DataList
        query={list}
        items={users}
        empty="Aucun utilisateur ne correspond à ces critères."
        errorTitle="Impossible de charger les utilisateurs"
        minWidth={820}
        verticalSpacing="sm"
        columns={userColumns({
          onEdit: (u) => setEditing(u),
          onResetLink: (u) => setLinkFor({ user: u, created: false }),
          onAskConfirm: askConfirm,
        })}
      />

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

      <ConfirmUserModal confirm={confirm} mutation={confirmMutation} onClose={() => setConfirm(null)} />
    </Stack>
  );
}
