import { buildApp } from './app.ts';
import { loadConfig } from './infra/config.ts';
import { isEmpty, openDatabase } from './infra/db.ts';
import { Jobs } from './infra/jobs.ts';
import { EventHub } from './modules/notifications/events.service.ts';
import { startWorkers } from './workers.ts';
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
  const workers = config.workers === 'in-app' ? await startWorkers(database, config, jobs) : null;
  const events = new EventHub(database);
  await events.start();
  const app = await buildApp({ db: database.db, database, config, jobs, events });
  await app.listen({ port: config.port, host: config.host });
  if (shouldSeed || database.kind === 'pglite') console.log(demoAccountsText(config.publicUrl));

  const stop = async (signal: string) => {
    app.log.info({ signal }, 'arrêt');
    await app.close();
    await events.stop();
    await jobs.stop();
    workers?.stop();
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
