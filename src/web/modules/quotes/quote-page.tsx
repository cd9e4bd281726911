import { Alert, Anchor, Button, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import type { QuoteOut } from '../../../shared/schemas/quotes.ts';
import { ConfirmModal, ErrorAlert, LoadingBlock, PageHeader } from '../../ui/feedback.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { invalidateQuotes, quoteApi, quotePdfUrl, quoteQueries } from './api.ts';
import { QuoteEditor } from './quote-editor.tsx';
import { formatDay, QuoteLinesView, QuoteStatusBadge, QuoteTotalsBlock } from './quote-ui.tsx';

const route = getRouteApi('/app/devis/$quoteId');

export function QuoteNewPage() {
  return (
    <Stack>
      <PageHeader title="Nouveau devis" />
      <QuoteEditor />
    </Stack>
  );
}

const siteText = (s: QuoteOut['billingSite']) =>
  s ? `${s.name}${s.city ? ` — ${s.postalCode ?? ''} ${s.city}` : ''}` : '—';

function Facts({ quote }: { quote: QuoteOut }) {
  const facts: [string, string][] = [
    ['Client', quote.client.name],
    [
      'Contact',
      quote.contact ? `${quote.contact.name}${quote.contact.email ? ` (${quote.contact.email})` : ''}` : '—',
    ],
    ['Site de facturation', siteText(quote.billingSite)],
    ['Site d’installation', siteText(quote.installationSite)],
    ['Valable jusqu’au', formatDay(quote.validUntil)],
    ['Envoyé le', quote.sentAt ? formatDateTime(quote.sentAt) : '—'],
  ];
  return (
    <Card withBorder>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
        {facts.map(([label, value]) => (
          <div key={label}>
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text size="sm">{value}</Text>
          </div>
        ))}
      </SimpleGrid>
    </Card>
  );
}

function Decision({ quote }: { quote: QuoteOut }) {
  if (quote.status === 'accepte')
    return (
      <Alert color="green" title="Devis accepté">
        Signé par {quote.signerName ?? '—'} le {quote.decidedAt ? formatDateTime(quote.decidedAt) : '—'}.
      </Alert>
    );
  if (quote.status === 'refuse')
    return (
      <Alert color="red" title="Devis refusé">
        Motif : {quote.refusalReason ?? '—'}
      </Alert>
    );
  return null;
}

/** A version of a quote: its lines and totals, and per status Envoyer, PDF, Nouvelle version. */
export function QuotePage() {
  const { quoteId } = route.useParams();
  const qc = useQueryClient();
  const quote = useQuery(quoteQueries.detail(quoteId));
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const navigate = useNavigate();
  const remove = useMutation({
    mutationFn: () => quoteApi.remove(quoteId),
    onSuccess: async () => {
      notifications.show({ color: 'teal', message: 'Brouillon de devis supprimé.' });
      await invalidateQuotes(qc);
      await navigate({ to: '/devis' });
    },
  });
  const send = useMutation({
    mutationFn: () => quoteApi.send(quoteId),
    onSuccess: async (q) => {
      notifications.show({
        color: 'teal',
        message: `Devis ${q.number} envoyé${q.contact ? ` à ${q.contact.name}` : ''}.`,
      });
      await invalidateQuotes(qc);
    },
  });
  if (quote.isPending) return <LoadingBlock />;
  if (quote.isError) return <ErrorAlert error={quote.error} title="Devis introuvable" />;
  const q = quote.data;
  const mayChange = q.abilities.update && q.latest && q.status !== 'accepte';
  const draft = q.status === 'brouillon';
  return (
    <Stack>
      <PageHeader title={`Devis ${q.number} v${q.version}`}>
        <QuoteStatusBadge status={q.status} />
        <Button component="a" variant="default" href={quotePdfUrl(q.id)} target="_blank">
          Télécharger le PDF
        </Button>
        {mayChange && draft && !editing && (
          <Button variant="default" onClick={() => setEditing(true)}>
            Modifier
          </Button>
        )}
        {mayChange && !draft && !editing && (
          <Button variant="default" onClick={() => setEditing(true)}>
            Nouvelle version
          </Button>
        )}
        {q.abilities.delete && draft && !editing && (
          <Button variant="default" color="red" onClick={() => setDeleting(true)}>
            Supprimer
          </Button>
        )}
        {mayChange && draft && !editing && (
          <Button onClick={() => send.mutate()} loading={send.isPending} disabled={q.lines.length === 0}>
            Envoyer
          </Button>
        )}
      </PageHeader>
      {q.versions.length > 1 && (
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            Versions :
          </Text>
          {q.versions.map((v) => (
            <Anchor
              key={v.id}
              component={Link}
              to={`/devis/${v.id}` as string}
              size="sm"
              fw={v.id === q.id ? 700 : undefined}
            >
              v{v.version}
            </Anchor>
          ))}
        </Group>
      )}
      {!q.latest && (
        <Alert color="yellow">
          Une version plus récente de ce devis existe : seule la dernière peut être acceptée.
        </Alert>
      )}
      <ErrorAlert error={send.error} title="Envoi impossible" />
      <ConfirmModal
        opened={deleting}
        title="Supprimer le brouillon"
        confirmLabel="Supprimer"
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => remove.mutate()}
        onClose={() => setDeleting(false)}
      >
        <Text size="sm">Le brouillon {q.number} sera supprimé définitivement.</Text>
      </ConfirmModal>
      <Decision quote={q} />
      {editing ? (
        <QuoteEditor key={q.id} quote={q} onCancel={() => setEditing(false)} />
      ) : (
        <>
          <Facts quote={q} />
          <QuoteLinesView lines={q.lines} />
          <QuoteTotalsBlock totals={q.totals} />
          {q.conditions && (
            <Card withBorder>
              <Text size="xs" c="dimmed">
                Conditions
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {q.conditions}
              </Text>
            </Card>
          )}
        </>
      )}
    </Stack>
  );
}
