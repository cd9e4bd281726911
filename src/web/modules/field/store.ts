import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { FieldOp, MyInterventionsOut } from '../../../shared/schemas/field.ts';

/**
 * What the phone keeps in IndexedDB: the last copy of the day's interventions (with the pending
 * operations already applied to it) and the queue of operations not yet accepted by the server, in
 * the order the technician did them, with their images as Blobs. Keyed by user, so a shared phone never shows someone else's.
 */
export type QueuedOp = {
  seq?: number;
  userId: string;
  interventionId: string;
  op: FieldOp;
  label: string;
  /** The image of a photo or a signature, kept as a Blob until the server has it. */
  file?: Blob;
};

interface FieldDb extends DBSchema {
  days: { key: string; value: { userId: string; data: MyInterventionsOut; savedAt: string } };
  queue: { key: number; value: QueuedOp; indexes: { byUser: string } };
}

let dbPromise: Promise<IDBPDatabase<FieldDb>> | null = null;
function db() {
  dbPromise ??= openDB<FieldDb>('relais-terrain', 1, {
    upgrade(d) {
      d.createObjectStore('days', { keyPath: 'userId' });
      const q = d.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true });
      q.createIndex('byUser', 'userId');
    },
  });
  return dbPromise;
}

export async function saveDays(userId: string, data: MyInterventionsOut): Promise<void> {
  await (await db()).put('days', { userId, data, savedAt: new Date().toISOString() });
}

export async function loadDays(
  userId: string,
): Promise<{ data: MyInterventionsOut; savedAt: string } | null> {
  return (await (await db()).get('days', userId)) ?? null;
}

export async function enqueue(op: QueuedOp): Promise<void> {
  await (await db()).add('queue', op);
}

/** The user's pending operations, oldest first. */
export async function pending(userId: string): Promise<QueuedOp[]> {
  const all = await (await db()).getAllFromIndex('queue', 'byUser', userId);
  return all.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
}

/** Forgets the user's copy of the day (at logout); his pending operations stay to be sent later. */
export async function forgetDays(userId: string): Promise<number> {
  const d = await db();
  await d.delete('days', userId);
  return d.countFromIndex('queue', 'byUser', userId);
}

export async function remove(seq: number): Promise<void> {
  await (await db()).delete('queue', seq);
}
