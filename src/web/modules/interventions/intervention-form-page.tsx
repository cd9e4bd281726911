import {
  Alert,
  Badge,
  Button,
  Card,
  Center,
  Group,
  Loader,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Textarea,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import {
  type InterventionOut,
  interventionCreateBody,
  interventionPatch,
} from '../../../shared/schemas/interventions.ts';
import { parisWallInstant } from '../../../shared/paris-time.ts';
import { z } from '../../../shared/zod.ts';
import { DateTimeField } from '../../ui/date-fields.tsx';
import { bodyResolver } from '../../ui/form-validation.ts';
import { skillsForPlatform } from '../../../shared/skills.ts';
import { can, useMe } from '../../app/auth.ts';
import { useClientPicker } from '../clients/client-picker.ts';
import { ApiError } from '../../app/api.ts';
import { kindOptions } from './shared.tsx';
import { ConflictAlert, OverrideReasonField } from './conflict-list.tsx';
import { clientQueries } from '../clients/api.ts';
import { technicianQueries } from '../technicians/api.ts';
import { interventionApi, interventionKeys, interventionQueries } from './api.ts';
import { usePageTitle } from '../../ui/page-title.ts';

const editRoute = getRouteApi('/app/interventions/$interventionId/modifier');

type Values = {
  clientId: string;
  siteId: string;
  contactId: string;
  kind: string;
  remote: boolean;
  title: string;
  description: string;
  plannedMinutes: number;
  skillIds: string[];
  checklist: string;
  /** Optional: plan it at once for this technician (« YYYY-MM-DD HH:mm:ss », Paris time). */
  technicianId: string;
  plannedStart: string;
  /** Why the technician is sent despite the slot's conflicts (who may force). */
  overrideReason: string;
};

/** /interventions/nouvelle: client → site → contact, what to do, duration, skills, checklist. */
export function InterventionFormPage() {
  return <InterventionForm />;
}

/** /interventions/$id/modifier: the same form on an existing intervention (its client stays). */
export function InterventionEditPage() {
  const { interventionId } = editRoute.useParams();
  const q = useQuery(interventionQueries.detail(interventionId));
  usePageTitle(q.data ? `Modifier ${q.data.number}` : null);
  if (q.isPending)
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  if (q.isError) return <Alert color="red">{q.error.message}</Alert>;
  return <InterventionForm key={q.data.version} existing={q.data} />;
}

/** A checklist typed one point per line; points already ticked stay ticked. */
function checklistOf(text: string, before: InterventionOut['checklist'] = []) {
  const done = new Set(before.filter((c) => c.done).map((c) => c.label));
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((label) => ({ label, done: done.has(label) }));
}

/** What creation and edition both send. */
const commonBody = (v: Values) => ({
  siteId: v.siteId || null,
  contactId: v.contactId || null,
  kind: v.kind,
  remote: v.remote,
  title: v.title,
  description: v.description || null,
  plannedMinutes: v.plannedMinutes,
  skillIds: v.skillIds,
});
/** The body of POST /interventions. */
const createBody = (v: Values, ticketId: string | undefined) => ({
  clientId: v.clientId,
  ...commonBody(v),
  ...(ticketId ? { ticketId } : {}),
  checklist: checklistOf(v.checklist),
});
/** The body of PATCH /interventions/:id (the client stays). */
const patchBody = (v: Values, existing: InterventionOut) => ({
  version: existing.version,
  ...commonBody(v),
  checklist: checklistOf(v.checklist, existing.checklist),
});
/** Creation, and the technician to send at once: he needs a start. */
const createForm = interventionCreateBody
  .extend({
    clientId: z.uuid('Choisissez le client.'),
    technicianId: z.string(),
    plannedStart: z.string(),
  })
  .refine((v) => !v.technicianId || v.plannedStart !== '', {
    path: ['plannedStart'],
    message: 'Indiquez le début pour envoyer ce technicien.',
  });

function InterventionForm({ existing }: { existing?: InterventionOut }) {
  const navigate = useNavigate();
  // The edit route has no prefill: its form reads the existing intervention.
  const search = useSearch({ from: '/app/interventions/nouvelle', shouldThrow: false }) ?? {};
  const me = useMe();
  const queryClient = useQueryClient();
  const canPlan = can(me, 'planning', 'update');
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: existing
      ? {
          clientId: existing.clientId,
          siteId: existing.siteId ?? '',
          contactId: existing.contactId ?? '',
          kind: existing.kind,
          remote: existing.remote,
          title: existing.title,
          description: existing.description ?? '',
          plannedMinutes: existing.plannedMinutes,
          skillIds: existing.skills.map((x) => x.id),
          checklist: existing.checklist.map((c) => c.label).join('\n'),
          technicianId: '',
          plannedStart: '',
          overrideReason: '',
        }
      : {
          clientId: search.clientId ?? '',
          siteId: search.siteId ?? '',
          contactId: '',
          kind: search.kind ?? 'installation',
          remote: false,
          title: search.title ?? '',
          description: '',
          plannedMinutes: 60,
          skillIds: [],
          checklist: '',
          technicianId: '',
          plannedStart: '',
          overrideReason: '',
        },
    validate: existing
      ? bodyResolver(interventionPatch, (v: Values) => patchBody(v, existing))
      : bodyResolver(createForm, (v: Values) => ({
          ...createBody(v, search.ticketId),
          technicianId: v.technicianId,
          plannedStart: v.plannedStart,
        })),
  });
  const techs = useQuery({ ...technicianQueries.picker(), enabled: canPlan && !existing, retry: false });
  // The technicians ranked for what is being written (skills, zone, availability at the start), with
  // the board's conflicts at that start; from the server, which also says who may force.
  const v = form.values;
  const start = v.plannedStart ? parisWallInstant(v.plannedStart).toISOString() : null;
  const draft = {
    clientId: v.clientId,
    siteId: v.siteId || null,
    remote: v.remote,
    skillIds: v.skillIds,
    plannedStart: start,
    plannedMinutes: v.plannedMinutes,
  };
  const ranking = useQuery({
    queryKey: ['planning-candidates', draft],
    queryFn: () => interventionApi.candidates(draft),
    enabled: canPlan && !existing && Boolean(v.clientId && (v.siteId || v.remote) && v.plannedMinutes >= 15),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const ranked = ranking.data?.items;
  const chosen = ranked?.find((x) => x.technicianId === v.technicianId);
  const slotConflicts = chosen && start && !ranking.isPlaceholderData ? chosen.conflicts : [];
  const canOverride = ranking.data?.canOverride ?? false;
  // Coming from a ticket: its assignee, when he is a technician, is pre-selected.
  const prefillTech = techs.data?.items.find((x) => x.userId === search.assigneeId)?.id;
  useEffect(() => {
    if (prefillTech && !form.values.technicianId) form.setFieldValue('technicianId', prefillTech);
  }, [prefillTech]);
  const {
    client,
    siteOptions,
    contactOptions,
    selectProps: clientPicker,
  } = useClientPicker(form.values.clientId);
  const skills = useQuery({ ...technicianQueries.skills(), retry: false });
  // Coming from a ticket about a platform: the skills it calls for (as the assignment proposal).
  const platforms = useQuery({
    ...clientQueries.records(search.clientId ?? '', 'platforms'),
    enabled: Boolean(!existing && search.platformId && search.clientId),
    retry: false,
  });
  const platform = platforms.data?.find((p) => p.id === search.platformId);
  const platformSkills =
    platform && skills.data ? skillsForPlatform(platform, skills.data.items).map((x) => x.id) : null;
  useEffect(() => {
    if (platformSkills?.length && form.values.skillIds.length === 0)
      form.setFieldValue('skillIds', platformSkills);
  }, [platformSkills?.join()]);
  const submit = form.onSubmit(async (v) => {
    setError(null);
    try {
      if (existing) {
        await interventionApi.update(existing.id, patchBody(v, existing));
        await queryClient.invalidateQueries({ queryKey: interventionKeys.detail(existing.id) });
        notifications.show({ color: 'green', message: `Intervention ${existing.number} enregistrée.` });
        await navigate({ to: `/interventions/${existing.id}` as string });
        return;
      }
      // A slot with conflicts is never dropped silently: refused before anything is created, or
      // forced with a reason by who may.
      const forcing = slotConflicts.length > 0;
      if (forcing && !canOverride) {
        setError(
          'Ce créneau pose problème : choisissez un autre technicien ou un autre début, ou laissez « Planifier plus tard ».',
        );
        return;
      }
      if (forcing && v.overrideReason.trim().length < 5) {
        form.setFieldError('overrideReason', 'Motif : 5 caractères au moins.');
        return;
      }
      const created = await interventionApi.create(createBody(v, search.ticketId));
      if (!v.technicianId || !v.plannedStart) {
        notifications.show({ color: 'green', message: `Intervention ${created.number} créée.` });
      } else {
        try {
          await interventionApi.schedule(created.id, {
            technicianIds: [v.technicianId],
            plannedStart: parisWallInstant(v.plannedStart).toISOString(),
            plannedMinutes: v.plannedMinutes,
            version: created.version,
            ...(forcing ? { overrideReason: v.overrideReason.trim() } : {}),
          });
          notifications.show({
            color: 'green',
            message: `Intervention ${created.number} créée et planifiée${forcing ? ' malgré le conflit' : ''}.`,
          });
        } catch (e) {
          // Something changed since the check (another booking): said once, with the reason.
          notifications.show({
            color: 'orange',
            autoClose: false,
            message: `Intervention ${created.number} créée mais pas planifiée : ${(e as Error).message}`,
          });
        }
      }
      await navigate({ to: `/interventions/${created.id}` as string });
    } catch (e) {
      if (e instanceof ApiError) {
        form.setErrors(e.fieldErrors());
        setError(e.message);
      } else throw e;
    }
  });
  return (
    <Stack maw={820}>
      <Title order={2}>
        {existing ? `Modifier l’intervention ${existing.number}` : 'Nouvelle intervention'}
      </Title>
      <Card withBorder>
        <form onSubmit={submit} noValidate>
          <Stack>
            {error && <Alert color="red">{error}</Alert>}
            <Select
              label="Client"
              placeholder="Tapez le nom du client"
              required
              {...clientPicker}
              disabled={Boolean(existing)}
              {...form.getInputProps('clientId')}
              onChange={(v) => {
                form.setValues({ clientId: v ?? '', siteId: '', contactId: '' });
              }}
            />
            <Switch
              label="Intervention à distance (support)"
              {...form.getInputProps('remote', { type: 'checkbox' })}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label="Site"
                placeholder={form.values.clientId ? 'Choisissez le site' : 'Choisissez d’abord le client'}
                required={!form.values.remote}
                disabled={!client.data}
                data={siteOptions}
                clearable
                {...form.getInputProps('siteId')}
              />
              <Select
                label="Contact sur place"
                placeholder="Facultatif"
                disabled={!client.data}
                data={contactOptions}
                clearable
                {...form.getInputProps('contactId')}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label="Type"
                required
                data={kindOptions}
                allowDeselect={false}
                {...form.getInputProps('kind')}
              />
              <NumberInput
                label="Durée prévue (minutes)"
                min={15}
                max={1440}
                step={15}
                required
                {...form.getInputProps('plannedMinutes')}
              />
            </SimpleGrid>
            <TextInput
              label="Titre"
              required
              placeholder="Installation du standard"
              {...form.getInputProps('title')}
            />
            <Textarea label="Description" autosize minRows={3} {...form.getInputProps('description')} />
            <MultiSelect
              label="Compétences requises"
              placeholder="Aucune"
              searchable
              data={(skills.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
              {...form.getInputProps('skillIds')}
            />
            {canPlan && !existing && (
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Select
                  label="Technicien à envoyer"
                  description={ranked ? 'Classés par compétences, zone et disponibilité' : undefined}
                  placeholder="Planifier plus tard"
                  searchable
                  clearable
                  data={
                    ranked
                      ? ranked.map((x) => ({ value: x.technicianId, label: x.name }))
                      : (techs.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))
                  }
                  renderOption={({ option }) => {
                    const r = ranked?.find((x) => x.technicianId === option.value);
                    return (
                      <div style={{ width: '100%' }}>
                        <Group justify="space-between" wrap="nowrap" gap="xs">
                          <Text size="sm">{option.label}</Text>
                          {r && (
                            <Badge variant="light" color={r.conflicts.length ? 'red' : 'blue'}>
                              {r.score}/100
                            </Badge>
                          )}
                        </Group>
                        {r && (
                          <Text size="xs" c={r.conflicts.length ? 'red' : 'dimmed'}>
                            {r.conflicts.length
                              ? r.conflicts[0]!.message
                              : r.factors.map((f) => `${f.label} ${f.points}/${f.max}`).join(' · ')}
                          </Text>
                        )}
                      </div>
                    );
                  }}
                  {...form.getInputProps('technicianId')}
                />
                <DateTimeField
                  label="Début prévu (heure de Paris)"
                  placeholder="Choisissez le jour et l’heure"
                  disabled={!form.values.technicianId}
                  {...form.getInputProps('plannedStart')}
                />
              </SimpleGrid>
            )}
            {slotConflicts.length > 0 && (
              <Stack gap="xs">
                <ConflictAlert conflicts={slotConflicts} />
                {canOverride ? (
                  <OverrideReasonField
                    value={v.overrideReason}
                    onChange={(x) => form.setFieldValue('overrideReason', x)}
                    error={form.errors.overrideReason as string | undefined}
                  />
                ) : (
                  <Text size="sm" c="dimmed">
                    Choisissez un autre technicien ou un autre début, ou laissez « Planifier plus tard ».
                  </Text>
                )}
              </Stack>
            )}
            <Textarea
              label="Check-list"
              description="Un point par ligne"
              autosize
              minRows={3}
              {...form.getInputProps('checklist')}
            />
            <Group justify="flex-end">
              <Button
                variant="default"
                onClick={() =>
                  navigate({ to: (existing ? `/interventions/${existing.id}` : '/interventions') as string })
                }
              >
                Annuler
              </Button>
              <Button
                type="submit"
                loading={form.submitting}
                color={slotConflicts.length ? 'orange' : undefined}
              >
                {existing
                  ? 'Enregistrer'
                  : slotConflicts.length && canOverride
                    ? 'Forcer avec motif'
                    : 'Créer l’intervention'}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
