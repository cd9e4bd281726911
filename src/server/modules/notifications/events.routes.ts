import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from '../../../shared/zod.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { getMatrix } from '../../policy/matrix.service.ts';
import { Policy } from '../../policy/policy.ts';
import { canReceive, isStreamAuthAlive, listEventsAfter, type RealtimeEvent } from './events.service.ts';

const route = routeOptions('Temps réel');
/** A client that does not read its stream is cut off past this much unsent data (it reconnects). */
const maxBufferedBytes = 1024 * 1024;

/** What each `data:` line of the stream carries. */
export function eventData(ev: RealtimeEvent) {
  return { id: ev.id, type: ev.type, payload: ev.payload, createdAt: ev.createdAt.toISOString() };
}

function lastEventIdOf(header: string | string[] | undefined, query: number | undefined): number | null {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw !== undefined && /^\d{1,15}$/.test(raw.trim())) return Number(raw.trim());
  return query ?? null;
}

/**
 * GET /api/v1/events: one Server-Sent Events stream per signed-in user (session cookie or bearer
 * token). Each event is filtered by the receiver's rights and scope; `id:` is the event's row id,
 * so a reconnect with `Last-Event-ID` replays what was missed while the rows are kept (15 min).
 * A comment every `heartbeatMs` keeps proxies from closing the stream; the session is checked at
 * the same pace and the stream ends with it.
 */
export const eventRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config, events: hub } = app.deps;
  const open = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
    open.clear();
  });

  app.get(
    '/events',
    route('authenticated', 'Flux d’événements en temps réel (Server-Sent Events, text/event-stream)', {
      description:
        'Chaque événement porte `id:` (à renvoyer dans l’en-tête Last-Event-ID à la reconnexion) et `data:` ({"id","type","payload","createdAt"}). Seuls les événements que l’utilisateur a le droit de voir sont transmis.',
      querystring: z.strictObject({ lastEventId: z.coerce.number().int().min(0).optional() }),
    }),
    async (req, reply) => {
      const ctx = ctxOf(req);
      const { actor } = ctx;
      let policy = ctx.policy;
      const replayFrom = lastEventIdOf(req.headers['last-event-id'], req.query.lastEventId);

      reply.hijack();
      const res = reply.raw;
      const headers: Record<string, string | number | string[]> = {};
      for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) headers[k] = v;
      res.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
        'x-request-id': req.id,
      });
      res.socket?.setNoDelay(true);
      res.socket?.setKeepAlive(true);
      open.add(res);

      let closed = false;
      const sent = new Set<number>();
      const write = (chunk: string) => {
        if (closed) return;
        res.write(chunk);
        if (res.writableLength > maxBufferedBytes) end();
      };
      const send = (ev: RealtimeEvent) => {
        if (sent.has(ev.id) || !canReceive(actor, policy, ev)) return;
        sent.add(ev.id);
        if (sent.size > 5000) sent.delete(sent.values().next().value!);
        write(`id: ${ev.id}\ndata: ${JSON.stringify(eventData(ev))}\n\n`);
      };

      // Live events wait while the replay is read, so that nothing slips between the two.
      let pending: RealtimeEvent[] | null = [];
      const unsubscribe = hub.subscribe((ev) => {
        if (pending) pending.push(ev);
        else if (ev.id > (replayFrom ?? 0)) send(ev);
      });
      const heartbeat = setInterval(() => void check(), hub.heartbeatMs);
      function end() {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
        res.end();
      }
      req.raw.on('close', end);
      res.on('error', end);

      async function check() {
        try {
          if (
            !(await isStreamAuthAlive(
              db,
              { sessionId: ctx.sessionId, tokenId: actor.tokenId },
              config.sessionIdleMs,
            ))
          ) {
            write('event: session-ended\ndata: {}\n\n');
            end();
            return;
          }
          // A change of the rights matrix applies to open streams too.
          policy = new Policy(actor, await getMatrix(db));
          write(': ping\n\n');
        } catch {
          end();
        }
      }

      write('retry: 3000\n: connecté\n\n');
      try {
        if (replayFrom !== null) {
          for (const ev of await listEventsAfter(db, replayFrom)) send(ev);
        }
      } finally {
        const waiting = pending ?? [];
        pending = null;
        for (const ev of waiting) if (replayFrom === null || ev.id > replayFrom) send(ev);
      }
    },
  );
};
