import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import {
  escalationLevelLabels,
  ticketChannelLabels,
  ticketStatusLabels,
  ticketTypeLabels,
} from '../../../shared/tickets.ts';
import { ApiError } from '../../app/api.ts';
import { ticketApi, ticketKeys, ticketQueries } from './api.ts';
import { useLiveEvent } from '../notifications/use-live-events.ts';
import { AssignmentPanel } from './assignment-panel.tsx';
import { EscalateModal } from './escalate-modal.tsx';
import { SlaBadge } from './sla-badge.tsx';
import { PriorityBadge, parisDateTime, TicketStatusBadge } from './shared.tsx';
import { useAssignees } from './tickets-page.tsx';
import { recordTitle, usePageTitle } from '../../ui/page-title.ts';
import { useClientPicker } from '../clients/client-picker.ts';

const route = getRouteApi('/app/tickets/$ticketId');

function showError(e: unknown) {
  notifications.show({ color: 'red', message: e instanceof Error ? e.message : String(e) });
}

export function TicketPage() {
  const { ticketId } = route.useParams();
  const qc = useQueryClient();
  const ticket = useQuery(ticketQueries.detail(ticketId));
  const messages = useQuery(ticketQueries.messages(ticketId));
  const t = ticket.data;
  usePageTitle(recordTitle(t?.number, t?.subject));
  const staff = !!t?.abilities.assign || !!t?.abilities.internalNote;
  // The assignees' list needs the right to assign (`GET /tickets/assignees`): never asked otherwise.
  const assignees = useAssignees(!!t?.abilities.assign);
  const teams = useQuery({ ...ticketQueries.teams(), enabled: staff });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) });
    void qc.invalidateQueries({ queryKey: ticketKeys.messages(ticketId) });
  };
  useLiveEvent('ticket.changed', (ev) => {
    if ((ev.payload as { ticketId?: string }).ticketId === ticketId) refresh();
  });
  const [visibility, setVisibility] = useState<'public' | 'internal'>('public');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [sending, setSending] = useState(false);
  const [replyError, setReplyError] = useState<string | null>(null);
  const [proposing, setProposing] = useState(false);
  const [escalating, setEscalating] = useState(false);
  if (ticket.isLoading) return <Loader />;
  if (ticket.isError || !t)
    return <Alert color="red">{(ticket.error as Error)?.message ?? 'Ticket introuvable.'}</Alert>;

  async function change(fields: Record<string, unknown>) {
    try {
      await ticketApi.update(ticketId, t!.version, fields);
      refresh();
    } catch (e) {
      showError(e);
      refresh();
    }
  }
  async function setStatus(to: string) {
    try {
      await ticketApi.changeStatus(ticketId, to);
      notifications.show({
        color: 'green',
        message: `Ticket passé à « ${ticketStatusLabels[to as keyof typeof ticketStatusLabels]} ».`,
      });
      refresh();
    } catch (e) {
      showError(e);
    }
  }
  async function send() {
    setSending(true);
    setReplyError(null);
    try {
      const sent = body;
      await ticketApi.sendMessage(ticketId, { visibility, body: sent }, files);
      // Keep what was typed meanwhile (the next message), clear only what was sent.
      setBody((b) => (b === sent ? '' : b));
      setFiles([]);
      notifications.show({
        color: 'green',
        message: visibility === 'public' ? 'Réponse envoyée.' : 'Note interne ajoutée.',
      });
      refresh();
    } catch (e) {
      setReplyError(
        e instanceof ApiError ? [e.message, ...e.details.map((d) => d.message)].join(' ') : String(e),
      );
    } finally {
      setSending(false);
    }
  }
  return (
    <Stack>
      <Group justify="space-between" align="start">
        <Stack gap={4}>
          <Group gap="xs">
            <Title order={2}>{t.number}</Title>
            <TicketStatusBadge status={t.status} />
            <PriorityBadge priority={t.priority} />
            <SlaBadge sla={t.sla} both />
          </Group>
          <Text fw={500}>{t.subject}</Text>
          <Text size="sm" c="dimmed">
            {t.clientId ? (
              <Anchor component={Link} to={`/clients/${t.clientId}` as string}>
                {t.clientName}
              </Anchor>
            ) : (
              t.clientName
            )}
            {t.partnerName ? ` · partenaire ${t.partnerName}` : ''} · {ticketTypeLabels[t.type]} ·{' '}
            {ticketChannelLabels[t.channel]} · ouvert le {parisDateTime(t.createdAt)}
          </Text>
          <Text size="sm" c="dimmed">
            {[
              t.siteName && `Site : ${t.siteName}`,
              t.contactName && `Contact : ${t.contactName}`,
              t.platformName && `Plateforme : ${t.platformName}`,
              t.contractName && `Contrat : ${t.contractName}`,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
          {t.escalationLevel > 0 && (
            <Badge color="red" variant="outline">
              {escalationLevelLabels[t.escalationLevel]}
            </Badge>
          )}
        </Stack>
        <Group gap="xs">
          {t.nextStatuses
            .filter((s) => s !== 'escalade')
            .map((s) => (
              <Button key={s} size="xs" variant="light" onClick={() => setStatus(s)}>
                {ticketStatusLabels[s]}
              </Button>
            ))}
          {t.abilities.escalate && (
            <Button size="xs" color="red" variant="light" onClick={() => setEscalating(true)}>
              Escalader
            </Button>
          )}
          {t.abilities.createIntervention && (
            <Button
              size="xs"
              variant="default"
              renderRoot={(props) => (
                <Link
                  {...props}
                  to="/interventions/nouvelle"
                  search={{
                    ticketId: t.id,
                    clientId: t.clientId ?? undefined,
                    siteId: t.siteId ?? undefined,
                    // The form pre-fills the skills the platform calls for.
                    platformId: t.platformId ?? undefined,
                    // The form pre-selects the assignee when he is a technician.
                    assigneeId: t.assigneeId ?? undefined,
                    kind: t.type === 'sav' || t.type === 'incident' ? 'sav' : undefined,
                    title: `${t.number} — ${t.subject}`.slice(0, 200),
                  }}
                />
              )}
            >
              Créer une intervention
            </Button>
          )}
        </Group>
      </Group>
      <EscalateModal
        ticket={t}
        opened={escalating}
        onClose={() => setEscalating(false)}
        onEscalated={() => {
          notifications.show({ color: 'green', message: `Ticket ${t.number} escaladé.` });
          refresh();
        }}
      />
      {t.abilities.assign && (
        <Group>
          {!t.clientId && <QualifyClient onPick={(clientId) => change({ clientId })} />}
          <Select
            label="Attribué à"
            placeholder="Non attribué"
            searchable
            clearable
            data={
              assignees.data ?? (t.assigneeId ? [{ value: t.assigneeId, label: t.assigneeName ?? '' }] : [])
            }
            value={t.assigneeId}
            onChange={(v) => change({ assigneeId: v })}
            w={260}
          />
          <Select
            label="Équipe"
            placeholder="Aucune"
            clearable
            data={(teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
            value={t.teamId}
            onChange={(v) => change({ teamId: v })}
            w={220}
          />
          <Button
            variant={proposing ? 'filled' : 'light'}
            onClick={() => setProposing((x) => !x)}
            style={{ alignSelf: 'flex-end' }}
          >
            Proposer un technicien
          </Button>
        </Group>
      )}
      {t.abilities.assign && proposing && (
        <AssignmentPanel
          ticket={t}
          onClose={() => setProposing(false)}
          onAssigned={() => {
            setProposing(false);
            refresh();
          }}
        />
      )}
      {!t.abilities.assign && <Text size="sm">Attribué à : {t.assigneeName ?? 'non attribué'}</Text>}
      {t.description && (
        <Card withBorder>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {t.description}
          </Text>
        </Card>
      )}
      <Title order={4}>Conversation</Title>
      <Stack gap="sm">
        {(messages.data?.items ?? []).map((m) => (
          <Paper
            key={m.id}
            withBorder
            p="sm"
            data-visibility={m.visibility}
            bg={
              m.visibility === 'internal'
                ? 'var(--mantine-color-yellow-0)'
                : m.authorIsStaff
                  ? undefined
                  : 'var(--mantine-color-blue-0)'
            }
            style={m.visibility === 'internal' ? { borderColor: 'var(--mantine-color-yellow-5)' } : undefined}
          >
            <Group justify="space-between">
              <Group gap="xs">
                <Text fw={600} size="sm">
                  {m.authorName ?? 'Inconnu'}
                </Text>
                {m.visibility === 'internal' ? (
                  <Badge color="yellow" variant="filled">
                    Note interne
                  </Badge>
                ) : (
                  <Badge color="blue" variant="light">
                    Réponse publique
                  </Badge>
                )}
                {m.channel === 'email' && <Badge variant="outline">e-mail</Badge>}
              </Group>
              <Text size="xs" c="dimmed">
                {parisDateTime(m.createdAt)}
              </Text>
            </Group>
            <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
              {m.body}
            </Text>
            {m.attachments.length > 0 && (
              <Group gap="xs" mt={4}>
                {m.attachments.map((a) => (
                  <Anchor key={a.id} href={a.url} size="sm" download>
                    📎 {a.filename} ({Math.max(1, Math.round(a.size / 1024))} Ko)
                  </Anchor>
                ))}
              </Group>
            )}
          </Paper>
        ))}
        {messages.data?.items.length === 0 && <Text c="dimmed">Aucun message pour l’instant.</Text>}
      </Stack>
      {t.abilities.reply && (
        <Card withBorder bg={visibility === 'internal' ? 'var(--mantine-color-yellow-0)' : undefined}>
          <Stack gap="xs">
            {t.abilities.internalNote && (
              <SegmentedControl
                value={visibility}
                onChange={(v) => setVisibility(v as 'public' | 'internal')}
                data={[
                  { value: 'public', label: 'Réponse publique' },
                  { value: 'internal', label: 'Note interne' },
                ]}
                w="fit-content"
              />
            )}
            <Textarea
              label={
                visibility === 'public'
                  ? 'Réponse (envoyée par e-mail au contact)'
                  : 'Note interne (jamais visible du client ni du partenaire)'
              }
              autosize
              minRows={3}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
            />
            <FileInput
              label="Pièces jointes (10 Mo maximum chacune)"
              multiple
              clearable
              value={files}
              onChange={setFiles}
              placeholder="Images, PDF, texte, CSV, Office, e-mails"
            />
            {replyError && <Alert color="red">{replyError}</Alert>}
            <Group justify="end">
              <Button onClick={send} loading={sending} disabled={!body.trim()}>
                {visibility === 'public' ? 'Envoyer la réponse' : 'Ajouter la note'}
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
    </Stack>
  );
}

/** A ticket « à qualifier » (an e-mail from an unknown sender): support names its client, once. */
function QualifyClient({ onPick }: { onPick: (clientId: string) => void }) {
  const { selectProps } = useClientPicker('');
  return (
    <Select
      label="Client (ticket à qualifier)"
      placeholder="Rechercher le client…"
      {...selectProps}
      value={null}
      onChange={(v) => v && onPick(v)}
      w={300}
    />
  );
}
