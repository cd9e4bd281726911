import { ActionIcon, Menu } from '@mantine/core';
import type { UserOut } from '../../../../shared/schemas/admin.ts';

/** The row menu: edit, reset link, 2FA reset, (de)activation, as the user's abilities allow. */
export function UserActions({
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
