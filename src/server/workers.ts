import type { Config } from './infra/config.ts';
import type { Database } from './infra/db.ts';
import type { Jobs } from './infra/jobs.ts';
import { Mailer } from './infra/mail.ts';
import { purgeAudit } from './modules/audit/audit.service.ts';
import { emailQueue, emailSender, startDeliveryWorkers } from './modules/notifications/outbox.service.ts';
import { setEmailAssetsBaseUrl } from './modules/notifications/templates.service.ts';
import { purgeRealtimeEvents } from './modules/notifications/events.service.ts';
import { smsQueue, smsSender } from './modules/notifications/sms.service.ts';
import { createSmsProvider } from './infra/sms.ts';
import { startGeocodeWorker } from './modules/clients/geocoder.ts';

/**
 * Starts every background worker and recurring job of this process: inside the app by default
 * (`WORKERS=in-app`), or alone with `npm run worker`. pg-boss hands each job to one worker across
 * all instances, and each cron occurrence runs once.
 */
export async function startWorkers(
  database: Database,
  config: Config,
  jobs: Jobs,
): Promise<{ stop(): void }> {
  const db = database.db;
  // Emails queued by recurring jobs reference the logo by the app's public address.
  setEmailAssetsBaseUrl(config.publicUrl);
  const mailer = config.smtpUrl ? new Mailer(config.smtpUrl, config.mailFrom, config.mailReturnPath) : null;
  await startDeliveryWorkers(db, jobs, emailQueue, emailSender(mailer));
  await startDeliveryWorkers(db, jobs, smsQueue, smsSender(createSmsProvider(config), config.smsSender));
  await startGeocodeWorker(db, jobs, config.geocoderUrl);
  await jobs.every('audit-purge', '30 3 * * *', async () => {
    await purgeAudit(db, config.auditRetentionDays);
  });
  // Real-time events stay 15 min for Last-Event-ID replays.
  await jobs.every('realtime-purge', '*/5 * * * *', () => purgeRealtimeEvents(db));
  return { stop: () => mailer?.close() };
}
