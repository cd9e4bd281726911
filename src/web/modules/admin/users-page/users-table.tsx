import { Badge, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { roleLabels } from '../../../../shared/permissions.ts';
import type { UserOut } from '../../../../shared/schemas/admin.ts';
import { formatDateTime } from '../admin-ui.tsx';
import type { Confirm } from './confirm-user-modal.tsx';
import { UserActions } from './user-actions.tsx';

type Props = {
  users: UserOut[];
  onEdit: (user: UserOut) => void;
  onResetLink: (user: UserOut) => void;
  onAskConfirm: (confirm: Confirm) => void;
};

/** One row per user: identity, role, partner, phone, state, creation date, actions. */
export function UsersTable({ users, onEdit, onResetLink, onAskConfirm }: Props) {
  return (
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
                  onEdit={() => onEdit(u)}
                  onResetLink={() => onResetLink(u)}
                  onResetTotp={() => onAskConfirm({ kind: 'totp', user: u })}
                  onToggleDisabled={() => onAskConfirm({ kind: 'disable', user: u })}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
