import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Center,
  Checkbox,
  Group,
  Loader,
  Modal,
  Rating,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import {
  type InterventionStatus,
  interventionStatusLabels,
  officeStatusActions,
} from '../../../shared/interventions.ts';
import { ApiError } from '../../app/api.ts';
import { can, useMe } from '../../app/auth.ts';
import { useLiveEvent } from '../notifications/use-live-events.ts';
import { ticketQueries } from '../tickets/api.ts';
import { interventionApi, interventionKeys, interventionLinks, interventionQueries } from './api.ts';
import { dateTimeLabel, durationLabel, InterventionStatusBadge, kindLabel, slotLabel } from './shared.tsx';
import { recordTitle, usePageTitle } from '../../ui/page-title.ts';

const route = getRouteApi('/app/interventions/$interventionId');

/** The ticket an intervention was created from: its number and subject when the user reads tickets. */
function TicketLink({ ticketId }: { ticketId: string }) {
  const me = useMe();
  const readable = can(me, 'tickets', 'read');
  const ticket = useQuery({ ...ticketQueries.detail(ticketId), enabled: readable, retry: false });
  if (!readable) return <>Lié à un ticket</>;
  return (
    <Anchor component={Link} to={`/tickets/${ticketId}` as string}>
      {ticket.data ? `${ticket.data.number} — ${ticket.data.subject}` : 'Voir le ticket'}
    </Anchor>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </div>
  );
}

