import { eq, sql } from 'drizzle-orm';
import {
  absences,
  clients,
  contacts,
  interventionTechnicians,
  interventions,
  sites,
  technicians,
  users,
} from '../db/schema/index.ts';
import { clock } from '../infra/clock.ts';
import { interventionNumber } from '../../shared/interventions.ts';
import { addDays, parisDate, parisDayStart } from '../../shared/paris-time.ts';
import { type Db, rowsOf } from '../infra/db.ts';

const jobs: { kind: string; title: string; minutes: number; checklist: string[] }[] = [
  {
    kind: 'installation',
    title: 'Installation du standard IPBX',
    minutes: 180,
    checklist: ['Baie et alimentation', 'Postes raccordés', 'Appels entrants et sortants testés'],
  },
  {
    kind: 'installation',
    title: 'Pose de bornes Wi-Fi',
    minutes: 120,
    checklist: ['Relevé radio', 'Bornes fixées', 'SSID invités'],
  },
  {
    kind: 'sav',
    title: 'Postes sans tonalité',
    minutes: 60,
    checklist: ['Diagnostic', 'Remplacement si besoin'],
  },
  { kind: 'sav', title: 'Coupures d’appels', minutes: 90, checklist: ['Traces SIP', 'Test opérateur'] },
  {
    kind: 'maintenance',
    title: 'Maintenance annuelle du standard',
    minutes: 90,
    checklist: ['Mises à jour', 'Sauvegarde de la configuration'],
  },
  { kind: 'maintenance', title: 'Remplacement de l’onduleur', minutes: 60, checklist: ['Onduleur testé'] },
  {
    kind: 'audit',
    title: 'Audit du câblage',
    minutes: 120,
    checklist: ['Plan des prises', 'Recette des liens'],
  },
  {
    kind: 'installation',
    title: 'Migration vers Teams Phone',
    minutes: 240,
    checklist: ['Comptes créés', 'Numéros portés', 'Formation des utilisateurs'],
  },
];

/** Work done from the office, without travel: every fifth intervention, with no site. */
const remoteJobs: typeof jobs = [
  {
    kind: 'sav',
    title: 'Paramétrage à distance du serveur vocal',
    minutes: 60,
    checklist: ['Messages d’accueil chargés', 'Horaires et renvois vérifiés'],
  },
  {
    kind: 'maintenance',
    title: 'Mise à jour du firmware des postes',
    minutes: 90,
    checklist: ['Sauvegarde de la configuration', 'Postes mis à jour et redémarrés'],
  },
  {
    kind: 'installation',
    title: 'Formation des utilisateurs au standard (visio)',
    minutes: 60,
    checklist: ['Transferts et mises en attente', 'Messagerie vocale'],
  },
  {
    kind: 'sav',
    title: 'Diagnostic à distance des appels entrants',
    minutes: 45,
    checklist: ['Traces SIP relevées', 'Routage des SDA vérifié'],
  },
];

const reports = [
  'Intervention réalisée, tests concluants avec le client. Aucune réserve.',
  'Matériel remplacé, appels entrants et sortants vérifiés. Le client est satisfait.',
  'Configuration sauvegardée et mise à jour. Prochaine visite dans un an.',
];

/**
 * Demo interventions: about forty over this week and next, at the demo clients' sites in each
 * technician's zones, at 09:00 and 14:00 (Paris) on working days outside approved absences; one in
 * five done remotely (no site, by the internal technician when there is one); some left to
 * schedule, the past ones done with a report and a rating. Reads the technicians the
 * technicians seed created. Deterministic for a given `rnd` and day.
 */
