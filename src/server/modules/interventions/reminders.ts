import { and, asc, eq, gte, inArray, isNull, lt, lte } from 'drizzle-orm';
import {
  clients,
  contacts,
  interventionTechnicians,
  interventions,
  sites,
  technicians,
  users,
} from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import { parisDayStart } from '../../../shared/paris-time.ts';
import type { Db } from '../../infra/db.ts';
import type { Jobs } from '../../infra/jobs.ts';
import { notifyUsers } from '../notifications/inbox.service.ts';
import { queueEmail } from '../notifications/outbox.service.ts';
import { sendToClientContact, siteAddressOf } from './client-notices.ts';
import { longDateFr, nextDay, parisParts, slotFr } from '../../../shared/paris-time.ts';
import { audienceRoles } from '../../policy/audiences.ts';

/**
 * Reminders and alerts of field service, run by crons (Europe/Paris) and callable directly with the
 * settable clock. Every message has an idempotency key: a rerun sends nothing twice.
 */

/** Interventions planned to start on this Paris day. */
const plannedOn = (day: string) =>
  and(
    gte(interventions.plannedStart, parisDayStart(day)),
    lt(interventions.plannedStart, parisDayStart(nextDay(day))),
  );
/** The address columns of the intervention's site (none when remote), for `address`. */
const siteAddress = { addressLine: sites.addressLine, postalCode: sites.postalCode, city: sites.city };

/** The technicians (name, lead or not) of these interventions. */
const techniciansOf = (db: Db, list: { id: string }[]) =>
  db
    .select({
      interventionId: interventionTechnicians.interventionId,
      name: users.name,
      lead: interventionTechnicians.lead,
    })
    .from(interventionTechnicians)
    .innerJoin(technicians, eq(technicians.id, interventionTechnicians.technicianId))
    .innerJoin(users, eq(users.id, technicians.userId))
    .where(
      inArray(
        interventionTechnicians.interventionId,
        list.map((i) => i.id),
      ),
    );

/** At 10:00: every intervention planned tomorrow → email + SMS to the client's contact. */
export async function sendTomorrowReminders(db: Db, jobs: Jobs, now = clock.now()): Promise<number> {
  const rows = await db
    .select({
      id: interventions.id,
      number: interventions.number,
      title: interventions.title,
      plannedStart: interventions.plannedStart,
      plannedMinutes: interventions.plannedMinutes,
      remote: interventions.remote,
      clientId: clients.id,
      clientName: clients.name,
      clientEmail: clients.email,
      clientPhone: clients.phone,
      partnerId: clients.partnerId,
      contactFirst: contacts.firstName,
      contactLast: contacts.lastName,
      contactEmail: contacts.email,
      contactMobile: contacts.mobile,
      contactPhone: contacts.phone,
      ...siteAddress,
    })
    .from(interventions)
    .innerJoin(clients, eq(clients.id, interventions.clientId))
    .leftJoin(contacts, eq(contacts.id, interventions.contactId))
    .leftJoin(sites, eq(sites.id, interventions.siteId))
    .where(
      and(plannedOn(nextDay(parisParts(now).day)), inArray(interventions.status, ['planifiee', 'confirmee'])),
    )
    .orderBy(asc(interventions.plannedStart));
  if (rows.length === 0) return 0;
  const leads = await techniciansOf(db, rows);
  let sent = 0;
  for (const r of rows) {
    const tech = leads
      .filter((l) => l.interventionId === r.id)
      .sort((a, b) => Number(b.lead) - Number(a.lead))[0];
    const start = r.plannedStart!;
    const data = {
      contact: { name: r.contactFirst ? `${r.contactFirst} ${r.contactLast}` : r.clientName },
      client: { name: r.clientName },
      intervention: {
        number: r.number,
        title: r.title,
        date: longDateFr(start),
        slot: slotFr(start, r.plannedMinutes),
      },
      technician: { firstName: tech?.name.split(' ')[0] ?? 'notre technicien' },
      site: { address: r.remote ? 'à distance' : siteAddressOf(r) || '—' },
    };
    // The key holds the slot: a moved intervention is reminded again, a rerun is not.
    await db.transaction(async (tx) => {
      sent += await sendToClientContact(tx, jobs, {
        event: 'intervention.reminder',
        key: `intervention-reminder:${r.id}:${start.toISOString()}`,
        data,
        email: r.contactEmail ?? r.clientEmail,
        phone: r.contactMobile ?? r.contactPhone ?? r.clientPhone,
        interventionId: r.id,
        clientId: r.clientId,
        partnerId: r.partnerId,
      });
    });
  }
  return sent;
}

