import { LogController } from 'fastify';
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * The process's one structured logger (pino, JSON lines on stdout): Fastify's request logger, the
 * job queue, the event hub and the workers all write through it or a child of it
 * (`logger.child({ component: 'jobs' })`). Secrets never reach a log line.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          '*.password',
          '*.token',
        ],
        censor: '[masqué]',
      },
    },
    destination,
  );
}

/** A logger that writes nothing (tests and tools that build their own pieces). */
export const silentLogger: Logger = pino({ level: 'silent' });

/**
 * Request lines at `debug` (free at the default `info`: pino drops them before formatting),
 * failures and 5xx at `error`; the rest of Fastify's lines unchanged.
 */
export class RequestLogController extends LogController {
  override incomingRequest(...[request]: Parameters<LogController['incomingRequest']>): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(...[error, , reply]: Parameters<LogController['requestCompleted']>): void {
    if (error || reply.statusCode >= 500) {
      reply.log.error(
        { res: reply, err: error ?? undefined, responseTime: reply.elapsedTime },
        'request failed',
      );
    } else {
      reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed');
    }
  }

  override routeNotFound(...[request]: Parameters<LogController['routeNotFound']>): void {
    request.log.debug({ url: request.raw.url, method: request.raw.method }, 'route not found');
  }
}
