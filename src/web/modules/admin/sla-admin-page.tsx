import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { holidayRegionLabels, holidayRegions } from '../../../shared/holidays.ts';
import { type CalendarOut, calendarKindLabels, type PolicyOut } from '../../../shared/schemas/sla.ts';
import {
  type TicketPriority,
  ticketPriorities,
  ticketPriorityLabels,
  ticketTypeLabels,
  ticketTypes,
} from '../../../shared/tickets.ts';
import { can, useMe } from '../../app/auth.ts';
import { FormError, recordSaved, submitRecord } from '../clients/records-ui.tsx';
import { useIsPhone } from '../../ui/data-list.tsx';
import { formatMinutes } from '../contracts/contracts-tab.tsx';
import { AutoAssignSettings } from '../tickets/auto-assign-settings.tsx';
import { errorMessage, LoadingBlock, PageHeader } from '../../ui/feedback.tsx';
import { FormActions } from '../../ui/form-actions.tsx';
import { adminApi, adminKeys, adminQueries } from './api.ts';
import { plural } from '../../../shared/plural.ts';

const days = [
  ['mon', 'Lundi'],
  ['tue', 'Mardi'],
  ['wed', 'Mercredi'],
  ['thu', 'Jeudi'],
  ['fri', 'Vendredi'],
  ['sat', 'Samedi'],
  ['sun', 'Dimanche'],
] as const;
type Day = (typeof days)[number][0];
type Slots = [string, string][];

/** « 08:30–12:30, 14:00–18:00 » ⇄ slots. */
const slotsToText = (s: Slots | undefined) => (s ?? []).map(([a, b]) => `${a}–${b}`).join(', ');
function textToSlots(text: string): Slots {
  return text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const [a, b] = p.split(/[–-]/).map((x) => x.trim().replace('h', ':'));
      const pad = (x = '') => (/^\d:/.test(x) ? `0${x}` : x).replace(/:$/, ':00');
      return [pad(a), pad(b)];
    });
}

function hoursSummary(c: CalendarOut): string {
  if (c.kind === '24x7') return '24 h/24, 7 j/7';
  const h = (c.hours ?? {}) as Partial<Record<Day, Slots>>;
  return days
    .filter(([d]) => (h[d] ?? []).length)
    .map(([d, label]) => `${label.slice(0, 3)}. ${slotsToText(h[d])}`)
    .join(' · ');
}

type CalendarForm = { name: string; kind: string; holidayRegion: string; closedDates: string } & Record<
  Day,
  string
>;