/** /interventions/$id: the office view — facts, technicians, slot, status actions, report and PV. */
export function InterventionPage() {
  const { interventionId } = route.useParams();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const key = interventionKeys.detail(interventionId);
  const q = useQuery(interventionQueries.detail(interventionId));
  usePageTitle(recordTitle(q.data?.number, q.data?.title));
  const [asking, setAsking] = useState<InterventionStatus | null>(null);
  const [reason, setReason] = useState('');
  useLiveEvent('intervention.changed', (ev) => {
    if ((ev.payload as { interventionId?: string }).interventionId === interventionId) {
      void queryClient.invalidateQueries({ queryKey: key });
    }
  });
  const status = useMutation({
    mutationFn: (b: { to: InterventionStatus; reason?: string }) =>
      interventionApi.changeStatus(interventionId, b),
    onSuccess: (d) => {
      queryClient.setQueryData(key, d);
      setAsking(null);
      setReason('');
      notifications.show({
        color: 'green',
        message: `Statut : ${interventionStatusLabels[d.status as InterventionStatus]}.`,
      });
    },
    onError: (e) => notifications.show({ color: 'red', message: (e as Error).message }),
  });
  const rate = useMutation({
    mutationFn: (rating: number) => interventionApi.rate(interventionId, rating),
    onSuccess: (d) => queryClient.setQueryData(key, d),
    onError: (e) => notifications.show({ color: 'red', message: (e as Error).message }),
  });
  const unschedule = useMutation({
    mutationFn: () => interventionApi.unschedule(interventionId),
    onSuccess: (d) => queryClient.setQueryData(key, d),
    onError: (e) => notifications.show({ color: 'red', message: (e as Error).message }),
  });
  const remove = useMutation({
    mutationFn: () => interventionApi.remove(interventionId),
    onSuccess: () => navigate({ to: '/interventions' as string }),
    onError: (e) => notifications.show({ color: 'red', message: (e as Error).message }),
  });
  if (q.isPending)
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  if (q.isError)
    return (
      <Alert color={q.error instanceof ApiError && q.error.status === 404 ? 'yellow' : 'red'}>
        {q.error.message}
      </Alert>
    );
  const i = q.data;
  const needsReason = (s: InterventionStatus) => s === 'echouee' || s === 'annulee';
  return (
    <Stack>
      <Group justify="space-between" align="start">
        <div>
          <Text c="dimmed" size="sm">
            {i.number} · {kindLabel(i.kind)}
            {i.remote ? ' · à distance' : ''}
          </Text>
          <Title order={2}>{i.title}</Title>
          <Anchor component={Link} to={`/clients/${i.clientId}` as string} size="sm">
            {i.clientName}
          </Anchor>
        </div>
        <InterventionStatusBadge status={i.status as InterventionStatus} />
      </Group>
      {i.conflictOverride && (
        <Alert color="orange" title="Planifiée malgré un conflit">
          Motif : {i.conflictOverride}
        </Alert>
      )}
      {i.nextStatuses.length > 0 && (
        <Group gap="xs">
          {i.nextStatuses
            .filter((s) => !(s === 'a_planifier' && i.plannedStart && i.abilities.schedule))
            .map((s) => (
              <Button
                key={s}
                size="xs"
                variant={s === 'annulee' || s === 'echouee' ? 'light' : 'default'}
                color={s === 'annulee' || s === 'echouee' ? 'red' : undefined}
                loading={status.isPending && status.variables?.to === s}
                onClick={() => (needsReason(s) ? setAsking(s) : status.mutate({ to: s }))}
              >
                {officeStatusActions[s] ?? interventionStatusLabels[s]}
              </Button>
            ))}
          {i.abilities.schedule && i.plannedStart && (
            <Button
              size="xs"
              variant="subtle"
              onClick={() => unschedule.mutate()}
              loading={unschedule.isPending}
            >
              Retirer du planning
            </Button>
          )}
          {i.abilities.schedule && (
            <Button size="xs" variant="subtle" component={Link} to="/planning">
              Ouvrir le planning
            </Button>
          )}
          {i.abilities.update && (
            <Button
              size="xs"
              variant="subtle"
              component={Link}
              to={`/interventions/${i.id}/modifier` as string}
            >
              Modifier
            </Button>
          )}
        </Group>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Stack gap="sm">
            <Title order={4}>Intervention</Title>
            <SimpleGrid cols={2}>
              <Field label="Créneau">{slotLabel(i.plannedStart, i.plannedMinutes)}</Field>
              <Field label="Durée prévue">{durationLabel(i.plannedMinutes)}</Field>
              <Field label="Site">
                {i.remote ? 'À distance' : [i.siteName, i.siteAddress].filter(Boolean).join(' — ') || '—'}
              </Field>
              <Field label="Contact">
                {i.contactName ?? '—'}
                {i.contactPhone ? (
                  <>
                    {' '}
                    · <Anchor href={`tel:${i.contactPhone}`}>{i.contactPhone}</Anchor>
                  </>
                ) : null}
              </Field>
              <Field label="Techniciens">
                {i.technicians.length
                  ? i.technicians
                      .map((t) => `${t.name}${t.lead && i.technicians.length > 1 ? ' (responsable)' : ''}`)
                      .join(', ')
                  : 'Aucun'}
              </Field>
              <Field label="Compétences requises">
                {i.skills.length ? (
                  <Group gap={4}>
                    {i.skills.map((s) => (
                      <Badge key={s.id} variant="outline" size="sm">
                        {s.name}
                      </Badge>
                    ))}
                  </Group>
                ) : (
                  '—'
                )}
              </Field>
            </SimpleGrid>
            {i.ticketId && (
              <Field label="Ticket">
                <TicketLink ticketId={i.ticketId} />
              </Field>
            )}
            {i.description && <Field label="Description">{i.description}</Field>}
            {i.checklist.length > 0 && (
              <Field label="Check-list">
                <Stack gap={4} mt={4}>
                  {i.checklist.map((c, n) => (
                    <Checkbox key={n} checked={c.done} readOnly label={c.label} size="xs" />
                  ))}
                </Stack>
              </Field>
            )}
          </Stack>
        </Card>
        <Card withBorder>
          <Stack gap="sm">
            <Title order={4}>Compte rendu et PV</Title>
            <SimpleGrid cols={2}>
              <Field label="Arrivée">{dateTimeLabel(i.checkInAt)}</Field>
              <Field label="Départ">{dateTimeLabel(i.checkOutAt)}</Field>
              <Field label="Temps passé">
                {i.actualMinutes != null ? durationLabel(i.actualMinutes) : '—'}
              </Field>
              <Field label="Note qualité">
                {i.abilities.rate ? (
                  <Rating
                    value={i.rating ?? 0}
                    onChange={(v) => rate.mutate(v)}
                    aria-label="Note de l’intervention"
                  />
                ) : i.rating ? (
                  <Rating value={i.rating} readOnly />
                ) : (
                  '—'
                )}
              </Field>
            </SimpleGrid>
            <Field label="Compte rendu">
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {i.report ?? 'Pas encore de compte rendu.'}
              </Text>
            </Field>
            {i.failureReason && <Field label="Raison de l’échec">{i.failureReason}</Field>}
            {i.signedAt ? (
              <Group justify="space-between">
                <Text size="sm">
                  PV signé par <strong>{i.signedByName}</strong> le {dateTimeLabel(i.signedAt)}
                  {i.signedPlace ? ` à ${i.signedPlace}` : ''}
                </Text>
                <Button
                  component="a"
                  href={interventionLinks.pv(i.id)}
                  target="_blank"
                  size="xs"
                  variant="light"
                >
                  PV de recette (PDF)
                </Button>
              </Group>
            ) : (
              <Text size="sm" c="dimmed">
                PV de recette pas encore signé.
              </Text>
            )}
          </Stack>
        </Card>
      </SimpleGrid>
      {i.abilities.delete && (i.status === 'a_planifier' || i.status === 'annulee') && (
        <Group>
          <Button color="red" variant="subtle" onClick={() => remove.mutate()} loading={remove.isPending}>
            Supprimer l’intervention
          </Button>
        </Group>
      )}
      <Modal
        opened={asking !== null}
        onClose={() => setAsking(null)}
        title={asking === 'echouee' ? 'Déclarer l’intervention en échec' : 'Annuler l’intervention'}
      >
        <Stack>
          <Textarea
            label={asking === 'echouee' ? 'Raison de l’échec' : 'Motif (facultatif)'}
            required={asking === 'echouee'}
            autosize
            minRows={3}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAsking(null)}>
              Retour
            </Button>
            <Button
              color="red"
              loading={status.isPending}
              onClick={() => asking && status.mutate({ to: asking, ...(reason.trim() ? { reason } : {}) })}
            >
              Confirmer
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
