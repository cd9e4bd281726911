import { Badge, Button, Drawer, Group, SegmentedControl, Stack, Text, Timeline } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import {
  type MessageOut,
  outboxStatuses,
  outboxStatusLabels,
  possiblyDuplicatedLabel,
} from '../../../shared/schemas/notifications.ts';
import { useKeysetList } from '../../app/keyset.tsx';
import { can, useMe } from '../../app/auth.ts';
import { errorMessage, PageHeader } from '../../ui/feedback.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { adminApi, adminKeys, adminQueries } from './api.ts';
import { DataList } from '../../ui/data-list.tsx';

const statusColors: Record<MessageOut['status'], string> = {
  queued: 'blue',
  sending: 'cyan',
  sent: 'green',
  retrying: 'orange',
  dead: 'red',
  held: 'gray',
};

function StatusBadge({ status, channel }: { status: MessageOut['status']; channel: string }) {
  return (
    <Badge color={statusColors[status]} variant="light">
      {status !== 'held'
        ? outboxStatusLabels[status]
        : channel === 'sms'
          ? 'Retenu (pas de fournisseur SMS)'
          : 'Retenu (pas de serveur SMTP)'}
    </Badge>
  );
}

/** A message sent again after its sender died mid-send: the recipient may have it twice. */
function DuplicateBadge({ message }: { message: MessageOut }) {
  if (!message.possiblyDuplicated) return null;
  return (
    <Badge color="yellow" variant="light" data-testid="possibly-duplicated">
      {possiblyDuplicatedLabel}
    </Badge>
  );
}

function ChannelBadge({ channel }: { channel: string }) {
  return (
    <Badge color={channel === 'sms' ? 'grape' : 'blue'} variant="outline" size="sm">
      {channel === 'sms' ? 'SMS' : 'E-mail'}
    </Badge>
  );
}

/** `GSM-7 · 2 SMS`: how the network counts an SMS (UCS-2 holds 70 characters per SMS, not 160). */
const smsParts = (m: MessageOut) =>
  m.channel === 'sms' && m.smsEncoding ? `${m.smsEncoding} · ${m.smsSegments ?? 0} SMS` : null;

/** Every outgoing email and SMS with its content and delivery attempts; dead ones can be sent again. */
const route = getRouteApi('/app/admin/messages');

export function OutboxPage() {
  const me = useMe();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<string>('');
  const [open, setOpen] = useState<MessageOut | null>(null);
  // `?message=<id>`: opened from a notification (a dead message).
  const linked = route.useSearch().message;
  useEffect(() => {
    if (linked) adminApi.getMessage(linked).then(setOpen, () => {});
  }, [linked]);
  const query = useKeysetList(adminQueries.outbox(status), { refetchInterval: 5000 });
  const replay = useMutation({
    mutationFn: (id: string) => adminApi.replayMessage(id),
    onSuccess: (msg) => {
      notifications.show({ color: 'green', message: 'Le message est de nouveau en file d’envoi.' });
      setOpen(msg);
      void queryClient.invalidateQueries({ queryKey: adminKeys.outbox });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });

  return (
    <Stack>
      <PageHeader title="Messages sortants" />
      <Text c="dimmed" size="sm">
        Tous les e-mails et SMS envoyés par Relais, avec leur contenu et chaque tentative. Sans serveur SMTP
        ni fournisseur SMS configuré, les messages restent ici, lisibles, et rien ne quitte la machine.
      </Text>
      <SegmentedControl
        value={status}
        onChange={setStatus}
        data={[
          { value: '', label: 'Tous' },
          ...outboxStatuses.map((s) => ({ value: s, label: outboxStatusLabels[s] })),
        ]}
        style={{ overflowX: 'auto' }}
      />
      <DataList
        query={query}
        items={query.items}
        empty="Aucun message."
        errorTitle="Erreur"
        minWidth={640}
        striped={false}
        rowTestId="outbox-row"
        onRowClick={setOpen}
        columns={[
          { header: 'Date', cell: (m) => formatDateTime(m.createdAt) },
          { header: 'Canal', cell: (m) => <ChannelBadge channel={m.channel} /> },
          { header: 'Destinataire', cell: (m) => m.recipient },
          {
            header: 'Objet / texte',
            cell: (m) => (
              <>
                {m.subject ?? (m.body.length > 60 ? `${m.body.slice(0, 60)}…` : m.body)}
                {smsParts(m) && (
                  <Text size="xs" c="dimmed">
                    {smsParts(m)}
                  </Text>
                )}
              </>
            ),
          },
          {
            header: 'État',
            cell: (m) => (
              <Group gap={4}>
                <StatusBadge status={m.status} channel={m.channel} />
                <DuplicateBadge message={m} />
              </Group>
            ),
          },
          { header: 'Essais', cell: (m) => m.attempts.length },
        ]}
      />
      <Drawer
        opened={open !== null}
        onClose={() => setOpen(null)}
        position="right"
        size="xl"
        title={open?.subject ?? (open?.channel === 'sms' ? `SMS au ${open.recipient}` : 'Message')}
      >
        {open && (
          <Stack>
            <Group>
              <ChannelBadge channel={open.channel} />
              <StatusBadge status={open.status} channel={open.channel} />
              <DuplicateBadge message={open} />
              <Text size="sm">À : {open.recipient}</Text>
            </Group>
            {open.possiblyDuplicated && (
              <Text size="sm" c="dimmed">
                Un premier envoi a été interrompu par un arrêt de Relais pendant l’échange avec le serveur de
                messagerie, puis repris : le destinataire a pu le recevoir deux fois.
              </Text>
            )}
            {smsParts(open) && (
              <Text size="sm" data-testid="sms-parts">
                Encodage {open.smsEncoding} · {open.smsSegments} SMS · {[...open.body].length} caractères
              </Text>
            )}
            <Text size="xs" c="dimmed">
              Événement {open.event} · clé {open.idempotencyKey}
            </Text>
            {(open.status === 'dead' || open.status === 'held') && can(me, 'administration', 'update') && (
              <Button onClick={() => replay.mutate(open.id)} loading={replay.isPending}>
                Renvoyer
              </Button>
            )}
            {open.html && (
              <iframe
                title="Aperçu du message"
                sandbox=""
                srcDoc={open.html}
                style={{
                  width: '100%',
                  height: 360,
                  border: '1px solid var(--mantine-color-gray-3)',
                  borderRadius: 8,
                }}
              />
            )}
            <Text size="sm" fw={600}>
              {open.channel === 'sms' ? 'Texte du SMS' : 'Version texte'}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {open.body}
            </Text>
            <Text size="sm" fw={600}>
              Tentatives
            </Text>
            {open.attempts.length === 0 ? (
              <Text size="sm" c="dimmed">
                Aucune tentative pour l’instant.
              </Text>
            ) : (
              <Timeline bulletSize={14} lineWidth={2}>
                {open.attempts.map((a) => (
                  <Timeline.Item
                    key={a.at}
                    color={a.ok ? 'green' : 'red'}
                    title={
                      a.ok
                        ? open.channel === 'sms'
                          ? 'Remis au fournisseur SMS'
                          : 'Remis au serveur SMTP'
                        : `Échec${a.code ? ` (${a.code})` : ''}`
                    }
                  >
                    <Text size="xs" c="dimmed">
                      {formatDateTime(a.at)}
                    </Text>
                    {a.error && <Text size="xs">{a.error}</Text>}
                  </Timeline.Item>
                ))}
              </Timeline>
            )}
          </Stack>
        )}
      </Drawer>
    </Stack>
  );
}
