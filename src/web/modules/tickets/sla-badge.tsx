import { Badge, Group, Tooltip } from '@mantine/core';
import { describeOverdue, describeRemaining } from '../../../shared/business-time.ts';
import type { SlaClockOut, TicketSlaOut } from '../../../shared/schemas/sla.ts';
import { ticketsText } from './strings.ts';

const txt = ticketsText.sla;

const dueFormat = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Paris',
});

const stateColors: Record<SlaClockOut['state'], string> = {
  ok: 'green',
  at_risk: 'yellow',
  breached: 'red',
  paused: 'gray',
  met: 'gray',
};

/**
 * The text of a clock: business time left, paused, met — or, past its deadline while it runs, how
 * late it is in calendar time (« dépassé de 5 j 2 h »; the tooltip gives the deadline). A breached
 * clock that is paused or stopped (resolved late) has no deadline any more: « Dépassé », its
 * business overrun in the tooltip.
 */
export function slaClockText(c: SlaClockOut, now = Date.now()): string {
  if (c.state === 'met') return txt.met;
  if (c.state === 'paused') {
    return c.remainingSeconds !== null && c.remainingSeconds > 0
      ? txt.pausedWith(describeRemaining(c.remainingSeconds))
      : txt.paused;
  }
  if (c.state === 'breached') {
    return c.dueAt ? describeOverdue(Math.max(0, now - Date.parse(c.dueAt)) / 1000) : txt.breached;
  }
  if (c.remainingSeconds === null) return '—';
  return describeRemaining(c.remainingSeconds);
}

function tooltipOf(label: string, c: SlaClockOut): string {
  if (c.state === 'met') return txt.tipMet(label);
  if (c.state === 'paused') return txt.tipPaused(label);
  if (!c.dueAt && c.state === 'breached') {
    return c.remainingSeconds !== null && c.remainingSeconds < 0
      ? txt.tipBreachedBy(label, describeRemaining(c.remainingSeconds))
      : txt.tipBreached(label);
  }
  if (!c.dueAt) return txt.tipNoDue(label);
  return txt.tipDue(label, dueFormat.format(new Date(c.dueAt)));
}

export function SlaClockBadge({ label, clock }: { label: string; clock: SlaClockOut }) {
  return (
    <Tooltip label={tooltipOf(label, clock)} withArrow>
      <Badge
        color={stateColors[clock.state]}
        variant={clock.state === 'met' ? 'outline' : 'light'}
        tt="none"
        // Never cut (« dépassé de 2 j 1… »): the column makes room.
        style={{ flexShrink: 0, minWidth: 'max-content' }}
      >
        {slaClockText(clock)}
      </Badge>
    </Tooltip>
  );
}

/**
 * The SLA of a ticket in a list or its header: the clock that matters (first response until met,
 * then resolution). Nothing when the ticket has no SLA.
 */
export function SlaBadge({ sla, both = false }: { sla: TicketSlaOut | null; both?: boolean }) {
  if (!sla) return null;
  const fr = sla.firstResponse;
  const res = sla.resolution;
  if (both) {
    return (
      <Group gap={4} wrap="nowrap">
        {fr && <SlaClockBadge label={txt.firstResponse} clock={fr} />}
        {res && <SlaClockBadge label={txt.resolution} clock={res} />}
      </Group>
    );
  }
  if (fr && (fr.state === 'ok' || fr.state === 'at_risk' || fr.state === 'breached') && fr.dueAt) {
    return <SlaClockBadge label={txt.firstResponse} clock={fr} />;
  }
  if (res) return <SlaClockBadge label={txt.resolution} clock={res} />;
  if (fr) return <SlaClockBadge label={txt.firstResponse} clock={fr} />;
  return null;
}