/** At 07:00: each technician gets the list of his interventions of the day. */
export async function sendDailyLists(
  db: Db,
  jobs: Jobs,
  publicUrl: string,
  now = clock.now(),
): Promise<number> {
  const day = parisParts(now).day;
  const rows = await db
    .select({
      technicianId: technicians.id,
      userName: users.name,
      userEmail: users.email,
      number: interventions.number,
      plannedStart: interventions.plannedStart,
      plannedMinutes: interventions.plannedMinutes,
      remote: interventions.remote,
      clientName: clients.name,
      ...siteAddress,
    })
    .from(interventionTechnicians)
    .innerJoin(interventions, eq(interventions.id, interventionTechnicians.interventionId))
    .innerJoin(technicians, eq(technicians.id, interventionTechnicians.technicianId))
    .innerJoin(users, eq(users.id, technicians.userId))
    .innerJoin(clients, eq(clients.id, interventions.clientId))
    .leftJoin(sites, eq(sites.id, interventions.siteId))
    .where(
      and(
        plannedOn(day),
        inArray(interventions.status, ['planifiee', 'confirmee', 'en_route', 'sur_site']),
        isNull(users.disabledAt),
      ),
    )
    .orderBy(asc(interventions.plannedStart));
  const byTech = new Map<string, typeof rows>();
  for (const r of rows) byTech.set(r.technicianId, [...(byTech.get(r.technicianId) ?? []), r]);
  let sent = 0;
  for (const [techId, list] of byTech) {
    const first = list[0]!;
    const lines = list.map(
      (r) =>
        `${slotFr(r.plannedStart!, r.plannedMinutes)} · ${r.number} · ${r.clientName} · ${r.remote ? 'à distance' : siteAddressOf(r) || '—'}`,
    );
    await db.transaction(async (tx) => {
      const queued = await queueEmail(tx, jobs, {
        event: 'intervention.daily_list',
        to: first.userEmail,
        data: {
          technician: { name: first.userName },
          day: { date: longDateFr(parisDayStart(day)), count: String(list.length), list: lines.join('\n') },
          link: { url: `${publicUrl.replace(/\/$/, '')}/planning` },
        },
        idempotencyKey: `intervention-daily-list:${techId}:${day}`,
        entityType: 'technician',
        entityId: techId,
      });
      if (queued) sent++;
    });
  }
  return sent;
}

/**
 * Every 5 minutes: interventions whose slot started 15 minutes ago or more (within the last day),
 * still planned or confirmed without check-in → an alert to every ADV user, once per intervention.
 */
export async function alertLateCheckIns(
  db: Db,
  jobs: Jobs,
  publicUrl: string,
  now = clock.now(),
): Promise<number> {
  const late = await db
    .select({
      id: interventions.id,
      number: interventions.number,
      title: interventions.title,
      plannedStart: interventions.plannedStart,
      clientName: clients.name,
    })
    .from(interventions)
    .innerJoin(clients, eq(clients.id, interventions.clientId))
    .where(
      and(
        lte(interventions.plannedStart, new Date(now.getTime() - 15 * 60_000)),
        gte(interventions.plannedStart, new Date(now.getTime() - 24 * 3_600_000)),
        inArray(interventions.status, ['planifiee', 'confirmee']),
        isNull(interventions.checkInAt),
      ),
    );
  if (late.length === 0) return 0;
  const adv = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.role, audienceRoles('interventionLate')), isNull(users.disabledAt)));
  if (adv.length === 0) return 0;
  const names = await techniciansOf(db, late);
  let count = 0;
  for (const l of late) {
    const who =
      names
        .filter((n) => n.interventionId === l.id)
        .map((n) => n.name)
        .join(', ') || 'Le technicien';
    await db.transaction(async (tx) => {
      count += await notifyUsers(tx, jobs, {
        type: 'intervention.late_check_in',
        userIds: adv.map((u) => u.id),
        title: `Retard : ${l.number} chez ${l.clientName}`,
        body: `${who} n’a pas pointé son arrivée (créneau de ${parisParts(l.plannedStart!).hhmm}, « ${l.title} »).`,
        link: `/interventions/${l.id}`,
        entityType: 'intervention',
        entityId: l.id,
        idempotencyKey: `late-check-in:${l.id}:${l.plannedStart!.toISOString()}`,
        publicUrl,
      });
    });
  }
  return count;
}

/** Cron names and schedules (Paris time), started by `startWorkers`. */
export const interventionCrons = {
  reminders: { name: 'intervention-reminders', cron: '0 10 * * *' },
  dailyLists: { name: 'intervention-daily-lists', cron: '0 7 * * *' },
  lateCheckIns: { name: 'intervention-late-check-ins', cron: '*/5 * * * *' },
} as const;

export async function startInterventionCrons(db: Db, jobs: Jobs, publicUrl: string): Promise<void> {
  await jobs.every(interventionCrons.reminders.name, interventionCrons.reminders.cron, async () => {
    await sendTomorrowReminders(db, jobs);
  });
  await jobs.every(interventionCrons.dailyLists.name, interventionCrons.dailyLists.cron, async () => {
    await sendDailyLists(db, jobs, publicUrl);
  });
  await jobs.every(interventionCrons.lateCheckIns.name, interventionCrons.lateCheckIns.cron, async () => {
    await alertLateCheckIns(db, jobs, publicUrl);
  });
}
