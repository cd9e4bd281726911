import { Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type AbsenceKind, absenceKindLabels, absenceKinds } from '../../../../shared/interventions.ts';
import {
  type AbsenceOut,
  absenceBody,
  type TechnicianDetailOut,
} from '../../../../shared/schemas/technicians.ts';
import { ApiError } from '../../../app/api.ts';
import { technicianApi, technicianKeys } from '../api.ts';
import { ErrorAlert, fieldErrorsOf } from '../../../ui/feedback.tsx';
import { nextDay, parisDayStart } from '../../../../shared/paris-time.ts';
import { z } from '../../../../shared/zod.ts';
import { DayField } from '../../../ui/date-fields.tsx';
import { schemaResolver } from '../../../ui/form-validation.ts';
import { FormActions } from '../../../ui/form-actions.tsx';

const day = (message: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, message);
/** The request as the dialog asks it: whole Paris days, sent as the instants `absenceBody` takes. */
const absenceForm = z
  .strictObject({
    kind: absenceBody.shape.kind,
    from: day('Choisissez le premier jour.'),
    to: day('Choisissez le dernier jour.'),
    comment: absenceBody.shape.comment,
  })
  .refine((v) => v.to >= v.from, { path: ['to'], message: 'Le dernier jour doit suivre le premier.' });

export function AbsenceModal({
  t,
  opened,
  onClose,
  manager,
}: {
  t: TechnicianDetailOut;
  opened: boolean;
  onClose: () => void;
  manager: boolean;
}) {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { kind: 'conges' as AbsenceKind, from: '', to: '', comment: '' },
    validate: schemaResolver(absenceForm),
  });
  const save = useMutation({
    mutationFn: (v: typeof form.values) =>
      technicianApi.requestAbsence({
        technicianId: t.id,
        kind: v.kind,
        startsAt: parisDayStart(v.from).toISOString(),
        endsAt: parisDayStart(nextDay(v.to)).toISOString(),
        comment: v.comment,
      }),
    onSuccess: async (a) => {
      await queryClient.invalidateQueries({ queryKey: technicianKeys.absences });
      notifications.show({
        color: 'green',
        message: a.status === 'demandee' ? 'Demande envoyée à l’ADV.' : 'Absence enregistrée (approuvée).',
      });
      onClose();
    },
    onError: (e) => form.setErrors(fieldErrorsOf(e, { startsAt: 'from', endsAt: 'to' })),
  });
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={manager ? 'Saisir une absence' : 'Demander une absence'}
      centered
    >
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack>
          <ErrorAlert error={save.error} />
          <Select
            label="Type"
            data={absenceKinds.map((k) => ({ value: k, label: absenceKindLabels[k] }))}
            allowDeselect={false}
            {...form.getInputProps('kind')}
          />
          <Group grow>
            <DayField label="Du (inclus)" required {...form.getInputProps('from')} />
            <DayField
              label="Au (inclus)"
              required
              minDate={form.values.from || undefined}
              {...form.getInputProps('to')}
            />
          </Group>
          <Textarea label="Commentaire" autosize minRows={2} {...form.getInputProps('comment')} />
          {!manager && (
            <Text size="xs" c="dimmed">
              Votre demande est envoyée à l’ADV ; elle ne bloque le planning qu’une fois approuvée.
            </Text>
          )}
          <FormActions
            onCancel={onClose}
            submitLabel={manager ? 'Enregistrer' : 'Envoyer la demande'}
            loading={save.isPending}
          />
        </Stack>
      </form>
    </Modal>
  );
}

export function RefuseModal({ absence, onClose }: { absence: AbsenceOut; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const refuse = useMutation({
    mutationFn: () => technicianApi.decideAbsence(absence.id, 'refuse', note),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: technicianKeys.absences });
      notifications.show({ color: 'green', message: 'Demande refusée ; le technicien est prévenu.' });
      onClose();
    },
  });
  const error = refuse.error instanceof ApiError ? refuse.error.fieldErrors().note : undefined;
  return (
    <Modal opened onClose={onClose} title="Refuser la demande" centered>
      <Stack>
        {!error && <ErrorAlert error={refuse.error} />}
        <Textarea
          label="Motif du refus"
          required
          autosize
          minRows={2}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={error}
          data-autofocus
        />
        <FormActions
          onCancel={onClose}
          submitLabel="Refuser"
          loading={refuse.isPending}
          color="red"
          onSubmit={() => refuse.mutate()}
        />
      </Stack>
    </Modal>
  );
}
