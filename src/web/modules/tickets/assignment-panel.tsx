import {
  Alert,
  Badge,
  Button,
  Card,
  CloseButton,
  Collapse,
  Group,
  Loader,
  Paper,
  Progress,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { AssignmentCandidateOut, TicketOut } from '../../../shared/schemas/tickets.ts';
import { ApiError } from '../../app/api.ts';
import { ticketApi, ticketQueries } from './api.ts';
import { parisDateTime } from './shared.tsx';
import { ticketsText } from './strings.ts';

const txt = ticketsText.assignment;

const roleLabels: Record<string, string> = { tech_terrain: txt.kindTerrain, tech_interne: txt.kindInterne };

const scoreColor = (c: AssignmentCandidateOut) =>
  !c.eligible ? 'gray' : c.score >= 75 ? 'teal' : c.score >= 50 ? 'yellow' : 'orange';

function distanceText(c: AssignmentCandidateOut): string | null {
  if (c.distanceKm === null) return null;
  return txt.distance(c.distanceKm, c.distanceFrom === 'position');
}

function CandidateRow({
  c,
  current,
  busy,
  onAssign,
}: {
  c: AssignmentCandidateOut;
  current: boolean;
  busy: boolean;
  onAssign: (c: AssignmentCandidateOut) => void;
}) {
  const [open, setOpen] = useState(false);
  const distance = distanceText(c);
  return (
    <Paper
      withBorder
      p="sm"
      data-candidate={c.name}
      data-eligible={c.eligible}
      style={c.eligible ? undefined : { opacity: 0.6, background: 'var(--mantine-color-gray-0)' }}
    >
      <Group justify="space-between" align="start" wrap="wrap" gap="xs">
        <Stack gap={4} style={{ flex: '1 1 260px', minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={700} size="sm">
              {c.rank}. {c.name}
            </Text>
            <Badge size="sm" variant="outline" color="gray">
              {roleLabels[c.role] ?? c.role}
            </Badge>
            {current && (
              <Badge size="sm" color="teal">
                {txt.assigned}
              </Badge>
            )}
            {!c.eligible && (
              <Badge size="sm" color="red" variant="light">
                {txt.excluded}
              </Badge>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap" maw={360}>
            <Progress
              value={c.score}
              color={scoreColor(c)}
              size="lg"
              style={{ flex: 1 }}
              aria-label={txt.score(c.score)}
            />
            <Text size="sm" fw={600} w={56} ta="right">
              {c.score}/100
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            {[distance, txt.openTickets(c.openTickets)].filter(Boolean).join(' · ')}
          </Text>
          <Group gap={6} wrap="wrap">
            {c.reasons.map((r) => (
              <Badge
                key={r}
                data-reason
                variant="light"
                color={c.eligible ? 'blue' : 'red'}
                tt="none"
                fw={500}
                styles={{
                  root: { maxWidth: '100%', height: 'auto', lineHeight: 1.3 },
                  label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip' },
                }}
                py={3}
              >
                {r}
              </Badge>
            ))}
          </Group>
          <UnstyledButton onClick={() => setOpen((o) => !o)} aria-expanded={open}>
            <Text size="xs" c="blue">
              {open ? txt.hideDetail : txt.showDetail}
            </Text>
          </UnstyledButton>
          <Collapse expanded={open}>
            <Stack gap={2}>
              {c.factors.map((f) => (
                <Text key={f.key} size="xs">
                  <Text span fw={600} size="xs">
                    {f.label} {f.points.toLocaleString('fr-FR')}/{f.max}
                  </Text>{' '}
                  — {f.detail}
                </Text>
              ))}
            </Stack>
          </Collapse>
        </Stack>
        {c.eligible && !current && (
          <Button size="xs" onClick={() => onAssign(c)} loading={busy} aria-label={txt.assignTo(c.name)}>
            {txt.assign}
          </Button>
        )}
      </Group>
    </Paper>
  );
}

/**
 * « Proposer un technicien »: the ranked technicians for this ticket with their score, distance and
 * reasons; excluded ones greyed with theirs. « Attribuer » uses the ordinary update with the ticket's
 * version (a concurrent change answers 409 and the list reloads).
 */
export function AssignmentPanel({
  ticket,
  onClose,
  onAssigned,
}: {
  ticket: TicketOut;
  onClose: () => void;
  onAssigned: () => void;
}) {
  const proposal = useQuery({
    ...ticketQueries.proposal(ticket.id, ticket.version),
  });
  const [assigning, setAssigning] = useState<string | null>(null);
  async function assign(c: AssignmentCandidateOut) {
    setAssigning(c.userId);
    try {
      await ticketApi.update(ticket.id, ticket.version, { assigneeId: c.userId });
      notifications.show({ color: 'green', message: txt.assignedTo(ticket.number, c.name) });
      onAssigned();
    } catch (e) {
      notifications.show({
        color: 'red',
        message:
          e instanceof ApiError ? [e.message, ...e.details.map((d) => d.message)].join(' ') : String(e),
      });
      onAssigned();
    } finally {
      setAssigning(null);
    }
  }
  const p = proposal.data;
  const eligible = p?.candidates.filter((c) => c.eligible) ?? [];
  const excluded = p?.candidates.filter((c) => !c.eligible) ?? [];
  return (
    <Card withBorder aria-label={txt.title}>
      <Stack gap="sm">
        <Group justify="space-between" align="start" wrap="nowrap">
          <Stack gap={2}>
            <Title order={4}>{txt.title}</Title>
            {p && (
              <Text size="xs" c="dimmed">
                {[
                  p.requiredSkills.length
                    ? txt.requiredSkills(p.requiredSkills.map((s) => s.name))
                    : txt.noRequiredSkill,
                  p.onSite ? txt.onSite : txt.remote,
                  p.slaDueAt ? txt.slaDue(parisDateTime(p.slaDueAt)) : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
            )}
          </Stack>
          <CloseButton onClick={onClose} aria-label={txt.close} />
        </Group>
        {proposal.isPending && <Loader size="sm" />}
        {proposal.isError && <Alert color="red">{(proposal.error as Error).message}</Alert>}
        {p && eligible.length === 0 && <Alert color="yellow">{txt.nobody}</Alert>}
        {eligible.map((c) => (
          <CandidateRow
            key={c.technicianId}
            c={c}
            current={c.userId === ticket.assigneeId}
            busy={assigning === c.userId}
            onAssign={assign}
          />
        ))}
        {excluded.length > 0 && (
          <Text size="sm" fw={600} c="dimmed" mt="xs">
            {txt.excludedCount(excluded.length)}
          </Text>
        )}
        {excluded.map((c) => (
          <CandidateRow
            key={c.technicianId}
            c={c}
            current={c.userId === ticket.assigneeId}
            busy={false}
            onAssign={assign}
          />
        ))}
      </Stack>
    </Card>
  );
}
