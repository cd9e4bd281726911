import type { EventHub } from '../notifications/events.service.ts';
import type { Session, User } from './auth.service.ts';

export type LiveSession = { session: Session; user: User };

const ttlMs = 5_000;
const maxEntries = 10_000;

/**
 * The sessions and users this instance read in the last few seconds, by token hash, so that a
 * request does not read them again. Database triggers NOTIFY every instance (`authChannel`,
 * through its `EventHub`) when a user changes or loses sessions (logout, password change,
 * disabling, role change); the user's entries are then dropped. While the hub does not listen,
 * nothing is served from the cache. Expiry and idleness are still checked on every request.
 */
export class SessionCache {
  private readonly entries = new Map<string, LiveSession & { at: number }>();
  /** Counts the changes heard: a row read before a change is not kept after it. */
  private generation = 0;

  /** Stops hearing the hub (the app closes). */
  readonly close: () => void;

  constructor(private readonly hub: Pick<EventHub, 'listening' | 'onAuthChange'> | null) {
    const off = hub?.onAuthChange((payload) => this.changed(payload));
    this.close = () => {
      off?.();
      this.entries.clear();
    };
  }

  get(tokenHash: string): LiveSession | null {
    const entry = this.entries.get(tokenHash);
    if (!entry) return null;
    if (!this.hub?.listening || performance.now() - entry.at > ttlMs) {
      this.entries.delete(tokenHash);
      return null;
    }
    return entry;
  }

  /** To call before reading a session from the database; pass its result to `set`. */
  begin(): number {
    return this.generation;
  }

  set(tokenHash: string, live: LiveSession, since: number): void {
    if (!this.hub?.listening || since !== this.generation) return;
    if (this.entries.size >= maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(tokenHash, { ...live, at: performance.now() });
  }

  /** Keeps the entry's age (its `lastSeenAt` was just written). */
  update(tokenHash: string, live: LiveSession): void {
    const entry = this.entries.get(tokenHash);
    if (entry) this.entries.set(tokenHash, { ...live, at: entry.at });
  }

  delete(tokenHash: string): void {
    this.entries.delete(tokenHash);
  }

  /** Forgets everything (a change made by this instance, before its notice comes back). */
  clear(): void {
    this.changed('*');
  }

  private changed(payload: string): void {
    this.generation++;
    if (!payload.startsWith('user:')) {
      this.entries.clear();
      return;
    }
    const userId = payload.slice(5);
    for (const [hash, entry] of this.entries) if (entry.user.id === userId) this.entries.delete(hash);
  }
}