function CalendarDialog({ calendar, onClose }: { calendar: CalendarOut | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [general, setGeneral] = useState<string | null>(null);
  const h = (calendar?.hours ?? {}) as Partial<Record<Day, Slots>>;
  const form = useForm<CalendarForm>({
    initialValues: {
      name: calendar?.name ?? '',
      kind: calendar?.kind ?? 'hours',
      holidayRegion: calendar?.holidayRegion ?? 'site',
      closedDates: (calendar?.closedDates ?? []).join(', '),
      ...(Object.fromEntries(
        days.map(([d]) => [
          d,
          calendar ? slotsToText(h[d]) : ['sat', 'sun'].includes(d) ? '' : '08:30–12:30, 14:00–18:00',
        ]),
      ) as Record<Day, string>),
    },
  });
  const save = async (v: CalendarForm) => {
    const hours = Object.fromEntries(
      days.map(([d]) => [d, textToSlots(v[d])]).filter((e) => (e[1] as Slots).length > 0),
    );
    const body = {
      name: v.name,
      kind: v.kind,
      hours: v.kind === 'hours' ? hours : null,
      holidayRegion: v.holidayRegion === 'site' ? null : v.holidayRegion,
      closedDates: v.closedDates
        .split(/[,\s]+/)
        .map((x) => x.trim())
        .filter(Boolean),
    };
    const ok = await submitRecord(
      () => adminApi.saveCalendar(calendar?.id, body),
      form.setErrors,
      setGeneral,
      (p) => (p.startsWith('hours.') ? (p.split('.')[1] ?? p) : p),
    );
    if (ok)
      await recordSaved(
        () => queryClient.invalidateQueries({ queryKey: adminKeys.sla }),
        onClose,
        'Calendrier enregistré.',
      );
  };
  return (
    <form onSubmit={form.onSubmit(save)} noValidate>
      <Stack>
        <FormError error={general} />
        <TextInput label="Nom" required {...form.getInputProps('name')} />
        <Select
          label="Type"
          allowDeselect={false}
          data={Object.entries(calendarKindLabels).map(([value, label]) => ({ value, label }))}
          {...form.getInputProps('kind')}
        />
        {form.values.kind === 'hours' && (
          <>
            <Text size="sm" fw={500}>
              Heures ouvrées (heure de Paris), par exemple « 08:30–12:30, 14:00–18:00 »
            </Text>
            {days.map(([d, label]) => (
              <TextInput key={d} label={label} placeholder="Fermé" {...form.getInputProps(d)} />
            ))}
            <Select
              label="Jours fériés"
              allowDeselect={false}
              data={[
                { value: 'site', label: 'Selon le département du site du ticket' },
                ...holidayRegions.map((r) => ({ value: r, label: holidayRegionLabels[r] })),
              ]}
              {...form.getInputProps('holidayRegion')}
            />
            <TextInput
              label="Jours de fermeture"
              description="Dates AAAA-MM-JJ séparées par des virgules (fermeture de l’entreprise…)."
              {...form.getInputProps('closedDates')}
            />
          </>
        )}
        <FormActions onCancel={onClose} loading={form.submitting} />
      </Stack>
    </form>
  );
}

type PolicyForm = {
  name: string;
  priority: string;
  ticketType: string;
  firstResponseMinutes: number | string;
  resolutionMinutes: number | string;
  calendarId: string | null;
  warnPercent: number | string;
  active: boolean;
};

function PolicyDialog({
  policy,
  calendars,
  onClose,
}: {
  policy: PolicyOut | null;
  calendars: CalendarOut[];
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [general, setGeneral] = useState<string | null>(null);
  const form = useForm<PolicyForm>({
    initialValues: {
      name: policy?.name ?? '',
      priority: policy?.priority ?? 'any',
      ticketType: policy?.ticketType ?? 'any',
      firstResponseMinutes: policy?.firstResponseMinutes ?? 60,
      resolutionMinutes: policy?.resolutionMinutes ?? 480,
      calendarId: policy?.calendarId ?? calendars[0]?.id ?? null,
      warnPercent: policy?.warnPercent ?? 75,
      active: policy?.active ?? true,
    },
  });
  const save = async (v: PolicyForm) => {
    const body = {
      name: v.name,
      priority: v.priority === 'any' ? null : v.priority,
      ticketType: v.ticketType === 'any' ? null : v.ticketType,
      firstResponseMinutes: Number(v.firstResponseMinutes),
      resolutionMinutes: Number(v.resolutionMinutes),
      calendarId: v.calendarId,
      warnPercent: Number(v.warnPercent),
      active: v.active,
    };
    const ok = await submitRecord(() => adminApi.savePolicy(policy?.id, body), form.setErrors, setGeneral);
    if (ok)
      await recordSaved(
        () => queryClient.invalidateQueries({ queryKey: adminKeys.sla }),
        onClose,
        'Politique enregistrée ; les échéances des tickets ouverts sont recalculées.',
      );
  };
  return (
    <form onSubmit={form.onSubmit(save)} noValidate>
      <Stack>
        <FormError error={general} />
        {policy?.contractLabel && <Text size="sm">Contrat : {policy.contractLabel}</Text>}
        <TextInput label="Nom" required {...form.getInputProps('name')} />
        <Group grow>
          <Select
            label="Priorité"
            allowDeselect={false}
            data={[
              { value: 'any', label: 'Toutes' },
              ...ticketPriorities.map((p) => ({ value: p, label: ticketPriorityLabels[p] })),
            ]}
            {...form.getInputProps('priority')}
          />
          <Select
            label="Type de ticket"
            allowDeselect={false}
            data={[
              { value: 'any', label: 'Tous' },
              ...ticketTypes.map((t) => ({ value: t, label: ticketTypeLabels[t] })),
            ]}
            {...form.getInputProps('ticketType')}
          />
        </Group>
        <Group grow>
          <NumberInput
            label="Première réponse (minutes)"
            min={1}
            required
            {...form.getInputProps('firstResponseMinutes')}
          />
          <NumberInput
            label="Résolution (minutes)"
            min={1}
            required
            {...form.getInputProps('resolutionMinutes')}
          />
        </Group>
        <Select
          label="Calendrier"
          allowDeselect={false}
          data={calendars.map((c) => ({ value: c.id, label: c.name }))}
          {...form.getInputProps('calendarId')}
        />
        <NumberInput
          label="Alerte à (% de l’objectif)"
          min={1}
          max={99}
          {...form.getInputProps('warnPercent')}
        />
        <Checkbox label="Active" {...form.getInputProps('active', { type: 'checkbox' })} />
        <FormActions onCancel={onClose} loading={form.submitting} />
      </Stack>
    </form>
  );
}

export function SlaPage() {
  const me = useMe();
  const editable = can(me, 'administration', 'update');
  const phone = useIsPhone();
  const queryClient = useQueryClient();
  const calendars = useQuery(adminQueries.slaCalendars());
  const policies = useQuery(adminQueries.slaPolicies());
  const [calendar, setCalendar] = useState<CalendarOut | 'new' | null>(null);
  const [policy, setPolicy] = useState<PolicyOut | 'new' | null>(null);
  if (calendars.isPending || policies.isPending) return <LoadingBlock />;
  if (calendars.isError || policies.isError)
    return <Text c="red">{errorMessage(calendars.error ?? policies.error)}</Text>;
  const remove = async (send: () => Promise<unknown>) => {
    try {
      await send();
      await queryClient.invalidateQueries({ queryKey: adminKeys.sla });
    } catch (e) {
      notifications.show({ color: 'red', message: errorMessage(e) });
    }
  };
  return (
    <Stack>
      <PageHeader title="Calendriers et SLA" />
      <Tabs defaultValue="policies">
        <Tabs.List>
          <Tabs.Tab value="policies">Politiques SLA ({policies.data.length})</Tabs.Tab>
          <Tabs.Tab value="calendars">Calendriers ({calendars.data.length})</Tabs.Tab>
          {can(me, 'administration', 'read') && (
            <Tabs.Tab value="auto-assign">Attribution automatique</Tabs.Tab>
          )}
        </Tabs.List>
        {can(me, 'administration', 'read') && (
          <Tabs.Panel value="auto-assign" pt="md">
            <AutoAssignSettings editable={editable} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="policies" pt="md">
          <Stack>
            <Text size="sm" c="dimmed">
              La politique la plus précise s’applique : contrat + priorité + type, puis contrat + priorité,
              contrat, puis politiques par défaut. Sans politique de contrat, la GTI/GTR du contrat fixe les
              objectifs.
            </Text>
            {editable && (
              <Group justify="flex-end">
                <Button onClick={() => setPolicy('new')}>Nouvelle politique</Button>
              </Group>
            )}
            <Table.ScrollContainer minWidth={720}>
              <Table striped highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Nom</Table.Th>
                    <Table.Th>Contrat</Table.Th>
                    <Table.Th>Priorité</Table.Th>
                    <Table.Th>Type</Table.Th>
                    <Table.Th>1re réponse</Table.Th>
                    <Table.Th>Résolution</Table.Th>
                    <Table.Th>Calendrier</Table.Th>
                    <Table.Th>Alerte</Table.Th>
                    {editable && <Table.Th />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {policies.data.map((p) => (
                    <Table.Tr key={p.id} opacity={p.active ? 1 : 0.5}>
                      <Table.Td>
                        {p.name} {!p.active && <Badge color="gray">Inactive</Badge>}
                      </Table.Td>
                      <Table.Td>{p.contractLabel ?? 'Par défaut'}</Table.Td>
                      <Table.Td>
                        {p.priority ? ticketPriorityLabels[p.priority as TicketPriority] : 'Toutes'}
                      </Table.Td>
                      <Table.Td>
                        {p.ticketType
                          ? ticketTypeLabels[p.ticketType as keyof typeof ticketTypeLabels]
                          : 'Tous'}
                      </Table.Td>
                      <Table.Td>{formatMinutes(p.firstResponseMinutes)}</Table.Td>
                      <Table.Td>{formatMinutes(p.resolutionMinutes)}</Table.Td>
                      <Table.Td>{p.calendarName}</Table.Td>
                      <Table.Td>{p.warnPercent} %</Table.Td>
                      {editable && (
                        <Table.Td>
                          <Group gap={4} wrap="nowrap">
                            <Button size="xs" variant="default" onClick={() => setPolicy(p)}>
                              Modifier
                            </Button>
                            <ActionIcon
                              variant="subtle"
                              color="red"
                              aria-label={`Supprimer la politique ${p.name}`}
                              onClick={() => remove(() => adminApi.deletePolicy(p.id))}
                            >
                              ×
                            </ActionIcon>
                          </Group>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="calendars" pt="md">
          <Stack>
            {editable && (
              <Group justify="flex-end">
                <Button onClick={() => setCalendar('new')}>Nouveau calendrier</Button>
              </Group>
            )}
            {calendars.data.map((c) => (
              <Card key={c.id} withBorder>
                <Group justify="space-between" align="flex-start">
                  <Stack gap={2}>
                    <Group gap="xs">
                      <Title order={5}>{c.name}</Title>
                      <Badge variant="light">{calendarKindLabels[c.kind]}</Badge>
                      <Text size="xs" c="dimmed">
                        utilisé par {plural(c.usedBy, 'politique ou contrat', 'politiques ou contrats')}
                      </Text>
                    </Group>
                    <Text size="sm">{hoursSummary(c)}</Text>
                    {c.kind === 'hours' && (
                      <Text size="sm" c="dimmed">
                        Jours fériés :{' '}
                        {c.holidayRegion
                          ? holidayRegionLabels[c.holidayRegion as keyof typeof holidayRegionLabels]
                          : 'selon le département du site'}
                        {c.closedDates.length ? ` · fermetures : ${c.closedDates.join(', ')}` : ''}
                      </Text>
                    )}
                  </Stack>
                  {editable && (
                    <Group gap={4}>
                      <Button size="xs" variant="default" onClick={() => setCalendar(c)}>
                        Modifier
                      </Button>
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        onClick={() => remove(() => adminApi.deleteCalendar(c.id))}
                      >
                        Supprimer
                      </Button>
                    </Group>
                  )}
                </Group>
              </Card>
            ))}
          </Stack>
        </Tabs.Panel>
      </Tabs>
      <Modal
        opened={calendar !== null}
        onClose={() => setCalendar(null)}
        title={calendar === 'new' ? 'Nouveau calendrier' : 'Modifier le calendrier'}
        fullScreen={phone}
        size="lg"
      >
        {calendar !== null && (
          <CalendarDialog calendar={calendar === 'new' ? null : calendar} onClose={() => setCalendar(null)} />
        )}
      </Modal>
      <Modal
        opened={policy !== null}
        onClose={() => setPolicy(null)}
        title={policy === 'new' ? 'Nouvelle politique SLA' : 'Modifier la politique SLA'}
        fullScreen={phone}
        size="lg"
      >
        {policy !== null && (
          <PolicyDialog
            policy={policy === 'new' ? null : policy}
            calendars={calendars.data}
            onClose={() => setPolicy(null)}
          />
        )}
      </Modal>
    </Stack>
  );
}
