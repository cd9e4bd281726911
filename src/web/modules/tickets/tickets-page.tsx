import {
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Chip,
  Group,
  MultiSelect,
  Select,
  Stack,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { type TicketQueue, ticketQueueLabels, ticketQueues } from '../../../shared/schemas/tickets.ts';
import { ticketStatusLabels, ticketTypeLabels } from '../../../shared/tickets.ts';
import { ApiError } from '../../app/api.ts';
import { firstQueue, invalidateTickets, ticketApi, ticketQueries } from './api.ts';
import { useKeysetList } from '../../app/keyset.tsx';
import { DataList } from '../../ui/data-list.tsx';
import { usePartnerOptions } from '../clients/client-picker.ts';
import { can, capable, useMe } from '../../app/auth.ts';
import { useLiveEvent } from '../notifications/use-live-events.ts';
import { SlaBadge } from './sla-badge.tsx';
import { ticketsText } from './strings.ts';
import {
  PriorityBadge,
  parisDateTime,
  priorityOptions,
  statusOptions,
  TicketStatusBadge,
  typeOptions,
} from './shared.tsx';
import { plural } from '../../../shared/plural.ts';
import { useSelection } from '../../ui/selection.ts';

export function useAssignees(enabled: boolean) {
  return useQuery({
    ...ticketQueries.assignees(),
    enabled,
    select: (r) => r.items.map((u) => ({ value: u.id, label: u.name })),
  });
}

/**
 * The tabs of the list: the queues of open tickets, then « Résolus et clos » (the `all` queue with
 * those statuses), one click away.
 */
type Tab = TicketQueue | 'done';
const doneStatuses = ['resolu', 'clos'];
const doneLabel = 'Résolus et clos';

export function TicketsPage() {
  const me = useMe();
  const partner = !capable(me, 'staff');
  // What the user's rights allow, from `/auth/me`: the page never calls a route they forbid.
  const mayCreate = can(me, 'tickets', 'create');
  const mayAssign = capable(me, 'assignTickets');
  // Tickets « à qualifier » (no client yet) belong to no partner: their filter for who sees them.
  const seesUnqualified = capable(me, 'seeUnqualifiedTickets');
  const navigate = useNavigate();
  const qc = useQueryClient();
  // Tickets are assigned only to who may change them: the others start with every open ticket.
  const [tab, setTab] = useState<Tab>(firstQueue(me));
  const queue: TicketQueue = tab === 'done' ? 'all' : tab;
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const [status, setStatus] = useState<string[]>([]);
  const [priority, setPriority] = useState<string | null>(null);
  const [type, setType] = useState<string | null>(null);
  const [partnerId, setPartnerId] = useState<string | null>(null);
  const [unqualified, setUnqualified] = useState(false);
  const partners = usePartnerOptions(!partner && can(me, 'clients'));
  const { selected, toggle, clear: clearSelection } = useSelection();
  const [cursor, setCursor] = useState(0);
  const filters = {
    queue,
    q: debounced || undefined,
    status: status.length ? status.join(',') : tab === 'done' ? doneStatuses.join(',') : undefined,
    priority: priority ?? undefined,
    type: type ?? undefined,
    partnerId: partnerId ?? undefined,
    unqualified: unqualified ? ('true' as const) : undefined,
  };
  const list = useKeysetList(ticketQueries.list(filters), { keepPrevious: true });
  const counts = useQuery({
    ...ticketQueries.counts(),
    enabled: !partner, // a partner has no queue tabs
  });
  const assignees = useAssignees(mayAssign);
  useLiveEvent('ticket.changed', () => {
    invalidateTickets(qc);
  });
  const items = list.items;
  useHotkeys([
    ['j', () => setCursor((c) => Math.min(c + 1, items.length - 1))],
    ['k', () => setCursor((c) => Math.max(c - 1, 0))],
    ['Enter', () => items[cursor] && void navigate({ to: `/tickets/${items[cursor]!.id}` as string })],
  ]);
  const [bulkAssignee, setBulkAssignee] = useState<string | null>(null);
  const [bulkStatus, setBulkStatus] = useState<string | null>(null);
  async function applyBulk() {
    try {
      const body: Record<string, unknown> = { ids: [...selected] };
      if (bulkAssignee) body.assigneeId = bulkAssignee;
      if (bulkStatus) body.status = bulkStatus;
      const r = await ticketApi.bulk(body);
      notifications.show({ color: 'green', message: `${plural(r.updated, 'ticket modifié')}.` });
      clearSelection();
      invalidateTickets(qc);
    } catch (e) {
      const details = e instanceof ApiError ? e.details.map((d) => d.message).join(' ') : '';
      notifications.show({ color: 'red', message: `${(e as Error).message} ${details}` });
    }
  }
  const tabs: Tab[] = [
    ...(partner ? ['all' as const] : ticketQueues.filter((k) => mayAssign || k !== 'mine')),
    'done',
  ];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Tickets</Title>
        {mayCreate && (
          <Button component={Link} to="/tickets/nouveau">
            Nouveau ticket
          </Button>
        )}
      </Group>
      <Tabs value={tab} onChange={(v) => v && setTab(v as Tab)}>
        <Tabs.List>
          {tabs.map((k) => (
            <Tabs.Tab
              key={k}
              value={k}
              rightSection={
                // Open tickets are counted (a partner's list has no counts); the closed ones are history.
                k !== 'done' &&
                !partner && (
                  <Badge size="sm" variant="light">
                    {counts.data?.[k] ?? '…'}
                  </Badge>
                )
              }
            >
              {k === 'done' ? doneLabel : ticketQueueLabels[k]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Group align="end" wrap="wrap">
        <TextInput
          label="Rechercher"
          placeholder="Numéro, objet, client"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
        />
        <MultiSelect
          label="Statut"
          data={statusOptions}
          value={status}
          onChange={setStatus}
          clearable
          w={240}
        />
        <Select
          label="Priorité"
          data={priorityOptions}
          value={priority}
          onChange={setPriority}
          clearable
          w={170}
        />
        <Select label="Type" data={typeOptions} value={type} onChange={setType} clearable w={140} />
        {!partner && (
          <Select
            label="Partenaire"
            placeholder="Tous"
            data={partners.data ?? []}
            value={partnerId}
            onChange={setPartnerId}
            clearable
            searchable
            w={200}
          />
        )}
        {seesUnqualified && (
          <Chip checked={unqualified} onChange={setUnqualified} mb={4} data-testid="filter-unqualified">
            {ticketsText.list.unqualifiedFilter}
            <Badge size="sm" variant="light" ml={6}>
              {counts.data?.unqualified ?? '…'}
            </Badge>
          </Chip>
        )}
      </Group>
      {mayAssign && selected.size > 0 && (
        <Card withBorder>
          <Group align="end">
            <Text>{plural(selected.size, 'sélectionné')}</Text>
            <Select
              label="Attribuer à"
              data={assignees.data ?? []}
              value={bulkAssignee}
              onChange={setBulkAssignee}
              clearable
              searchable
            />
            <Select
              label="Passer au statut"
              data={statusOptions}
              value={bulkStatus}
              onChange={setBulkStatus}
              clearable
            />
            <Button onClick={applyBulk} disabled={!bulkAssignee && !bulkStatus}>
              Appliquer
            </Button>
          </Group>
        </Card>
      )}
      <DataList
        query={list}
        items={items}
        empty="Aucun ticket dans cette file."
        cardsBelow="sm"
        rowProps={(t, i) => ({
          bg: i === cursor ? 'var(--mantine-color-blue-light)' : undefined,
          'data-ticket': t.number,
        })}
        columns={[
          mayAssign && {
            width: 32,
            cell: (t) => (
              <Checkbox
                aria-label={`Sélectionner ${t.number}`}
                checked={selected.has(t.id)}
                onChange={() => toggle(t.id)}
              />
            ),
          },
          {
            header: 'Numéro',
            nowrap: true,
            cell: (t) => (
              <Anchor component={Link} to={`/tickets/${t.id}` as string}>
                {t.number}
              </Anchor>
            ),
          },
          { header: 'Priorité', cell: (t) => <PriorityBadge priority={t.priority} /> },
          {
            header: 'Objet',
            cell: (t) => (
              <>
                {t.subject}
                <Text size="xs" c="dimmed">
                  {ticketTypeLabels[t.type]}
                  {t.escalationLevel > 0 ? ` · escaladé niveau ${t.escalationLevel + 1}` : ''}
                </Text>
              </>
            ),
          },
          {
            header: 'Client',
            cell: (t) => (
              <>
                {t.clientName}
                {t.partnerName && (
                  <Text size="xs" c="dimmed">
                    {t.partnerName}
                  </Text>
                )}
              </>
            ),
          },
          { header: 'Statut', cell: (t) => <TicketStatusBadge status={t.status} /> },
          { header: 'SLA', minWidth: 150, cell: (t) => <SlaBadge sla={t.sla} /> },
          {
            header: 'Attribué à',
            cell: (t) =>
              t.assigneeName ?? (
                <Text c="dimmed" size="sm">
                  Non attribué
                </Text>
              ),
          },
          { header: 'Créé le', cell: (t) => parisDateTime(t.createdAt) },
        ]}
        card={(t) => (
          <>
            <Group justify="space-between" gap={4}>
              <Anchor component={Link} to={`/tickets/${t.id}` as string} fw={600}>
                {t.number}
              </Anchor>
              <Group gap={4} wrap="nowrap">
                <PriorityBadge priority={t.priority} />
                <TicketStatusBadge status={t.status} />
              </Group>
            </Group>
            <Text size="sm">{t.subject}</Text>
            <Text size="xs" c="dimmed">
              {t.clientName} · {t.assigneeName ?? 'Non attribué'}
            </Text>
            <SlaBadge sla={t.sla} />
          </>
        )}
      />
      <Text size="xs" c="dimmed">
        {/* Keyboard shortcuts: not on a phone, which has no keyboard to use them. */}
        <Text span inherit visibleFrom="sm" data-testid="keyboard-hint">
          Raccourcis : j / k pour se déplacer, Entrée pour ouvrir.{' '}
        </Text>
        {status.length
          ? `Statuts : ${status.map((s) => ticketStatusLabels[s as keyof typeof ticketStatusLabels]).join(', ')}`
          : ''}
      </Text>
    </Stack>
  );
}
