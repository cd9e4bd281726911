import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Group,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import {
  formatRange,
  type PlatformOut,
  platformKindLabels,
  platformKinds,
} from '../../../shared/schemas/client-records.ts';
import { patch, post } from '../../app/api.ts';
import { FormError, RecordNotes, RecordsTab, submitRecord, useClientRecords } from './records-ui.tsx';

type PlatformForm = {
  kind: string | null;
  provider: string;
  tenantId: string;
  adminUrl: string;
  notes: string;
  ranges: { start: string; end: string; label: string }[];
};

function PlatformDialog({
  clientId,
  platform,
  onClose,
  onSaved,
}: {
  clientId: string;
  platform: PlatformOut | null;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const [general, setGeneral] = useState<string | null>(null);
  const form = useForm<PlatformForm>({
    initialValues: {
      kind: platform?.kind ?? null,
      provider: platform?.provider ?? '',
      tenantId: platform?.tenantId ?? '',
      adminUrl: platform?.adminUrl ?? '',
      notes: platform?.notes ?? '',
      ranges:
        platform?.ranges.map((r) => ({ start: r.startE164, end: r.endE164, label: r.label ?? '' })) ?? [],
    },
  });
  const save = async (v: PlatformForm) => {
    if (!v.kind) return form.setErrors({ kind: 'Choisissez le type de plateforme.' });
    const body = { ...v, ranges: v.ranges.filter((r) => r.start.trim() || r.end.trim()) };
    const base = `/clients/${encodeURIComponent(clientId)}/platforms`;
    const ok = await submitRecord(
      () => (platform ? patch(`${base}/${platform.id}`, body) : post(base, body)),
      form.setErrors,
      setGeneral,
    );
    if (ok) {
      await onSaved();
      notifications.show({
        color: 'green',
        message: platform ? 'Plateforme modifiée.' : 'Plateforme ajoutée.',
      });
      onClose();
    }
  };
  return (
    <form onSubmit={form.onSubmit(save)} noValidate>
      <Stack>
        <FormError error={general} />
        <Text size="xs" c="dimmed">
          Aucun mot de passe ici : les identifiants restent dans le coffre-fort de l’entreprise.
        </Text>
        <Group grow align="flex-start">
          <Select
            label="Type"
            required
            data={platformKinds.map((k) => ({ value: k, label: platformKindLabels[k] }))}
            {...form.getInputProps('kind')}
          />
          <TextInput label="Opérateur / éditeur" {...form.getInputProps('provider')} />
        </Group>
        <TextInput label="Identifiant du compte (tenant)" {...form.getInputProps('tenantId')} />
        <TextInput
          label="Console d’administration"
          placeholder="https://…"
          type="url"
          {...form.getInputProps('adminUrl')}
        />
        <Textarea label="Remarques" autosize minRows={2} {...form.getInputProps('notes')} />
        <Text fw={600} size="sm">
          Plages SDA
        </Text>
        {form.values.ranges.map((_, i) => (
          <Group key={i} align="flex-start" gap="xs" wrap="wrap">
            <TextInput
              style={{ flex: '1 1 150px' }}
              label="Premier numéro"
              type="tel"
              placeholder="04 78 90 12 00"
              {...form.getInputProps(`ranges.${i}.start`)}
            />
            <TextInput
              style={{ flex: '1 1 150px' }}
              label="Dernier numéro"
              type="tel"
              placeholder="04 78 90 12 99"
              {...form.getInputProps(`ranges.${i}.end`)}
            />
            <TextInput
              style={{ flex: '1 1 120px' }}
              label="Libellé"
              {...form.getInputProps(`ranges.${i}.label`)}
            />
            <ActionIcon
              mt={26}
              variant="subtle"
              color="red"
              aria-label="Retirer cette plage"
              onClick={() => form.removeListItem('ranges', i)}
            >
              ✕
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button
            variant="light"
            size="xs"
            onClick={() => form.insertListItem('ranges', { start: '', end: '', label: '' })}
          >
            Ajouter une plage
          </Button>
        </Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Annuler
          </Button>
          <Button type="submit" loading={form.submitting}>
            Enregistrer
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Telephony platforms tab: kind, provider, tenant, admin console link, SDA ranges. */
export function PlatformsTab({ clientId, editable }: { clientId: string; editable: boolean }) {
  const { query, refresh, base } = useClientRecords<PlatformOut>(clientId, 'platforms');
  return (
    <RecordsTab<PlatformOut>
      query={query}
      items={query.data ?? []}
      refresh={refresh}
      may={() => editable}
      what="Plateformes"
      addLabel="Ajouter une plateforme"
      editTitle="Modifier la plateforme"
      empty="Aucune plateforme téléphonique enregistrée."
      cardCols={{ base: 1, md: 2 }}
      rowTestId="platform-card"
      card={(p, actions) => (
        <Stack gap={6}>
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
              {p.provider ?? platformKindLabels[p.kind]}
            </Text>
            <Badge variant="light">{platformKindLabels[p.kind]}</Badge>
          </Group>
          {p.tenantId && (
            <Text size="sm">
              <Text span c="dimmed" size="sm">
                Compte :{' '}
              </Text>
              {p.tenantId}
            </Text>
          )}
          {p.adminUrl && (
            <Anchor size="sm" href={p.adminUrl} target="_blank" rel="noopener noreferrer">
              Ouvrir la console d’administration ↗
            </Anchor>
          )}
          {p.ranges.length > 0 ? (
            <Stack gap={2}>
              <Text size="xs" c="dimmed">
                Plages SDA
              </Text>
              {p.ranges.map((r) => (
                <Text key={r.id} size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                  {formatRange(r.startE164, r.endE164)}
                  {r.label ? ` — ${r.label}` : ''}
                </Text>
              ))}
            </Stack>
          ) : (
            <Text size="sm" c="dimmed">
              Aucune plage SDA.
            </Text>
          )}
          <RecordNotes>{p.notes}</RecordNotes>
          {actions}
        </Stack>
      )}
      dialog={(item, close) => (
        <PlatformDialog clientId={clientId} platform={item} onClose={close} onSaved={refresh} />
      )}
      deletePath={(p) => `${base}/${p.id}`}
      deleteLabel={(p) => `la plateforme ${p.provider ?? platformKindLabels[p.kind]} et ses plages`}
    />
  );
}
