import { buildApp } from './app.ts';
import { loadConfig } from './infra/config.ts';
import { isEmpty, openDatabase } from './infra/db.ts';
import { Jobs } from './infra/jobs.ts';
import { Mailer } from './infra/mail.ts';
import { startEmailWorkers } from './modules/notifications/outbox.service.ts';
import { purgeAudit } from './modules/audit/audit.service.ts';
import { seedDemo, demoAccountsText } from './demo/seed.ts';

/** Reads config, opens the database (migrations run), seeds demo data when due, listens. */
async function main() {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const shouldSeed = config.demoSeed ?? (database.kind === 'pglite' && (await isEmpty(database.db)));
  if (shouldSeed) {
    const summary = await seedDemo(database.db);
    console.log(`Données de démonstration chargées : ${summary}.`);
  }
  const jobs = new Jobs(database, {
    retryDelaySeconds: config.jobRetryDelaySeconds,
    pollingIntervalSeconds: config.jobPollingSeconds,
  });
  await jobs.start();
  const mailer = config.smtpUrl ? new Mailer(config.smtpUrl, config.mailFrom, config.mailReturnPath) : null;
  await startEmailWorkers(database.db, jobs, mailer);
  const app = await buildApp({ db: database.db, database, config, jobs });
  await app.listen({ port: config.port, host: config.host });
  if (shouldSeed || database.kind === 'pglite') console.log(demoAccountsText(config.publicUrl));

  const purge = () =>
    purgeAudit(database.db, config.auditRetentionDays).catch((err) =>
      app.log.error({ err }, 'audit purge failed'),
    );
  await purge();
  const timer = setInterval(purge, 24 * 3_600_000);
  timer.unref();

  const stop = async (signal: string) => {
    app.log.info({ signal }, 'arrêt');
    clearInterval(timer);
    await app.close();
    await jobs.stop();
    mailer?.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
