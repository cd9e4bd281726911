import {
  Alert,
  Autocomplete,
  Badge,
  Button,
  Group,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { type ClientOut, clientStatuses, clientStatusLabels } from '../../../shared/schemas/clients.ts';
import { ApiError } from '../../app/api.ts';

export type ClientStatus = (typeof clientStatuses)[number];

export type ClientFormValues = {
  name: string;
  siren: string;
  siret: string;
  segment: string;
  status: ClientStatus;
  email: string;
  phone: string;
  postalCode: string;
  city: string;
};

/** The body sent to POST /clients and PATCH /clients/{id}: empty fields are cleared. */
export type ClientPayload = {
  [K in keyof ClientFormValues]: K extends 'name' | 'status' ? ClientFormValues[K] : string | null;
};

export const statusColors: Record<ClientStatus, string> = {
  prospect: 'blue',
  actif: 'green',
  ancien: 'gray',
};
export const statusOptions = clientStatuses.map((s) => ({ value: s, label: clientStatusLabels[s] }));
export const clientPath = (id: string): string => `/clients/${id}`;

export function StatusBadge({ status }: { status: ClientStatus }) {
  return (
    <Badge color={statusColors[status]} variant="light">
      {clientStatusLabels[status]}
    </Badge>
  );
}

const segmentSuggestions = [
  'Pharmacie',
  'Assurance',
  'Cabinet médical',
  'PME',
  'Expertise comptable',
  'Notariat',
];

export function clientFormValues(c?: ClientOut): ClientFormValues {
  return {
    name: c?.name ?? '',
    siren: c?.siren ?? '',
    siret: c?.siret ?? '',
    segment: c?.segment ?? '',
    status: c?.status ?? 'prospect',
    email: c?.email ?? '',
    phone: c?.phone ?? '',
    postalCode: c?.postalCode ?? '',
    city: c?.city ?? '',
  };
}

function toPayload(v: ClientFormValues): ClientPayload {
  const opt = (s: string) => (s.trim() === '' ? null : s.trim());
  return {
    name: v.name.trim(),
    siren: opt(v.siren.replace(/\s/g, '')),
    siret: opt(v.siret.replace(/\s/g, '')),
    segment: opt(v.segment),
    status: v.status,
    email: opt(v.email),
    phone: opt(v.phone),
    postalCode: opt(v.postalCode),
    city: opt(v.city),
  };
}

type Props = {
  initial?: ClientOut;
  submitLabel: string;
  onSubmit: (body: ClientPayload) => Promise<unknown>;
  onCancel: () => void;
};

/** Client fields shared by the create and edit modals; server field errors show under the fields. */
export function ClientForm({ initial, submitLabel, onSubmit, onCancel }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm<ClientFormValues>({
    initialValues: clientFormValues(initial),
    validate: {
      name: (v) => (v.trim().length >= 2 ? null : 'Saisissez la raison sociale (2 caractères minimum).'),
      siren: (v) =>
        v === '' || /^\d{9}$/.test(v.replace(/\s/g, '')) ? null : 'Le SIREN comporte 9 chiffres.',
      siret: (v) =>
        v === '' || /^\d{14}$/.test(v.replace(/\s/g, '')) ? null : 'Le SIRET comporte 14 chiffres.',
      email: (v) => (v.trim() === '' || /^\S+@\S+\.\S+$/.test(v.trim()) ? null : 'Adresse e-mail invalide.'),
      postalCode: (v) => (v.trim() === '' || /^\d{5}$/.test(v.trim()) ? null : 'Code postal : 5 chiffres.'),
    },
  });

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      await onSubmit(toPayload(values));
    } catch (e) {
      if (e instanceof ApiError) {
        form.setErrors(e.fieldErrors());
        setError(e.message);
      } else {
        setError('Enregistrement impossible.');
      }
    } finally {
      setBusy(false);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <TextInput label="Raison sociale" required data-autofocus {...form.getInputProps('name')} />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput label="SIREN" inputMode="numeric" maxLength={11} {...form.getInputProps('siren')} />
          <TextInput label="SIRET" inputMode="numeric" maxLength={17} {...form.getInputProps('siret')} />
          <Autocomplete label="Segment" data={segmentSuggestions} {...form.getInputProps('segment')} />
          <Select
            label="Statut"
            data={statusOptions}
            allowDeselect={false}
            {...form.getInputProps('status')}
          />
          <TextInput label="E-mail" type="email" {...form.getInputProps('email')} />
          <TextInput label="Téléphone" type="tel" {...form.getInputProps('phone')} />
          <TextInput
            label="Code postal"
            inputMode="numeric"
            maxLength={5}
            {...form.getInputProps('postalCode')}
          />
          <TextInput label="Ville" {...form.getInputProps('city')} />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={busy}>
            Annuler
          </Button>
          <Button type="submit" loading={busy}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
