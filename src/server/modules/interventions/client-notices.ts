import { longDateFr, slotFr } from '../../../shared/paris-time.ts';
import type { Db } from '../../infra/db.ts';
import type { Jobs } from '../../infra/jobs.ts';
import { queueEmail } from '../notifications/outbox.service.ts';
import { queueSms } from '../notifications/sms.service.ts';
import type { EmailEvent } from '../notifications/templates.catalog.ts';
import { renderEventSms } from '../notifications/templates.service.ts';
import * as repo from './interventions.repo.ts';
import type { InterventionRow } from './interventions.repo.ts';

/**
 * Messages to the client's contact about its intervention (email and SMS, co-branded for a
 * partner's client): « programmée », « déplacée », « annulée » in the transaction of the planning
 * change, and the reminder of the day before (reminders.ts). Each carries an idempotency key.
 */

export const siteAddressOf = (r: {
  addressLine: string | null;
  postalCode: string | null;
  city: string | null;
}) => [r.addressLine, [r.postalCode, r.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');

export type ClientMessage = {
  event: EmailEvent;
  /** Unique per message and change; `:email` and `:sms` are appended. */
  key: string;
  data: Record<string, unknown>;
  email: string | null;
  phone: string | null;
  interventionId: string;
  clientId: string;
  partnerId: string | null;
};

/** Queues the email and the SMS (when the contact has them) in `tx`; returns how many were queued. */
export async function sendToClientContact(tx: Db, jobs: Jobs, m: ClientMessage): Promise<number> {
  const common = {
    entityType: 'intervention',
    entityId: m.interventionId,
    clientId: m.clientId,
    partnerId: m.partnerId,
  };
  let sent = 0;
  if (m.email) {
    const queued = await queueEmail(tx, jobs, {
      event: m.event,
      to: m.email,
      data: m.data,
      idempotencyKey: `${m.key}:email`,
      audience: 'client',
      ...common,
    });
    if (queued) sent++;
  }
  if (m.phone) {
    const text = await renderEventSms(tx, m.event, m.data, m.partnerId);
    try {
      const id = await queueSms(tx, jobs, {
        to: m.phone,
        text,
        idempotencyKey: `${m.key}:sms`,
        event: m.event,
        ...common,
      });
      if (id) sent++;
    } catch {
      // A number that cannot receive an SMS: the email still leaves.
    }
  }
  return sent;
}

type Booking = Pick<InterventionRow, 'plannedStart' | 'plannedMinutes' | 'technicians' | 'status'>;

/** Booked: a start and at least one technician, and not cancelled. */
const isBooked = (r: Booking) =>
  r.plannedStart !== null && r.technicians.length > 0 && r.status !== 'annulee';
const crew = (r: Booking) =>
  r.technicians
    .map((t) => t.id)
    .sort()
    .join(',');

/** What the client must be told of a planning change, if anything. */
export function noticeOf(before: Booking, after: Booking): 'booked' | 'moved' | 'cancelled' | null {
  if (!isBooked(before)) return isBooked(after) ? 'booked' : null;
  if (!isBooked(after)) return 'cancelled';
  const moved =
    before.plannedStart!.getTime() !== after.plannedStart!.getTime() || crew(before) !== crew(after);
  return moved ? 'moved' : null;
}

const when = (r: Booking) => ({
  date: longDateFr(r.plannedStart!),
  slot: slotFr(r.plannedStart!, r.plannedMinutes),
});

/**
 * Tells the intervention's contact (or else the client's address and phone) of a planning change
 * from `before` to `after` (both as read with their technicians), in the change's transaction,
 * once per change: the key holds the new version.
 */
export async function sendScheduleNotice(
  tx: Db,
  jobs: Jobs,
  before: InterventionRow,
  after: Booking & { version: number },
): Promise<number> {
  const notice = noticeOf(before, after);
  if (!notice) return 0;
  const shown = notice === 'cancelled' ? before : after;
  const client = await repo.clientOf(tx, before.clientId);
  const data = {
    contact: { name: before.contactName ?? before.clientName },
    client: { name: before.clientName },
    intervention: { number: before.number, title: before.title, ...when(shown) },
    technician: { firstName: shown.technicians[0]?.name.split(' ')[0] ?? 'notre technicien' },
    site: {
      address: before.remote
        ? 'à distance'
        : siteAddressOf({
            addressLine: before.siteAddress,
            postalCode: before.sitePostalCode,
            city: before.siteCity,
          }) || '—',
    },
    ...(notice === 'moved' ? { previous: when(before) } : {}),
  };
  return sendToClientContact(tx, jobs, {
    event: `intervention.${notice}`,
    key: `intervention-${notice}:${before.id}:${after.version}`,
    data,
    email: before.contactEmail ?? client?.email ?? null,
    phone: before.contactPhone ?? client?.phone ?? null,
    interventionId: before.id,
    clientId: before.clientId,
    partnerId: before.partnerId,
  });
}
