import {
  Alert,
  Anchor,
  Button,
  Card,
  Container,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { PublicQuoteOut } from '../../../shared/schemas/quotes.ts';
import { ApiError } from '../../app/api.ts';
import { ErrorAlert, LoadingBlock } from '../../ui/feedback.tsx';
import { formatDateTime } from '../../ui/format.ts';
import { publicQuotePdfUrl, quoteApi, quoteKeys, quoteQueries } from './api.ts';
import { formatDay, QuoteLinesView, QuoteTotalsBlock } from './quote-ui.tsx';
import { SignaturePad } from './signature-pad.tsx';

/** The token of the link (`/devis/acceptation#<token>`): in the hash, so that it never reaches a server log. */
const tokenOfUrl = () => decodeURIComponent(window.location.hash.replace(/^#/, ''));

function Unknown() {
  return (
    <Alert color="red" title="Lien inconnu">
      Ce lien de devis est inconnu ou incomplet. Vérifiez que vous avez ouvert le lien complet reçu par
      e-mail, ou demandez un nouvel envoi à votre interlocuteur.
    </Alert>
  );
}

/** Why the quote can no longer be answered, or null when it can. */
function Closed({ quote }: { quote: PublicQuoteOut }) {
  if (quote.status === 'accepte')
    return (
      <Alert color="green" title="Devis accepté">
        Ce devis a été accepté et signé par {quote.signerName ?? '—'}
        {quote.decidedAt ? ` le ${formatDateTime(quote.decidedAt)}` : ''}. Merci de votre confiance.
      </Alert>
    );
  if (quote.status === 'refuse')
    return (
      <Alert color="gray" title="Devis refusé">
        Ce devis a été refusé{quote.decidedAt ? ` le ${formatDateTime(quote.decidedAt)}` : ''}. Motif :{' '}
        {quote.refusalReason ?? '—'}
      </Alert>
    );
  if (quote.status === 'expire')
    return (
      <Alert color="orange" title="Devis expiré">
        Ce devis n’est plus valable depuis le {formatDay(quote.validUntil)}. Demandez une nouvelle proposition
        à votre interlocuteur.
      </Alert>
    );
  if (!quote.latest)
    return (
      <Alert color="orange" title="Version remplacée">
        Une version plus récente de ce devis vous a été envoyée : ouvrez le lien du dernier e-mail reçu.
      </Alert>
    );
  return null;
}

function Answer({ token }: { token: string }) {
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [signature, setSignature] = useState<string | null>(null);
  const [refusing, setRefusing] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const done = (q: PublicQuoteOut) => qc.setQueryData(quoteKeys.public(token), q);
  const accept = useMutation({
    mutationFn: () => quoteApi.acceptByLink(token, { signerName: name, signaturePng: signature ?? '' }),
    onSuccess: done,
  });
  const refuse = useMutation({
    mutationFn: () => quoteApi.refuseByLink(token, { signerName: name.trim() || undefined, reason }),
    onSuccess: done,
  });
  const submitAccept = () => {
    if (name.trim().length < 2) return setProblem('Indiquez votre nom et prénom.');
    if (!signature) return setProblem('Signez dans le cadre avant de valider.');
    setProblem(null);
    accept.mutate();
  };
  const submitRefuse = () => {
    if (reason.trim() === '') return setProblem('Indiquez le motif du refus.');
    setProblem(null);
    refuse.mutate();
  };
  return (
    <Card withBorder>
      <Stack>
        <Title order={3}>Votre réponse</Title>
        <TextInput
          label="Nom et prénom"
          autoComplete="name"
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            setProblem(null);
          }}
          required={!refusing}
        />
        {refusing ? (
          <Textarea
            label="Motif du refus"
            required
            autosize
            minRows={3}
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setProblem(null);
            }}
          />
        ) : (
          <SignaturePad
            onChange={(png) => {
              setSignature(png);
              setProblem(null);
            }}
          />
        )}
        {problem && (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        )}
        <ErrorAlert error={accept.error ?? refuse.error} title="Réponse impossible" />
        {refusing ? (
          <Stack gap="xs">
            <Button size="md" color="red" loading={refuse.isPending} onClick={submitRefuse}>
              Refuser le devis
            </Button>
            <Button variant="subtle" onClick={() => setRefusing(false)}>
              Retour
            </Button>
          </Stack>
        ) : (
          <Stack gap="xs">
            <Button size="md" loading={accept.isPending} onClick={submitAccept}>
              Accepter et signer
            </Button>
            <Button variant="subtle" color="red" onClick={() => setRefusing(true)}>
              Refuser
            </Button>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

/** The client's page, opened from the e-mailed link without an account: read, sign or refuse. */
export function PublicQuotePage() {
  const [token] = useState(tokenOfUrl);
  const quote = useQuery({ ...quoteQueries.public(token), enabled: token !== '' });
  const unknown =
    token === '' || (quote.error instanceof ApiError && [400, 404].includes(quote.error.status));
  return (
    <Container size="md" px="sm" py="md">
      {unknown ? (
        <Unknown />
      ) : quote.isPending ? (
        <LoadingBlock />
      ) : quote.isError ? (
        <ErrorAlert error={quote.error} title="Chargement impossible" />
      ) : (
        <Stack>
          <Stack gap={2}>
            <Text size="sm" c="dimmed">
              {quote.data.issuer.name}
              {quote.data.issuer.partnerOf ? ` — en partenariat avec ${quote.data.issuer.partnerOf}` : ''}
            </Text>
            <Title order={2}>
              Devis {quote.data.number}
              {quote.data.version > 1 ? ` v${quote.data.version}` : ''}
            </Title>
            <Text size="sm">
              Pour {quote.data.client.name} · valable jusqu’au {formatDay(quote.data.validUntil)}
            </Text>
            <Anchor href={publicQuotePdfUrl(token)} target="_blank" size="sm">
              Télécharger le devis (PDF)
            </Anchor>
          </Stack>
          <Closed quote={quote.data} />
          <QuoteLinesView lines={quote.data.lines} />
          <QuoteTotalsBlock totals={quote.data.totals} />
          {quote.data.conditions && (
            <Card withBorder>
              <Text size="xs" c="dimmed">
                Conditions
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {quote.data.conditions}
              </Text>
            </Card>
          )}
          {quote.data.status === 'envoye' && quote.data.latest && <Answer token={token} />}
        </Stack>
      )}
    </Container>
  );
}
