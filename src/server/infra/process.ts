import type { Logger } from './logger.ts';

/**
 * Runs a long-lived process (`npm start`, `npm run worker`): `main` opens what it serves and says how
 * to close it; SIGINT or SIGTERM closes it and exits 0, a failure to start exits 1.
 */
export function runProcess(main: () => Promise<{ logger: Logger; close(): Promise<void> }>): void {
  main()
    .then(({ logger, close }) => {
      const stop = async (signal: string) => {
        logger.info({ signal }, 'arrêt');
        await close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
