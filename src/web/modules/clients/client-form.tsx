import {
  Alert,
  Anchor,
  Badge,
  Button,
  Divider,
  Group,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  checkIdentityNumber,
  frenchVatFromSiren,
  legalForms,
  nafCodes,
  normalizeVat,
  sizeBands,
} from '../../../shared/client-identity.ts';
import {
  type ClientOut,
  type ClientOwnerChoicesOut,
  type CompanyCandidateOut,
  clientBody,
  clientStatuses,
  clientStatusLabels,
} from '../../../shared/schemas/clients.ts';
import { isValidSiren, isValidSiret } from '../../../shared/schemas/common.ts';
import { ApiError } from '../../app/api.ts';
import { capable, useMe } from '../../app/auth.ts';
import { bodyResolver } from '../../ui/form-validation.ts';
import { clientQueries } from './api.ts';
import { CompanyLookup, companyQueryOf } from './company-lookup.tsx';
import { DuplicatesAlert } from './duplicates-alert.tsx';

export type ClientStatus = (typeof clientStatuses)[number];

export type ClientFormValues = {
  name: string;
  siren: string;
  siret: string;
  vatNumber: string;
  nafCode: string | null;
  legalForm: string | null;
  segmentId: string | null;
  sizeBand: string | null;
  tags: string[];
  status: ClientStatus;
  email: string;
  phone: string;
  postalCode: string;
  city: string;
  /** `directClient` = no partner. */
  partnerId: string;
  accountManagerId: string | null;
};

/** The body sent to POST /clients and PATCH /clients/{id}: empty fields are cleared. */
export type ClientPayload = {
  [K in Exclude<keyof ClientFormValues, Owner>]: K extends 'name' | 'status' | 'tags'
    ? ClientFormValues[K]
    : string | null;
} & { [K in Owner]?: string | null };
/** Sent only by those who may choose them (`assignClients`). */
type Owner = 'partnerId' | 'accountManagerId';
/** The partner field's value for a direct client (a Select cannot hold null as an option). */
export const directClient = 'direct';

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

export const nafOptions = nafCodes.map((c) => ({ value: c.code, label: `${c.code} — ${c.label}` }));
export const legalFormOptions = legalForms.map((f) => ({ value: f.code, label: f.label }));
export const sizeBandOptions = sizeBands.map((b) => ({ value: b.code, label: b.label }));

/** The segments admins maintain (GET /client-segments), shared by the form and the list filters. */
export function useClientSegments() {
  return useQuery(clientQueries.segments());
}

export function clientFormValues(c?: ClientOut, defaultManagerId: string | null = null): ClientFormValues {
  return {
    partnerId: c?.partnerId ?? directClient,
    accountManagerId: c ? c.accountManagerId : defaultManagerId,
    name: c?.name ?? '',
    siren: c?.siren ?? '',
    siret: c?.siret ?? '',
    vatNumber: c?.vatNumber ?? '',
    nafCode: c?.nafCode ?? null,
    legalForm: c?.legalForm ?? null,
    segmentId: c?.segmentId ?? null,
    sizeBand: c?.sizeBand ?? null,
    tags: c?.tags ?? [],
    status: c?.status ?? 'prospect',
    email: c?.email ?? '',
    phone: c?.phone ?? '',
    postalCode: c?.postalCode ?? '',
    city: c?.city ?? '',
  };
}

function toPayload(v: ClientFormValues, withOwner = false): ClientPayload {
  const opt = (s: string) => (s.trim() === '' ? null : s.trim());
  return {
    ...(withOwner
      ? { partnerId: v.partnerId === directClient ? null : v.partnerId, accountManagerId: v.accountManagerId }
      : {}),
    name: v.name.trim(),
    siren: opt(v.siren.replace(/\s/g, '')),
    siret: opt(v.siret.replace(/\s/g, '')),
    vatNumber: opt(normalizeVat(v.vatNumber)),
    nafCode: v.nafCode,
    legalForm: v.legalForm,
    segmentId: v.segmentId,
    sizeBand: v.sizeBand,
    tags: v.tags,
    status: v.status,
    email: opt(v.email),
    phone: opt(v.phone),
    postalCode: opt(v.postalCode),
    city: opt(v.city),
  };
}

