import { buildApp } from './app.ts';
import { databaseOptions, loadConfig } from './infra/config.ts';
import { isEmpty, openDatabase } from './infra/db.ts';
import { Jobs } from './infra/jobs.ts';
import { createLogger } from './infra/logger.ts';
import { runProcess } from './infra/process.ts';
import { EventHub } from './modules/notifications/events.service.ts';
import { startWorkers } from './workers.ts';
import { seedDemo, demoAccountsText } from './demo/seed.ts';

/**
 * Reads config, opens the database (migrations run), seeds demo data when due, listens. One
 * structured logger (JSON lines on stdout) serves the app, the job queue, the event hub and workers.
 */
async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(databaseOptions(config));
  const shouldSeed = config.demoSeed ?? (database.kind === 'pglite' && (await isEmpty(database.db)));
  if (shouldSeed) {
    const summary = await seedDemo(database.db);
    logger.info(`Données de démonstration chargées : ${summary}.`);
  }
  const jobs = new Jobs(database, {
    retryDelaySeconds: config.jobRetryDelaySeconds,
    pollingIntervalSeconds: config.jobPollingSeconds,
    logger,
  });
  await jobs.start();
  const workers = config.workers === 'in-app' ? await startWorkers(database, config, jobs, logger) : null;
  const events = new EventHub(database, { logger });
  await events.start();
  const app = await buildApp({ db: database.db, database, config, jobs, events, logger });
  await app.listen({ port: config.port, host: config.host });
  // The demo accounts and their shared password are shown once, right after they were created.
  if (shouldSeed) console.log(demoAccountsText(config.publicUrl));
  else logger.info(`Relais est prêt : ${config.publicUrl}`);

  return {
    logger,
    async close() {
      await app.close();
      await events.stop();
      await jobs.stop();
      workers?.stop();
      await database.close();
    },
  };
}

runProcess(main);
