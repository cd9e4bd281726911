import { Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { type Role, roleNeedsPartner } from '../../../../shared/permissions.ts';
import { createUserBody, type UserOut } from '../../../../shared/schemas/admin.ts';
import { PartnerSelect, withRoleAndPartner, roleOptions } from '../admin-ui.tsx';
import { ErrorAlert } from '../../../ui/feedback.tsx';
import { blankToNull } from '../../../ui/format.ts';
import { bodyResolver } from '../../../ui/form-validation.ts';
import { FormActions } from '../../../ui/form-actions.tsx';
import { adminApi, adminKeys } from '../api.ts';
import { useNoticeMutation } from '../../../ui/notice-mutation.ts';

type Values = { email: string; name: string; phone: string; role: Role | null; partnerId: string | null };
const bodyOf = (v: Values) => ({
  email: v.email.trim(),
  name: v.name.trim(),
  phone: blankToNull(v.phone),
  role: v.role,
  partnerId: roleNeedsPartner(v.role) ? v.partnerId : null,
});
const createUserForm = withRoleAndPartner(createUserBody);

/** A new account: no password, a reset link follows. */
export function CreateUserForm({
  onCancel,
  onCreated,
}: {
  onCancel: () => void;
  onCreated: (u: UserOut) => void;
}) {
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: { email: '', name: '', phone: '', role: null, partnerId: null },
    validate: bodyResolver(createUserForm, bodyOf),
  });
  const create = useNoticeMutation(form, {
    save: (v: Values) => adminApi.createUser(bodyOf(v)),
    notice: (u) => `Utilisateur ${u.name} créé.`,
    after: async (u) => {
      await queryClient.invalidateQueries({ queryKey: adminKeys.users });
      onCreated(u);
    },
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
          enabled={roleNeedsPartner(form.values.role)}
          value={form.values.partnerId}
          onChange={(v) => form.setFieldValue('partnerId', v)}
          error={form.errors.partnerId}
        />
        <Text size="xs" c="dimmed">
          Aucun mot de passe n’est demandé : après la création, vous pourrez générer un lien de
          réinitialisation à transmettre à l’utilisateur pour qu’il choisisse le sien.
        </Text>
        <FormActions onCancel={onCancel} submitLabel="Créer l’utilisateur" loading={create.isPending} />
      </Stack>
    </form>
  );
}
