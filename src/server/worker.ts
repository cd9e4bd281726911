// `npm run worker`: the background workers alone, without the web server, to scale out on
// PostgreSQL (run the app with WORKERS=off, or keep both: each job still runs once).
import { databaseOptions, loadConfig } from './infra/config.ts';
import { openDatabase } from './infra/db.ts';
import { Jobs } from './infra/jobs.ts';
import { createLogger } from './infra/logger.ts';
import { runProcess } from './infra/process.ts';
import { startWorkers } from './workers.ts';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  if (!config.databaseUrl) {
    logger.fatal(
      'npm run worker demande une base PostgreSQL (DATABASE_URL) : la base embarquée ne sert qu’un seul processus, dont l’application lance déjà les tâches.',
    );
    process.exit(2);
  }
  const database = await openDatabase(databaseOptions(config));
  const jobs = new Jobs(database, {
    retryDelaySeconds: config.jobRetryDelaySeconds,
    pollingIntervalSeconds: config.jobPollingSeconds,
    logger,
  });
  await jobs.start();
  const workers = await startWorkers(database, config, jobs, logger);
  return {
    logger,
    async close() {
      await jobs.stop();
      workers.stop();
      await database.close();
    },
  };
}

runProcess(main);