export async function seedInterventions(
  tx: Db,
  opts: { rnd: { int(min: number, max: number): number; next(): number } },
): Promise<string> {
  const { rnd } = opts;
  const techs = await tx
    .select({
      id: technicians.id,
      userId: technicians.userId,
      zones: technicians.zones,
      homeDepartment: technicians.homeDepartment,
      role: users.role,
    })
    .from(technicians)
    .innerJoin(users, eq(users.id, technicians.userId))
    .where(eq(technicians.active, true))
    .orderBy(users.name);
  const siteRows = await tx
    .select({ id: sites.id, clientId: sites.clientId, department: sites.department })
    .from(sites)
    .innerJoin(clients, eq(clients.id, sites.clientId))
    .orderBy(sites.id);
  if (siteRows.length === 0) return '0 intervention';
  const contactRows = await tx.select({ id: contacts.id, clientId: contacts.clientId }).from(contacts);
  const contactOf = new Map<string, string>();
  for (const c of contactRows) if (!contactOf.has(c.clientId)) contactOf.set(c.clientId, c.id);
  const away = await tx
    .select({ technicianId: absences.technicianId, startsAt: absences.startsAt, endsAt: absences.endsAt })
    .from(absences)
    .where(eq(absences.status, 'approuvee'));
  const [adv] = await tx.select({ id: users.id }).from(users).where(eq(users.email, 'adv@relais.test'));

  const now = clock.now();
  const today = parisDate(now);
  const dow = new Date(`${today}T12:00:00Z`).getUTCDay();
  const monday = addDays(today, -((dow + 6) % 7));
  const workdays = Array.from({ length: 12 }, (_, i) => addDays(monday, i)).filter((d) => {
    const w = new Date(`${d}T12:00:00Z`).getUTCDay();
    return w >= 1 && w <= 5;
  });
  const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric' }).format(now);
  const nextNumber = async () => {
    const res = await tx.execute(sql`SELECT nextval('intervention_number_seq')::int AS n`);
    const n = Number(rowsOf<{ n: number }>(res)[0]!.n);
    return interventionNumber(year, n);
  };
  const field = techs.filter((t) => t.role === 'tech_terrain');
  const desk = techs.filter((t) => t.role === 'tech_interne');
  let scheduled = 0;
  let done = 0;
  let queued = 0;
  const total = 40;
  for (let k = 0; k < total; k++) {
    const remote = k % 5 === 2;
    const job = remote ? remoteJobs[Math.floor(k / 5) % remoteJobs.length]! : jobs[k % jobs.length]!;
    const unscheduled = k % 5 === 4;
    const team = remote && desk.length ? desk : field;
    const tech = team.length ? team[k % team.length]! : null;
    const zone = tech && !remote ? new Set([tech.homeDepartment, ...tech.zones]) : null;
    const inZone = zone ? siteRows.filter((s) => s.department && zone.has(s.department)) : [];
    const site = (inZone.length ? inZone : siteRows)[rnd.int(0, (inZone.length || siteRows.length) - 1)]!;
    let start: Date | null = null;
    if (!unscheduled && tech) {
      // The technician's next free half-day that is not in an approved absence.
      for (let tries = 0; tries < workdays.length * 2 && !start; tries++) {
        const slot = (k * 7 + tries) % (workdays.length * 2);
        const day = workdays[Math.floor(slot / 2)]!;
        const at = new Date(parisDayStart(day).getTime() + (slot % 2 === 0 ? 9 * 60 : 14 * 60) * 60_000);
        const end = at.getTime() + job.minutes * 60_000;
        const blocked = away.some(
          (a) =>
            a.technicianId === tech.id && a.startsAt.getTime() < end && a.endsAt.getTime() > at.getTime(),
        );
        const taken = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(interventionTechnicians)
          .innerJoin(interventions, eq(interventions.id, interventionTechnicians.interventionId))
          .where(
            sql`${interventionTechnicians.technicianId} = ${tech.id} AND ${interventions.plannedStart} = ${at.toISOString()}::timestamptz`,
          );
        if (!blocked && Number(taken[0]!.n) === 0) start = at;
      }
    }
    const past = start ? start.getTime() + job.minutes * 60_000 < now.getTime() : false;
    const status = !start
      ? 'a_planifier'
      : past
        ? k % 7 === 3
          ? 'echouee'
          : 'terminee'
        : k % 3 === 0
          ? 'confirmee'
          : 'planifiee';
    const finished = status === 'terminee';
    const created = new Date(now.getTime() - (total - k) * 3_600_000 * 5);
    const [row] = await tx
      .insert(interventions)
      .values({
        number: await nextNumber(),
        kind: job.kind,
        remote,
        clientId: site.clientId,
        siteId: remote ? null : site.id,
        contactId: contactOf.get(site.clientId) ?? null,
        title: job.title,
        description: null,
        status,
        plannedStart: start,
        plannedMinutes: job.minutes,
        checkInAt: finished && start ? new Date(start.getTime() + rnd.int(-5, 20) * 60_000) : null,
        checkOutAt:
          finished && start ? new Date(start.getTime() + (job.minutes + rnd.int(-20, 40)) * 60_000) : null,
        actualMinutes: finished ? job.minutes + rnd.int(-20, 40) : null,
        checklist: job.checklist.map((label) => ({ label, done: finished })),
        report: finished ? reports[k % reports.length]! : null,
        failureReason:
          status !== 'echouee'
            ? null
            : remote
              ? 'Client injoignable au créneau prévu, à replanifier.'
              : 'Client absent, site fermé à notre arrivée.',
        rating: finished && k % 2 === 0 ? rnd.int(3, 5) : null,
        ratedBy: finished && k % 2 === 0 ? (adv?.id ?? null) : null,
        ratedAt: finished && k % 2 === 0 ? now : null,
        createdBy: adv?.id ?? null,
        createdAt: created,
        updatedAt: created,
      })
      .returning({ id: interventions.id });
    if (start && tech) {
      await tx
        .insert(interventionTechnicians)
        .values({ interventionId: row!.id, technicianId: tech.id, lead: true });
      scheduled++;
      if (finished) done++;
    } else queued++;
  }
  return `${total} interventions (${scheduled} planifiées dont ${done} terminées, ${queued} à planifier)`;
}
