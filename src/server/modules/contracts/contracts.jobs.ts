/**
 * Daily contract check (07:30 Paris): renewal and expiry alerts 90 and 30 days before `ends_on` and on
 * the notice deadline (`ends_on − notice_days`), to the client's account manager and the ADV — once
 * per (contract, kind, ends_on); on `ends_on` a tacit-renewal contract rolls over by `renewal_months`,
 * any other one expires. Each contract in its own transaction; audited as the system.
 */
import { and, eq, inArray, isNull, lte } from 'drizzle-orm';
import { clients, maintenanceContracts, users } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { Db } from '../../infra/db.ts';
import type { Jobs } from '../../infra/jobs.ts';
import { type AuditOrigin, recordAudit } from '../audit/audit.service.ts';
import { notifyUsers } from '../notifications/inbox.service.ts';
import { addMonthsTo, daysBetween, parisToday } from './contracts.service.ts';
import { addDays } from '../../../shared/paris-time.ts';
import { audienceRoles } from '../../policy/audiences.ts';

/** Alerts missed for up to this many days (a cron run skipped) are still sent. */
const catchUpDays = 7;

export const systemOrigin: AuditOrigin = {
  ip: '',
  requestId: 'job:contracts-renewal',
  actorUserId: null,
  actorLabel: 'Système (échéances de contrats)',
};

const frDay = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' });
const fr = (day: string) => frDay.format(new Date(`${day}T00:00:00Z`));

export type ContractAlertsResult = { alerts: number; renewed: number; expired: number };

async function recipientsOf(db: Db, accountManagerId: string | null): Promise<string[]> {
  const adv = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.role, audienceRoles('contractEnding')), isNull(users.disabledAt)));
  return [...new Set([...(accountManagerId ? [accountManagerId] : []), ...adv.map((u) => u.id)])];
}

export async function runContractAlerts(
  db: Db,
  jobs: Jobs | null,
  publicUrl?: string,
): Promise<ContractAlertsResult> {
  const today = parisToday(clock.now());
  const result: ContractAlertsResult = { alerts: 0, renewed: 0, expired: 0 };
  // Every active contract whose first alert (90 days, or the notice deadline if earlier) has come.
  const horizon = addDays(today, 800);
  const rows = await db
    .select({
      contract: maintenanceContracts,
      clientName: clients.name,
      accountManagerId: clients.accountManagerId,
      partnerId: clients.partnerId,
    })
    .from(maintenanceContracts)
    .innerJoin(clients, eq(clients.id, maintenanceContracts.clientId))
    .where(and(eq(maintenanceContracts.status, 'actif'), lte(maintenanceContracts.endsOn, horizon)));
  const adv = await recipientsOf(db, null);
  for (const { contract: c, clientName, accountManagerId, partnerId } of rows) {
    const recipients = [...new Set([...(accountManagerId ? [accountManagerId] : []), ...adv])];
    const link = `/clients/${c.clientId}?tab=contrats`;
    const label = `${c.reference} — ${c.name} (${clientName})`;
    if (today >= c.endsOn) {
      await db.transaction(async (tx) => {
        // Serialises with a concurrent run: only the instance that still sees the same ends_on acts.
        const [locked] = await tx
          .select()
          .from(maintenanceContracts)
          .where(
            and(
              eq(maintenanceContracts.id, c.id),
              eq(maintenanceContracts.endsOn, c.endsOn),
              eq(maintenanceContracts.status, 'actif'),
            ),
          )
          .for('update');
        if (!locked) return;
        // Tacit renewal moves the end by whole renewal periods past today; otherwise the contract expires.
        let endsOn = c.endsOn;
        if (c.tacitRenewal) while (endsOn <= today) endsOn = addMonthsTo(endsOn, c.renewalMonths);
        const outcome = c.tacitRenewal
          ? {
              key: 'renewed' as const,
              set: { endsOn },
              before: { endsOn: c.endsOn },
              after: { endsOn },
              title: `Contrat reconduit : ${c.reference}`,
              body: `Le contrat ${label} est reconduit tacitement jusqu’au ${fr(endsOn)}.`,
            }
          : {
              key: 'expired' as const,
              set: { status: 'expire' as const },
              before: { status: 'actif' },
              after: { status: 'expire' },
              title: `Contrat expiré : ${c.reference}`,
              body: `Le contrat ${label} est arrivé à échéance le ${fr(c.endsOn)} sans reconduction tacite.`,
            };
        await tx
          .update(maintenanceContracts)
          .set({ ...outcome.set, updatedAt: clock.now() })
          .where(eq(maintenanceContracts.id, c.id));
        await recordAudit(tx, systemOrigin, {
          category: 'business',
          action: `contract.${outcome.key}`,
          entityType: 'maintenance_contract',
          entityId: c.id,
          clientId: c.clientId,
          partnerId,
          before: outcome.before,
          after: { ...outcome.after, reference: c.reference, name: c.name },
        });
        await notifyUsers(tx, jobs, {
          type: 'contract.renewal',
          userIds: recipients,
          title: outcome.title,
          body: outcome.body,
          link,
          entityType: 'maintenance_contract',
          entityId: c.id,
          idempotencyKey: `contract:${c.id}:${outcome.key}:${c.endsOn}`,
          ...(publicUrl ? { publicUrl } : {}),
        });
        result[outcome.key]++;
      });
      continue;
    }
    const noticeDeadline = addDays(c.endsOn, -c.noticeDays);
    const due: { kind: string; on: string; title: string; body: string }[] = [
      {
        kind: 'd90',
        on: addDays(c.endsOn, -90),
        title: `Contrat à échéance dans 90 jours : ${c.reference}`,
        body: `Le contrat ${label} arrive à échéance le ${fr(c.endsOn)}${c.tacitRenewal ? ` (reconduction tacite de ${c.renewalMonths} mois, préavis jusqu’au ${fr(noticeDeadline)})` : ' (sans reconduction tacite)'}.`,
      },
      {
        kind: 'd30',
        on: addDays(c.endsOn, -30),
        title: `Contrat à échéance dans 30 jours : ${c.reference}`,
        body: `Le contrat ${label} arrive à échéance le ${fr(c.endsOn)}${c.tacitRenewal ? ' et sera reconduit tacitement' : ' et expirera'}.`,
      },
      {
        kind: 'notice',
        on: noticeDeadline,
        title: `Date limite de préavis : ${c.reference}`,
        body: `Dernier jour pour dénoncer le contrat ${label} avant son échéance du ${fr(c.endsOn)} (préavis de ${c.noticeDays} jours).`,
      },
    ];
    for (const a of due) {
      const late = daysBetween(a.on, today);
      if (late < 0 || late > catchUpDays) continue;
      const sent = await db.transaction((tx) =>
        notifyUsers(tx, jobs, {
          type: 'contract.renewal',
          userIds: recipients,
          title: a.title,
          body: a.body,
          link,
          entityType: 'maintenance_contract',
          entityId: c.id,
          idempotencyKey: `contract:${c.id}:${a.kind}:${c.endsOn}`,
          ...(publicUrl ? { publicUrl } : {}),
        }),
      );
      result.alerts += sent > 0 ? 1 : 0;
    }
  }
  return result;
}

export async function startContractCrons(db: Db, jobs: Jobs, publicUrl: string): Promise<void> {
  await jobs.every('contracts-renewal', '30 7 * * *', async () => {
    await runContractAlerts(db, jobs, publicUrl);
  });
}

/** Contracts of these ids (tests). */
export async function contractsByIds(db: Db, ids: string[]) {
  return db.select().from(maintenanceContracts).where(inArray(maintenanceContracts.id, ids));
}