type Named = { id: string; name: string };

/**
 * Partner and account-manager choices as Select options: « Client direct » first, and the current
 * value kept even when it is no longer offered (a manager whose role changed).
 */
export function ownerOptions(choices: ClientOwnerChoicesOut | undefined, current?: Partial<ClientOut>) {
  const withCurrent = (items: Named[], id: string | null | undefined, name: string | null | undefined) =>
    id && !items.some((x) => x.id === id) ? [...items, { id, name: name ?? 'Utilisateur actuel' }] : items;
  const partners = withCurrent(choices?.partners ?? [], current?.partnerId, current?.partnerName);
  const managers = withCurrent(choices?.accountManagers ?? [], current?.accountManagerId, null);
  return {
    partners: [
      { value: directClient, label: 'Client direct (sans partenaire)' },
      ...partners.map((p) => ({ value: p.id, label: p.name })),
    ],
    managers: managers.map((u) => ({ value: u.id, label: u.name })),
  };
}

type InputProps = ReturnType<ReturnType<typeof useForm<ClientFormValues>>['getInputProps']>;

/** « Partenaire » and « Chargé de compte » of the client forms (staff who may change clients). */
function OwnerFields({
  choices,
  current,
  partner,
  manager,
}: {
  choices: ClientOwnerChoicesOut | undefined;
  current: ClientOut | undefined;
  partner: InputProps;
  manager: InputProps;
}) {
  const options = ownerOptions(choices, current);
  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }}>
      <Select
        label="Partenaire"
        description="Le partenaire voit et gère ses clients."
        data={options.partners}
        searchable
        allowDeselect={false}
        nothingFoundMessage="Aucun partenaire ne correspond."
        {...partner}
      />
      <Select
        label="Chargé de compte"
        description="Prévenu quand le client lui est attribué."
        placeholder="Aucun"
        data={options.managers}
        searchable
        clearable
        nothingFoundMessage="Personne ne correspond."
        {...manager}
      />
    </SimpleGrid>
  );
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
  // Duplicate guard (creation only): a 409 asks the user to confirm before creating anyway.
  const [duplicateRefused, setDuplicateRefused] = useState(false);
  const [confirmDuplicate, setConfirmDuplicate] = useState(false);
  const me = useMe();
  // Staff who may change clients choose the partner and the account manager; a new client is
  // managed by whoever creates it (a commercial) unless they pick someone else.
  const assigns = capable(me, 'assignClients');
  const form = useForm<ClientFormValues>({
    initialValues: clientFormValues(initial, assigns ? me.user.id : null),
    validate: bodyResolver(clientBody, (v) => toPayload(v, assigns)),
  });
  const choices = useQuery({ ...clientQueries.ownerChoices(), enabled: assigns });

  const segments = useClientSegments();
  const segmentOptions = (segments.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }));
  const sirenDigits = form.values.siren.replace(/\s/g, '');
  const vatFromSiren = isValidSiren(sirenDigits) ? frenchVatFromSiren(sirenDigits) : null;
  // Checked as typed, not only on submit; a valid SIRET fills an empty SIREN (its first 9 digits).
  const sirenCheck = checkIdentityNumber('siren', form.values.siren);
  const siretCheck = checkIdentityNumber('siret', form.values.siret, form.values.siren);
  const siretProps = form.getInputProps('siret');
  const onSiretChange = (e: React.ChangeEvent<HTMLInputElement>) => {
    siretProps.onChange(e);
    const digits = e.currentTarget.value.replace(/\s/g, '');
    if (!form.values.siren.trim() && isValidSiret(digits)) form.setFieldValue('siren', digits.slice(0, 9));
  };

  // A company picked in the public register fills the fields still empty, never overwrites.
  const fillFrom = (c: CompanyCandidateOut) => {
    const found = {
      name: c.name,
      siren: c.siren,
      siret: c.siret,
      nafCode: c.nafCode,
      legalForm: c.legalForm,
      postalCode: c.postalCode,
      city: c.city,
    };
    const patch: Partial<Record<keyof typeof found, string>> = {};
    for (const [k, v] of Object.entries(found) as [keyof typeof found, string | null][])
      if (v && !form.values[k]?.trim()) patch[k] = v;
    form.setValues(patch);
  };

  const submit = form.onSubmit(async (values) => {
    setBusy(true);
    setError(null);
    try {
      const body = toPayload(values, assigns);
      // An edit sends the partner and manager only when changed (a manager since disabled stays).
      if (initial && body.partnerId === initial.partnerId) delete body.partnerId;
      if (initial && body.accountManagerId === initial.accountManagerId) delete body.accountManagerId;
      await onSubmit(Object.assign(body, confirmDuplicate ? { confirmDuplicate: true } : {}));
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && !initial) {
        setDuplicateRefused(true);
        setError(e.message);
      } else if (e instanceof ApiError) {
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
        {!initial && <CompanyLookup query={companyQueryOf(form.values)} onPick={fillFrom} />}
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput
            label="SIREN"
            inputMode="numeric"
            maxLength={11}
            {...form.getInputProps('siren')}
            error={form.errors.siren ?? sirenCheck.error}
            description={sirenCheck.hint}
          />
          <TextInput
            label="SIRET"
            inputMode="numeric"
            maxLength={17}
            {...siretProps}
            onChange={onSiretChange}
            error={form.errors.siret ?? siretCheck.error}
            description={siretCheck.hint ?? 'Le SIREN s’en déduit.'}
          />
          <TextInput
            label="N° de TVA intracommunautaire"
            placeholder="FR44732829320"
            maxLength={20}
            description={
              vatFromSiren && normalizeVat(form.values.vatNumber) !== vatFromSiren ? (
                <Anchor
                  component="button"
                  type="button"
                  size="xs"
                  onClick={() => form.setFieldValue('vatNumber', vatFromSiren)}
                >
                  Calculer depuis le SIREN : {vatFromSiren}
                </Anchor>
              ) : (
                'FR + clé + SIREN pour une société française.'
              )
            }
            {...form.getInputProps('vatNumber')}
          />
          <Select
            label="Forme juridique"
            data={legalFormOptions}
            clearable
            searchable
            {...form.getInputProps('legalForm')}
          />
        </SimpleGrid>
        <Select
          label="Code NAF (APE)"
          placeholder="Rechercher un code ou une activité"
          data={nafOptions}
          searchable
          clearable
          limit={50}
          nothingFoundMessage="Aucun code NAF ne correspond."
          {...form.getInputProps('nafCode')}
        />
        <Divider label="Classification" labelPosition="left" />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <Select
            label="Segment"
            data={segmentOptions}
            clearable
            searchable
            nothingFoundMessage="Aucun segment. Les administrateurs gèrent la liste."
            {...form.getInputProps('segmentId')}
          />
          <Select
            label="Statut"
            data={statusOptions}
            allowDeselect={false}
            {...form.getInputProps('status')}
          />
          <Select label="Effectif" data={sizeBandOptions} clearable {...form.getInputProps('sizeBand')} />
          <TagsInput
            label="Étiquettes"
            placeholder="Entrée pour ajouter"
            maxTags={20}
            clearable
            {...form.getInputProps('tags')}
          />
        </SimpleGrid>
        {assigns && (
          <OwnerFields
            choices={choices.data}
            current={initial}
            partner={form.getInputProps('partnerId')}
            manager={form.getInputProps('accountManagerId')}
          />
        )}
        <Divider label="Coordonnées" labelPosition="left" />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
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
        {!initial && (
          <DuplicatesAlert
            values={form.values}
            mustConfirm={duplicateRefused}
            confirmed={confirmDuplicate}
            onConfirm={setConfirmDuplicate}
          />
        )}
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
