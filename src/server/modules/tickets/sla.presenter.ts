import {
  type BusinessCalendar,
  businessSecondsBetween,
  elapsedBusinessSeconds,
} from '../../../shared/business-time.ts';
import type { SlaClockOut, SlaState } from '../../../shared/schemas/sla.ts';
import { type ClockRow, isRunning, toSegments } from './sla.resolve.ts';

/** What leaves the server of an SLA clock: its state and the business time left. */

export function clockState(
  c: Pick<ClockRow, 'state' | 'segments' | 'dueAt' | 'warnAt' | 'breachedAt'>,
  now: Date,
): SlaState {
  if (c.state === 'met') return 'met';
  if (c.state === 'breached' || c.breachedAt !== null) return 'breached';
  if (!isRunning(c.segments)) return 'paused';
  if (c.dueAt && c.dueAt.getTime() <= now.getTime()) return 'breached';
  if (c.warnAt && c.warnAt.getTime() <= now.getTime()) return 'at_risk';
  return 'ok';
}

export function presentClock(c: ClockRow, cal: BusinessCalendar, now: Date): SlaClockOut {
  const state = clockState(c, now);
  let remaining: number | null = null;
  if (c.state !== 'met' && c.stoppedAt === null) {
    if (isRunning(c.segments) && c.dueAt) {
      remaining =
        c.dueAt.getTime() >= now.getTime()
          ? Math.floor(businessSecondsBetween(now, c.dueAt, cal))
          : -Math.floor(businessSecondsBetween(c.dueAt, now, cal));
    } else {
      remaining = c.targetSeconds - elapsedBusinessSeconds(toSegments(c.segments), now, cal);
    }
  } else if (c.stoppedAt !== null && c.state === 'breached') {
    remaining = c.targetSeconds - elapsedBusinessSeconds(toSegments(c.segments), now, cal);
  }
  return {
    state,
    dueAt: isRunning(c.segments) ? (c.dueAt?.toISOString() ?? null) : null,
    remainingSeconds: remaining,
    targetSeconds: c.targetSeconds,
  };
}
