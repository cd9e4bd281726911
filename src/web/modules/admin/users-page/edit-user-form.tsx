import { Select, Stack, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { type Role, roleNeedsPartner } from '../../../../shared/permissions.ts';
import { type UserOut, updateUserBody } from '../../../../shared/schemas/admin.ts';
import { PartnerSelect, withRoleAndPartner, roleOptions } from '../admin-ui.tsx';
import { ErrorAlert } from '../../../ui/feedback.tsx';
import { blankToNull } from '../../../ui/format.ts';
import { bodyResolver } from '../../../ui/form-validation.ts';
import { FormActions } from '../../../ui/form-actions.tsx';
import { meQuery } from '../../../app/auth.ts';
import { adminApi, adminKeys } from '../api.ts';
import { useNoticeMutation } from '../../../ui/notice-mutation.ts';

type Values = {
  name: string;
  phone: string;
  role: Role | null;
  partnerId: string | null;
  totpRequired: boolean;
};
const bodyOf = (v: Values) => ({
  name: v.name.trim(),
  phone: blankToNull(v.phone),
  role: v.role,
  partnerId: roleNeedsPartner(v.role) ? v.partnerId : null,
  totpRequired: v.totpRequired,
});
const editUserForm = withRoleAndPartner(updateUserBody);

/** Name, phone, role (not one's own), partner and required 2FA. */
export function EditUserForm({
  user,
  isSelf,
  onDone,
}: {
  user: UserOut;
  isSelf: boolean;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: {
      name: user.name,
      phone: user.phone ?? '',
      role: user.role,
      partnerId: user.partnerId,
      totpRequired: user.totpRequired,
    },
    validate: bodyResolver(editUserForm, bodyOf),
  });
  const save = useNoticeMutation(form, {
    save: (v: Values) => {
      // One's own role is not sent: the server refuses to change it.
      const { role, ...rest } = bodyOf(v);
      return adminApi.updateUser(user.id, isSelf ? rest : { ...rest, role });
    },
    notice: (u) => `Utilisateur ${u.name} enregistré.`,
    after: async () => {
      await queryClient.invalidateQueries({ queryKey: adminKeys.users });
      if (isSelf) await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
      onDone();
    },
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
          enabled={roleNeedsPartner(form.values.role)}
          value={form.values.partnerId}
          onChange={(v) => form.setFieldValue('partnerId', v)}
          error={form.errors.partnerId}
        />
        <Switch
          label="Imposer la double authentification"
          description="L’utilisateur devra configurer une application d’authentification à sa prochaine connexion."
          {...form.getInputProps('totpRequired', { type: 'checkbox' })}
        />
        <FormActions onCancel={onDone} loading={save.isPending} />
      </Stack>
    </form>
  );
}
