import { Badge, Group, Text } from '@mantine/core';
import { roleLabels } from '../../../../shared/permissions.ts';
import type { UserOut } from '../../../../shared/schemas/admin.ts';
import type { Column } from '../../../ui/data-list.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import type { Confirm } from './confirm-user-modal.tsx';
import { UserActions } from './user-actions.tsx';
import { formatPhone } from '../../../../shared/phone.ts';

type Handlers = {
  onEdit: (user: UserOut) => void;
  onResetLink: (user: UserOut) => void;
  onAskConfirm: (confirm: Confirm) => void;
};

/** The users table: identity, role, partner, phone, state, creation date, actions. */
export function userColumns({ onEdit, onResetLink, onAskConfirm }: Handlers): Column<UserOut>[] {
  return [
    {
      header: 'Utilisateur',
      cell: (u) => (
        <>
          <Text size="sm" fw={500}>
            {u.name}
          </Text>
          <Text size="xs" c="dimmed">
            {u.email}
          </Text>
        </>
      ),
    },
    { header: 'Rôle', cell: (u) => roleLabels[u.role] },
    { header: 'Partenaire', cell: (u) => u.partnerName ?? '—' },
    { header: 'Téléphone', cell: (u) => formatPhone(u.phone) ?? '—' },
    {
      header: 'État',
      cell: (u) => (
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
      ),
    },
    { header: 'Créé le', cell: (u) => formatDateTime(u.createdAt) },
    {
      hiddenHeader: 'Actions',
      width: 60,
      cell: (u) => (
        <UserActions
          user={u}
          onEdit={() => onEdit(u)}
          onResetLink={() => onResetLink(u)}
          onResetTotp={() => onAskConfirm({ kind: 'totp', user: u })}
          onToggleDisabled={() => onAskConfirm({ kind: 'disable', user: u })}
        />
      ),
    },
  ];
}
