import { and, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import pg from 'pg';
import type { Module } from '../../../shared/permissions.ts';
import { apiTokens, realtimeEvents, sessions, users } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { Database, Db } from '../../infra/db.ts';
import { type Logger, silentLogger } from '../../infra/logger.ts';
import type { Actor, Policy } from '../../policy/policy.ts';

/** The NOTIFY channel: its payload is the id of the committed realtime_events row. */
export const eventsChannel = 'relais_events';
/**
 * The NOTIFY channel of sign-in changes, sent by database triggers (migration 0018): `user:<id>`
 * when a user row changes (password, role, disabling…) or its sessions are deleted. Every instance
 * drops what its session cache holds for that user; `*` (sent here when the LISTEN connection
 * drops or comes back) drops everything.
 */
export const authChannel = 'relais_auth';
/** How long events stay replayable for a reconnecting client (Last-Event-ID). */
export const eventRetentionMs = 15 * 60_000;

export type RealtimeEvent = typeof realtimeEvents.$inferSelect;

export type PublishInput = {
  type: string;
  payload: Record<string, unknown>;
  /** Receivers need read access to this module; without it, any authenticated user (see `canReceive`). */
  module?: Module | null;
  partnerId?: string | null;
  clientId?: string | null;
  /** Only this user receives it. */
  userId?: string | null;
};

/**
 * Publishes a real-time event in the caller's transaction: the row is visible, and the NOTIFY that
 * wakes every app instance is delivered, only when the change commits. A rollback publishes nothing.
 */
export async function publishEvent(tx: Db, input: PublishInput): Promise<number> {
  const [row] = await tx
    .insert(realtimeEvents)
    .values({
      type: input.type,
      payload: input.payload,
      module: input.module ?? null,
      partnerId: input.partnerId ?? null,
      clientId: input.clientId ?? null,
      userId: input.userId ?? null,
      createdAt: clock.now(),
    })
    .returning({ id: realtimeEvents.id });
  await tx.execute(sql`SELECT pg_notify(${eventsChannel}, ${String(row!.id)})`);
  return row!.id;
}

/**
 * Whether `actor` may receive `ev`: a user event only reaches that user; a module event needs read
 * access to the module and the row in the actor's scope (a partner: its own partnerId only); an
 * event without module reaches staff, and a partner only when it carries that partner's id.
 */
export function canReceive(actor: Actor, policy: Policy, ev: RealtimeEvent): boolean {
  if (ev.userId && ev.userId !== actor.userId) return false;
  if (ev.module) {
    const module = ev.module as Module;
    if (!policy.can(module, 'read')) return false;
    if (policy.scopeFor(module).kind !== 'all') {
      // Only the partner scope can be decided from an event; other own-scopes see no module event.
      if (!policy.sees(module, { partnerId: ev.partnerId })) return false;
    }
    return true;
  }
  if (actor.partnerId && ev.partnerId !== actor.partnerId && !ev.userId) return false;
  return true;
}

/** Rows published after `afterId` and still kept, oldest first (the replay of a reconnecting client). */
export async function listEventsAfter(db: Db, afterId: number, limit = 1000): Promise<RealtimeEvent[]> {
  return db
    .select()
    .from(realtimeEvents)
    .where(gt(realtimeEvents.id, afterId))
    .orderBy(realtimeEvents.id)
    .limit(limit);
}

/** Deletes events past the replay window (recurring job). */
export async function purgeRealtimeEvents(db: Db, olderThanMs = eventRetentionMs): Promise<void> {
  await db
    .delete(realtimeEvents)
    .where(lt(realtimeEvents.createdAt, new Date(clock.now().getTime() - olderThanMs)));
}

/** The highest id published so far (0 when none). */
export async function lastEventId(db: Db): Promise<number> {
  const [row] = await db
    .select({ id: sql<number>`coalesce(max(${realtimeEvents.id}), 0)::int8` })
    .from(realtimeEvents);
  return Number(row?.id ?? 0);
}

/**
 * Whether the session (or API token) behind a stream is still alive: not deleted (logout, password
 * or role change), not past its absolute or idle timeout, user not disabled. Read-only: an open
 * stream does not count as activity, so an idle tab still times out.
 */
export async function isStreamAuthAlive(
  db: Db,
  who: { sessionId: string | null; tokenId: string | null },
  idleMs: number,
): Promise<boolean> {
  const now = clock.now();
  if (who.sessionId) {
    const [row] = await db
      .select({
        expiresAt: sessions.expiresAt,
        lastSeenAt: sessions.lastSeenAt,
        disabledAt: users.disabledAt,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.id, who.sessionId));
    if (!row || row.disabledAt) return false;
    return row.expiresAt.getTime() > now.getTime() && now.getTime() - row.lastSeenAt.getTime() <= idleMs;
  }
  if (who.tokenId) {
    const [row] = await db
      .select({ id: apiTokens.id })
      .from(apiTokens)
      .where(and(eq(apiTokens.id, who.tokenId), isNull(apiTokens.revokedAt)));
    return Boolean(row);
  }
  return false;
}

export type EventListener = (ev: RealtimeEvent) => void;

/** How long a hole in the ids (a transaction still open, or rolled back) is watched for a late commit. */
const gapWatchMs = 60_000;
const maxGaps = 2_000;

/**
 * The events of this app process: learns of new rows through LISTEN/NOTIFY (a dedicated pg client on
 * PostgreSQL, reconnected when dropped; `pglite.listen` on the embedded database), with a slow poll
 * as a floor, reads the rows by id and hands each to the subscribers (the open SSE streams).
 *
 * Ids come from a sequence, so a transaction that commits after a later one leaves a hole for a
 * moment: holes are remembered and read again until filled or `gapWatchMs` old.
 */
export class EventHub {
  private readonly listeners = new Set<EventListener>();
  private readonly authListeners = new Set<(payload: string) => void>();
  private unlistenAuth: (() => Promise<void>) | null = null;
  private last = 0;
  private readonly gaps = new Map<number, number>();
  private running = false;
  private fetching: Promise<void> | null = null;
  private again = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private client: pg.Client | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  /** Heartbeat comment interval of the SSE streams (and session re-check). */
  heartbeatMs = 25_000;
  /** Milliseconds between the last event's commit-time row and its dispatch here (metrics). */
  lastLagMs = 0;
  private readonly log: Logger;

  constructor(
    private readonly database: Database,
    private readonly options: { pollMs?: number; logger?: Logger } = {},
  ) {
    this.log = (options.logger ?? silentLogger).child({ component: 'events' });
  }

  /** Whether the hub hears new events: started and, on PostgreSQL, its LISTEN connection is up. */
  get listening(): boolean {
    return this.running && (this.database.kind === 'pglite' || this.client !== null);
  }

  get db(): Db {
    return this.database.db;
  }

  /** The last id this hub has read: a new stream without Last-Event-ID starts after it. */
  get position(): number {
    return this.last;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.last = await lastEventId(this.db);
    if (this.database.kind === 'pglite') {
      this.unlisten = await this.database.pglite!.listen(eventsChannel, () => this.wake());
      this.unlistenAuth = await this.database.pglite!.listen(authChannel, (p) => this.authChanged(p));
    } else {
      await this.connectListener();
    }
    const pollMs = this.options.pollMs ?? (this.database.kind === 'pglite' ? 2_000 : 5_000);
    this.pollTimer = setInterval(() => this.wake(), pollMs);
    this.pollTimer.unref();
  }

  private async connectListener(): Promise<void> {
    const client = new pg.Client({ connectionString: this.database.url });
    client.on('notification', (msg) => {
      if (msg.channel === authChannel) this.authChanged(msg.payload ?? '*');
      else void this.wake();
    });
    const dropped = () => {
      if (this.client !== client) return;
      this.client = null;
      // Sign-in changes may be missed until the next LISTEN: the session caches start again empty.
      this.authChanged('*');
      client.end().catch(() => {});
      this.scheduleReconnect();
    };
    client.on('error', dropped);
    client.on('end', dropped);
    try {
      await client.connect();
      await client.query(`LISTEN ${eventsChannel}; LISTEN ${authChannel}`);
      this.client = client;
      this.authChanged('*');
      if (!this.running) {
        this.client = null;
        await client.end();
        return;
      }
      // Catch up with what was published while no one listened.
      this.wake();
    } catch (err) {
      client.removeAllListeners('end');
      client.end().catch(() => {});
      if (!this.running) return;
      this.log.error({ err }, 'LISTEN impossible, nouvel essai');
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (!this.running || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connectListener();
    }, 1_000);
    this.reconnectTimer.unref();
  }

  /** For tests: drops the LISTEN connection as a network failure would. */
  async dropListenerForTest(): Promise<void> {
    const c = this.client;
    if (c) {
      await c.end();
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Hears every sign-in change (`authChannel`) this hub receives; returns the unsubscribe. */
  onAuthChange(listener: (payload: string) => void): () => void {
    this.authListeners.add(listener);
    return () => this.authListeners.delete(listener);
  }

  private authChanged(payload: string): void {
    for (const l of this.authListeners) l(payload);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  /** Reads new rows now (coalesces concurrent calls); resolves when they have been dispatched. */
  wake(): Promise<void> {
    if (!this.running) return Promise.resolve();
    if (this.fetching) {
      this.again = true;
      return this.fetching;
    }
    this.fetching = (async () => {
      try {
        do {
          this.again = false;
          await this.fetchOnce();
        } while (this.again && this.running);
      } catch (err) {
        if (this.running) this.log.error({ err }, 'lecture des événements en erreur');
      } finally {
        this.fetching = null;
      }
    })();
    return this.fetching;
  }

  private async fetchOnce(): Promise<void> {
    const now = Date.now();
    for (const [id, since] of this.gaps) if (now - since > gapWatchMs) this.gaps.delete(id);
    const gapIds = [...this.gaps.keys()];
    const rows = await this.db
      .select()
      .from(realtimeEvents)
      .where(
        gapIds.length > 0
          ? or(gt(realtimeEvents.id, this.last), inArray(realtimeEvents.id, gapIds))
          : gt(realtimeEvents.id, this.last),
      )
      .orderBy(realtimeEvents.id)
      .limit(1000);
    for (const row of rows) {
      if (row.id <= this.last) {
        if (!this.gaps.delete(row.id)) continue;
      } else {
        for (let id = this.last + 1; id < row.id && this.gaps.size < maxGaps; id++) this.gaps.set(id, now);
        this.last = row.id;
        this.lastLagMs = Math.max(0, Date.now() - row.createdAt.getTime());
      }
      for (const l of this.listeners) {
        try {
          l(row);
        } catch (err) {
          this.log.error({ err, eventType: row.type }, 'abonné en erreur');
        }
      }
    }
    if (rows.length === 1000) this.again = true;
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.pollTimer = this.reconnectTimer = null;
    await this.fetching?.catch(() => {});
    if (this.unlisten) await this.unlisten().catch(() => {});
    if (this.unlistenAuth) await this.unlistenAuth().catch(() => {});
    this.unlisten = this.unlistenAuth = null;
    this.authChanged('*');
    const c = this.client;
    this.client = null;
    if (c) await c.end().catch(() => {});
    this.listeners.clear();
    this.authListeners.clear();
  }
}
