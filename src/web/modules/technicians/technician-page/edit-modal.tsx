import { Group, Modal, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { technicianApi } from '../api.ts';
import { ErrorAlert } from '../../../ui/feedback.tsx';
import { useInvalidate, type TechnicianModalProps } from './shared.ts';
import { FormActions } from '../../../ui/form-actions.tsx';
import { useNoticeMutation } from '../../../ui/notice-mutation.ts';

export function EditModal({ t, opened, onClose }: TechnicianModalProps) {
  const invalidate = useInvalidate();
  const form = useForm({
    initialValues: {
      phone: t.phone ?? '',
      homeAddress: t.homeAddress ?? '',
      homePostalCode: t.homePostalCode ?? '',
      homeCity: t.homeCity ?? '',
      notes: t.notes ?? '',
      active: t.active,
    },
  });
  const save = useNoticeMutation(form, {
    save: (v: typeof form.values) =>
      technicianApi.update(t.id, {
        ...v,
        homePostalCode: v.homePostalCode.trim() === '' ? null : v.homePostalCode,
      }),
    notice: () => 'Fiche enregistrée.',
    color: 'green',
    after: async () => {
      await invalidate();
      onClose();
    },
  });
  return (
    <Modal opened={opened} onClose={onClose} title={`Modifier la fiche de ${t.name}`} centered>
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack>
          <ErrorAlert error={save.error} />
          <TextInput label="Téléphone" type="tel" {...form.getInputProps('phone')} />
          <TextInput label="Adresse de départ" {...form.getInputProps('homeAddress')} />
          <Group grow>
            <TextInput label="Code postal" maxLength={5} {...form.getInputProps('homePostalCode')} />
            <TextInput label="Ville" {...form.getInputProps('homeCity')} />
          </Group>
          <Textarea label="Notes internes" autosize minRows={2} {...form.getInputProps('notes')} />
          <Switch
            label="Fiche active (planifiable)"
            {...form.getInputProps('active', { type: 'checkbox' })}
          />
          <FormActions onCancel={onClose} loading={save.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
