import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import {
  type TemplateOut,
  type TemplatePreviewOut,
  templateChannelLabels,
} from '../../../shared/schemas/templates.ts';
import { ApiError } from '../../app/api.ts';
import { can, useMe } from '../../app/auth.ts';
import { ConfirmModal, ErrorAlert, errorMessage, LoadingBlock, PageHeader } from '../../ui/feedback.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { adminApi, adminKeys, adminQueries } from './api.ts';

type Field = 'subject' | 'html' | 'text' | 'sms';
type Draft = { subject: string; html: string; text: string; sms: string | null };
type FieldElement = HTMLInputElement | HTMLTextAreaElement;

const draftOf = (t: Draft): Draft => ({ subject: t.subject, html: t.html, text: t.text, sms: t.sms });
const sameDraft = (a: Draft, b: Draft) =>
  a.subject === b.subject && a.html === b.html && a.text === b.text && (a.sms ?? '') === (b.sms ?? '');
const mono = { input: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', fontSize: 13 } };

/** Templates of automatic messages: edit in Liquid with the event's variables, live preview on a real record. */
export function TemplatesPage() {
  const [selected, setSelected] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const list = useQuery({
    ...adminQueries.templates(),
  });
  const items = list.data?.items ?? [];
  const event = selected ?? items[0]?.event ?? null;

  const choose = (e: string) => {
    if (e === event) return;
    if (dirty) setPending(e);
    else setSelected(e);
  };

  return (
    <Stack>
      <PageHeader title="Modèles de messages" />
      <Text c="dimmed" size="sm">
        Le contenu des e-mails et SMS envoyés automatiquement par Relais. Les modèles s’écrivent en Liquid :
        insérez les variables proposées entre doubles accolades, par exemple {'{{ user.name }}'}. Le cadre aux
        couleurs de la société (logo, couleur, mentions légales) est ajouté à chaque e-mail.
      </Text>
      {list.isPending ? (
        <LoadingBlock />
      ) : list.isError ? (
        <ErrorAlert error={list.error} />
      ) : (
        <>
          <SimpleGrid
            cols={{ base: 1, sm: 2, lg: 3 }}
            spacing="sm"
            role="list"
            aria-label="Messages automatiques"
          >
            {items.map((t) => (
              <UnstyledButton
                key={t.event}
                role="listitem"
                onClick={() => choose(t.event)}
                aria-current={t.event === event ? 'true' : undefined}
                data-testid="template-event"
              >
                <Paper
                  withBorder
                  p="sm"
                  radius="md"
                  h="100%"
                  style={{
                    borderColor: t.event === event ? 'var(--mantine-primary-color-filled)' : undefined,
                    borderWidth: t.event === event ? 2 : 1,
                  }}
                >
                  <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                    <Text fw={600}>{t.label}</Text>
                    <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
                      {t.channels.map((c) => (
                        <Badge key={c} variant="light" size="sm">
                          {templateChannelLabels[c]}
                        </Badge>
                      ))}
                    </Group>
                  </Group>
                  <Text size="xs" c="dimmed" mt={4}>
                    {t.description}
                  </Text>
                  <Text size="xs" mt={6} c={t.customized ? 'orange.8' : 'dimmed'}>
                    {t.customized ? `Modifié le ${formatDateTime(t.updatedAt)}` : 'Modèle par défaut'}
                  </Text>
                </Paper>
              </UnstyledButton>
            ))}
          </SimpleGrid>
          {event && <TemplateEditorLoader key={event} event={event} onDirtyChange={setDirty} />}
        </>
      )}
      <ConfirmModal
        opened={pending !== null}
        title="Modifications non enregistrées"
        confirmLabel="Abandonner les modifications"
        onClose={() => setPending(null)}
        onConfirm={() => {
          setDirty(false);
          setSelected(pending);
          setPending(null);
        }}
      >
        <Text size="sm">Vos modifications de ce modèle ne sont pas enregistrées. Les abandonner ?</Text>
      </ConfirmModal>
    </Stack>
  );
}

function TemplateEditorLoader({
  event,
  onDirtyChange,
}: {
  event: string;
  onDirtyChange: (d: boolean) => void;
}) {
  const query = useQuery({
    ...adminQueries.template(event),
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (query.isPending) return <LoadingBlock />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  return <TemplateEditor template={query.data} onDirtyChange={onDirtyChange} />;
}

function TemplateEditor({
  template,
  onDirtyChange,
}: {
  template: TemplateOut;
  onDirtyChange: (d: boolean) => void;
}) {
  const me = useMe();
  const canEdit = can(me, 'administration', 'update');
  const queryClient = useQueryClient();
  const hasSms = template.channels.includes('sms');
  const [saved, setSaved] = useState<Draft>(() => draftOf(template));
  const [draft, setDraft] = useState<Draft>(() => draftOf(template));
  const [recordId, setRecordId] = useState<string | null>(template.records[0]?.id ?? null);
  const [confirmReset, setConfirmReset] = useState(false);
  const [saveErrors, setSaveErrors] = useState<Partial<Record<Field, string>>>({});
  const refs = useRef<Partial<Record<Field, FieldElement | null>>>({});
  const lastField = useRef<Field>('html');
  const lastGood = useRef<TemplatePreviewOut | undefined>(undefined);
  const dirty = !sameDraft(draft, saved);

  const update = (field: Field, value: string) => {
    const next = { ...draft, [field]: value };
    setDraft(next);
    setSaveErrors((e) => ({ ...e, [field]: undefined }));
    onDirtyChange(!sameDraft(next, saved));
  };

  const [debounced] = useDebouncedValue(draft, 300);
  const preview = useQuery({
    ...adminQueries.templatePreview(
      template.event,
      { ...debounced, sms: hasSms ? (debounced.sms ?? '') : null },
      recordId,
    ),
    retry: false,
  });
  const previewErrors =
    preview.error instanceof ApiError ? (preview.error.fieldErrors() as Partial<Record<Field, string>>) : {};
  const errorOf = (f: Field) => saveErrors[f] ?? previewErrors[f];

  const afterChange = (t: TemplateOut) => {
    queryClient.setQueryData(adminKeys.template(t.event), t);
    void queryClient.invalidateQueries({ queryKey: adminKeys.templates });
    setSaved(draftOf(t));
    setDraft(draftOf(t));
    onDirtyChange(false);
  };
  const save = useMutation({
    mutationFn: () =>
      adminApi.saveTemplate(template.event, {
        ...draft,
        sms: hasSms ? draft.sms : null,
      }),
    onSuccess: (t) => {
      afterChange(t);
      notifications.show({
        color: 'green',
        message: 'Modèle enregistré : les prochains messages l’utiliseront.',
      });
    },
    onError: (e) => {
      if (e instanceof ApiError) setSaveErrors(e.fieldErrors() as Partial<Record<Field, string>>);
      notifications.show({ color: 'red', message: errorMessage(e) });
    },
  });
  const reset = useMutation({
    mutationFn: () => adminApi.resetTemplate(template.event),
    onSuccess: (t) => {
      afterChange(t);
      setConfirmReset(false);
      setSaveErrors({});
      notifications.show({ color: 'green', message: 'Le modèle par défaut est rétabli.' });
    },
  });

  /** Inserts `{{ name }}` at the cursor of the field last focused. */
  const insert = (name: string) => {
    const field = lastField.current;
    const el = refs.current[field];
    const token = `{{ ${name} }}`;
    const value = draft[field] ?? '';
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    update(field, value.slice(0, start) + token + value.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  };
  const fieldProps = (f: Field) => ({
    value: draft[f] ?? '',
    onChange: (e: { currentTarget: { value: string } }) => update(f, e.currentTarget.value),
    onFocus: () => {
      lastField.current = f;
    },
    error: errorOf(f),
    readOnly: !canEdit,
  });

  if (preview.data) lastGood.current = preview.data;
  const p = preview.data ?? lastGood.current;
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Stack gap="sm">
          <Group justify="space-between" align="flex-start" gap="xs">
            <div>
              <Title order={3}>{template.label}</Title>
              <Text size="xs" c="dimmed">
                {template.customized
                  ? `Modifié le ${formatDateTime(template.updatedAt)}${template.updatedBy ? ` par ${template.updatedBy.name}` : ''}`
                  : 'Modèle par défaut'}
              </Text>
            </div>
            {dirty && (
              <Badge color="orange" variant="light">
                Non enregistré
              </Badge>
            )}
          </Group>
          <TextInput
            label="Objet"
            ref={(el) => {
              refs.current.subject = el;
            }}
            {...fieldProps('subject')}
          />
          <Textarea
            label="Corps HTML"
            description="Les valeurs insérées sont échappées : elles ne peuvent pas ajouter de balises."
            autosize
            minRows={6}
            maxRows={18}
            styles={mono}
            ref={(el) => {
              refs.current.html = el;
            }}
            {...fieldProps('html')}
          />
          <Textarea
            label="Corps texte"
            description="Version sans mise en forme, lue par les messageries qui n’affichent pas le HTML."
            autosize
            minRows={4}
            maxRows={14}
            styles={mono}
            ref={(el) => {
              refs.current.text = el;
            }}
            {...fieldProps('text')}
          />
          {hasSms && (
            <Textarea
              label="Texte du SMS"
              autosize
              minRows={2}
              maxRows={6}
              styles={mono}
              ref={(el) => {
                refs.current.sms = el;
              }}
              {...fieldProps('sms')}
            />
          )}
          <Paper withBorder p="sm" radius="md">
            <Text size="sm" fw={600}>
              Variables disponibles
            </Text>
            <Text size="xs" c="dimmed" mb="xs">
              Cliquez pour insérer la variable à l’emplacement du curseur.
            </Text>
            <Stack gap={6}>
              {template.variables.map((v) => (
                <Group key={v.name} gap="xs" wrap="nowrap" align="flex-start">
                  <Tooltip label={`Exemple : ${v.example}`} multiline maw={320}>
                    <Button
                      size="compact-xs"
                      variant="light"
                      onClick={() => insert(v.name)}
                      disabled={!canEdit}
                      styles={{ label: { fontFamily: 'ui-monospace, monospace' } }}
                      style={{ flexShrink: 0 }}
                      aria-label={`Insérer ${v.name}`}
                    >
                      {`{{ ${v.name} }}`}
                    </Button>
                  </Tooltip>
                  <Text size="xs" c="dimmed">
                    {v.description}
                  </Text>
                </Group>
              ))}
            </Stack>
          </Paper>
          {canEdit && (
            <Group gap="xs">
              <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!dirty}>
                Enregistrer
              </Button>
              <Button
                variant="default"
                disabled={!dirty}
                onClick={() => {
                  setDraft(saved);
                  setSaveErrors({});
                  onDirtyChange(false);
                }}
              >
                Annuler les modifications
              </Button>
              {template.customized && (
                <Button variant="subtle" color="red" onClick={() => setConfirmReset(true)}>
                  Rétablir le modèle par défaut
                </Button>
              )}
            </Group>
          )}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Stack gap="sm">
          <Title order={3}>Aperçu</Title>
          <Select
            label={`Aperçu sur la fiche (${template.recordLabel.toLowerCase()})`}
            data={template.records.map((r) => ({ value: r.id, label: r.label }))}
            value={recordId}
            onChange={setRecordId}
            searchable
            nothingFoundMessage="Aucune fiche"
            allowDeselect={false}
          />
          {preview.isError && (
            <Alert color="red" title="Aperçu impossible" role="alert">
              {errorMessage(preview.error)}{' '}
              {preview.error instanceof ApiError && preview.error.details.length > 0
                ? 'Les erreurs sont indiquées sous les champs.'
                : ''}
              {p ? ' L’aperçu ci-dessous montre la dernière version correcte.' : ''}
            </Alert>
          )}
          {!p ? (
            preview.isPending && <LoadingBlock />
          ) : (
            <Stack gap="sm" style={{ opacity: preview.isError || preview.isFetching ? 0.6 : 1 }}>
              <Paper withBorder p="xs" radius="sm">
                <Text size="xs" c="dimmed">
                  Objet
                </Text>
                <Text size="sm" fw={600} data-testid="preview-subject">
                  {p.subject}
                </Text>
              </Paper>
              <iframe
                title="Aperçu de l’e-mail"
                sandbox=""
                srcDoc={p.html}
                style={{
                  width: '100%',
                  height: 420,
                  border: '1px solid var(--mantine-color-gray-3)',
                  borderRadius: 8,
                  background: '#f4f6f8',
                }}
              />
              <Paper withBorder p="xs" radius="sm">
                <Text size="xs" c="dimmed" mb={4}>
                  Version texte
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                  {p.text}
                </Text>
              </Paper>
              {p.sms !== null && p.smsLength && (
                <Paper withBorder p="xs" radius="sm">
                  <Text size="xs" c="dimmed" mb={4}>
                    SMS
                  </Text>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                    {p.sms}
                  </Text>
                  <Text
                    size="xs"
                    mt={6}
                    c={p.smsLength.segments > 1 ? 'orange.8' : 'dimmed'}
                    data-testid="sms-counter"
                  >
                    {p.smsLength.units} caractère{p.smsLength.units > 1 ? 's' : ''} · {p.smsLength.encoding} ·{' '}
                    {p.smsLength.segments} SMS · {p.smsLength.remaining} restant
                    {p.smsLength.remaining > 1 ? 's' : ''} avant le SMS suivant
                  </Text>
                  {p.smsLength.encoding === 'UCS-2' && (
                    <Text size="xs" c="dimmed">
                      Un caractère hors de l’alphabet GSM (accent comme « ê », emoji…) fait passer le SMS en
                      UCS-2 : 70 caractères par SMS au lieu de 160.
                    </Text>
                  )}
                </Paper>
              )}
            </Stack>
          )}
        </Stack>
      </Grid.Col>
      <ConfirmModal
        opened={confirmReset}
        title="Rétablir le modèle par défaut ?"
        confirmLabel="Rétablir le modèle par défaut"
        loading={reset.isPending}
        error={reset.error}
        onClose={() => setConfirmReset(false)}
        onConfirm={() => reset.mutate()}
      >
        <Text size="sm">
          Votre version de « {template.label} » sera supprimée et les prochains messages utiliseront le modèle
          fourni avec Relais.
        </Text>
      </ConfirmModal>
    </Grid>
  );
}
