import type { Config } from './infra/config.ts';
import type { Database } from './infra/db.ts';
import type { Jobs } from './infra/jobs.ts';
import { type Logger, silentLogger } from './infra/logger.ts';
import { Mailer } from './infra/mail.ts';
import { purgeAudit } from './modules/audit/audit.service.ts';
import { emailQueue, emailSender, startDeliveryWorkers } from './modules/notifications/outbox.service.ts';
import { setEmailAssetsBaseUrl } from './modules/notifications/branding.service.ts';
import { purgeRealtimeEvents } from './modules/notifications/events.service.ts';
import { smsQueue, smsSender } from './modules/notifications/sms.service.ts';
import { createSmsProvider } from './infra/sms.ts';
import { startGeocodeWorker } from './modules/clients/geocoder.ts';
import { startInterventionCrons } from './modules/interventions/reminders.ts';
import { startHomeGeocodeWorker } from './modules/technicians/home-geocode.ts';
import { alertExpiringCertifications } from './modules/technicians/certifications.ts';
import { purgePositions } from './modules/technicians/positions.ts';
import { startPvWorker } from './modules/interventions/pv.ts';
import { startContractCrons } from './modules/contracts/contracts.jobs.ts';
import { startSlaCrons } from './modules/tickets/sla.jobs.ts';

/**
 * Starts every background worker and recurring job of this process: inside the app by default
 * (`WORKERS=in-app`), or alone with `npm run worker`. pg-boss hands each job to one worker across
 * all instances, and each cron occurrence runs once.
 */
export async function startWorkers(
  database: Database,
  config: Config,
  jobs: Jobs,
  logger: Logger = silentLogger,
): Promise<{ stop(): void }> {
  const db = database.db;
  // Emails queued by recurring jobs reference the logo by the app's public address.
  setEmailAssetsBaseUrl(config.publicUrl);
  const mailer = config.smtpUrl ? new Mailer(config.smtpUrl, config.mailFrom, config.mailReturnPath) : null;
  await startDeliveryWorkers(db, jobs, emailQueue, emailSender(mailer, db));
  await startDeliveryWorkers(db, jobs, smsQueue, smsSender(createSmsProvider(config), config.smsSender));
  await startGeocodeWorker(db, jobs, config.geocoderUrl);
  await startHomeGeocodeWorker(db, jobs, config.geocoderUrl);
  // Certifications expiring within 30 days: technician, admins and ADV notified once each.
  await jobs.every('certifications-expiry', '0 7 * * *', async () => {
    await alertExpiringCertifications(db, jobs, config.publicUrl);
  });
  // CNIL: live positions are kept two months.
  await jobs.every('technician-positions-purge', '15 3 * * *', async () => {
    await purgePositions(db);
  });
  await startPvWorker(db, jobs);
  await jobs.every('audit-purge', '30 3 * * *', async () => {
    await purgeAudit(db);
  });
  // Interventions: client reminders (10:00), technicians' day lists (07:00), late check-ins (5 min).
  await startInterventionCrons(db, jobs, config.publicUrl);
  // SLA: near-breach and breach scan every minute (escalation once); contract renewals daily 07:30.
  await startSlaCrons(db, jobs, config.publicUrl);
  await startContractCrons(db, jobs, config.publicUrl);
  // Real-time events stay 15 min for Last-Event-ID replays.
  await jobs.every('realtime-purge', '*/5 * * * *', () => purgeRealtimeEvents(db));
  logger.info(
    { component: 'workers', smtp: Boolean(mailer), sms: config.smsProvider },
    'tâches de fond démarrées',
  );
  return { stop: () => mailer?.close() };
}
