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
import {
  formatRange,
  type PlatformOut,
  platformKindLabels,
  platformKinds,
} from '../../../shared/schemas/client-records.ts';
import { clientApi } from './api.ts';
import {
  RecordForm,
  type RecordFormProps,
  RecordNotes,
  RecordTab,
  useClientRecords,
  useRecordForm,
} from './records-ui.tsx';

type PlatformForm = {
  kind: string | null;
  provider: string;
  tenantId: string;
  adminUrl: string;
  notes: string;
  ranges: { start: string; end: string; label: string }[];
};

function PlatformDialog({ clientId, record: platform, onClose, onSaved }: RecordFormProps<PlatformOut>) {
  const { form, general, submit } = useRecordForm<PlatformForm>({
    initialValues: {
      kind: platform?.kind ?? null,
      provider: platform?.provider ?? '',
      tenantId: platform?.tenantId ?? '',
      adminUrl: platform?.adminUrl ?? '',
      notes: platform?.notes ?? '',
      ranges:
        platform?.ranges.map((r) => ({ start: r.startE164, end: r.endE164, label: r.label ?? '' })) ?? [],
    },
    send: (body) => clientApi.saveRecord(clientId, 'platforms', platform?.id, body),
    saved: platform ? 'Plateforme modifiée.' : 'Plateforme ajoutée.',
    onSaved,
    onClose,
  });
  const save = async (v: PlatformForm) => {
    if (!v.kind) return form.setErrors({ kind: 'Choisissez le type de plateforme.' });
    await submit({ ...v, ranges: v.ranges.filter((r) => r.start.trim() || r.end.trim()) });
  };
  return (
    <RecordForm form={form} general={general} onCancel={onClose} onSubmit={save}>
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
    </RecordForm>
  );
}

/** Telephony platforms tab: kind, provider, tenant, admin console link, SDA ranges. */
export function PlatformsTab({ clientId, editable }: { clientId: string; editable: boolean }) {
  const { query, refresh } = useClientRecords(clientId, 'platforms');
  return (
    <RecordTab
      query={query}
      what="Plateformes"
      empty="Aucune plateforme téléphonique enregistrée."
      editable={editable}
      titles={{ add: 'Ajouter une plateforme', edit: 'Modifier la plateforme' }}
      cardCols={{ base: 1, md: 2 }}
      cardTestId="platform-card"
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
      form={(platform, close) => (
        <PlatformDialog clientId={clientId} record={platform} onClose={close} onSaved={refresh} />
      )}
      remove={(platform) => clientApi.removeRecord(clientId, 'platforms', platform.id)}
      deleteLabel={(platform) =>
        `la plateforme ${platform.provider ?? platformKindLabels[platform.kind]} et ses plages`
      }
      onDone={refresh}
    />
  );
}
