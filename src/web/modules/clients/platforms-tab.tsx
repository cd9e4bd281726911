import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import {
  formatRange,
  type PlatformOut,
  platformKindLabels,
  platformKinds,
} from '../../../shared/schemas/client-records.ts';
import { patch, post } from '../../app/api.ts';
import {
  FormError,
  RecordDialogs,
  useRecordEditor,
  RecordsState,
  submitRecord,
  useClientRecords,
  RecordActions,
  RecordNotes,
  recordSaved,
} from './records-ui.tsx';
import { FormActions } from '../../ui/form-actions.tsx';

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
    if (ok) await recordSaved(onSaved, onClose, platform ? 'Plateforme modifiée.' : 'Plateforme ajoutée.');
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
        <FormActions onCancel={onClose} loading={form.submitting} />
      </Stack>
    </form>
  );
}

/** Telephony platforms tab: kind, provider, tenant, admin console link, SDA ranges. */
export function PlatformsTab({ clientId, editable }: { clientId: string; editable: boolean }) {
  const { query, refresh, base } = useClientRecords<PlatformOut>(clientId, 'platforms');
  const editor = useRecordEditor<PlatformOut>();
  if (!query.isSuccess) return <RecordsState query={query} what="Plateformes" />;
  return (
    <Stack>
      {editable && (
        <Group justify="flex-end">
          <Button onClick={editor.add}>Ajouter une plateforme</Button>
        </Group>
      )}
      {query.data.length === 0 && <Text c="dimmed">Aucune plateforme téléphonique enregistrée.</Text>}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {query.data.map((p) => (
          <Card key={p.id} withBorder padding="sm" data-testid="platform-card">
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
              {editable && <RecordActions onEdit={() => editor.edit(p)} onDelete={() => editor.remove(p)} />}
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
      <RecordDialogs
        editor={editor}
        titles={{ add: 'Ajouter une plateforme', edit: 'Modifier la plateforme' }}
        deletePath={(platform) => `${base}/${platform.id}`}
        deleteLabel={(platform) =>
          `la plateforme ${platform.provider ?? platformKindLabels[platform.kind]} et ses plages`
        }
        onDone={refresh}
      >
        {(platform, close) => (
          <PlatformDialog clientId={clientId} platform={platform} onClose={close} onSaved={refresh} />
        )}
      </RecordDialogs>
    </Stack>
  );
}
