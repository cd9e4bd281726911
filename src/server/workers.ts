import type { Config } from './infra/config.ts';
import type { Database } from './infra/db.ts';
import type { Jobs } from './infra/jobs.ts';
import { Mailer } from './infra/mail.ts';
import { purgeAudit } from './modules/audit/audit.service.ts';
import { startEmailWorkers } from './modules/notifications/outbox.service.ts';

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
  const mailer = config.smtpUrl ? new Mailer(config.smtpUrl, config.mailFrom, config.mailReturnPath) : null;
  await startEmailWorkers(db, jobs, mailer);
  await jobs.every('audit-purge', '30 3 * * *', async () => {
    await purgeAudit(db, config.auditRetentionDays);
  });
  return { stop: () => mailer?.close() };
}
