import { useSyncExternalStore } from 'react';
import type {
  FieldIntervention,
  FieldOp,
  FieldOpKind,
  MyInterventionsOut,
} from '../../../shared/schemas/field.ts';
import { ApiError, uploadForm } from '../../app/api.ts';
import { fieldApi } from './api.ts';
import { enqueue, loadDays, pending, type QueuedOp, remove, saveDays } from './store.ts';

/**
 * The phone's offline engine: every action is queued in IndexedDB with the id the phone gives it,
 * applied at once to the local copy, and sent in order when the network is there (on start, when
 * `online` fires, and every 30 s). A network error or a 5xx keeps the operation for later; a 4xx
 * (refused by the server) is shown to the technician and dropped. The same id on a retry is
 * recognised by the server, which applies it once. A photo or a signature keeps its image as a Blob
 * in the queue and goes as a multipart form (the operation in `data`, the image in `file`).
 */
export type SyncError = { key: string; label: string; message: string };
export type FieldState = {
  userId: string | null;
  data: MyInterventionsOut | null;
  savedAt: string | null;
  loaded: boolean;
  online: boolean;
  pending: number;
  syncing: boolean;
  lastSyncAt: string | null;
  errors: SyncError[];
};

let state: FieldState = {
  userId: null,
  data: null,
  savedAt: null,
  loaded: false,
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  pending: 0,
  syncing: false,
  lastSyncAt: null,
  errors: [],
};
const listeners = new Set<() => void>();
function set(patch: Partial<FieldState>) {
  state = { ...state, ...patch };
  for (const l of listeners) l();
}
const subscribe = (fn: () => void) => {
  listeners.add(fn);
  return () => listeners.delete(fn);
};

export function useField(): FieldState {
  return useSyncExternalStore(subscribe, () => state);
}

export function findIntervention(s: FieldState, id: string): FieldIntervention | undefined {
  return s.data?.days.flatMap((d) => d.items).find((i) => i.id === id);
}

function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** What the server will do with an operation, done at once on the local copy. */
export function applyLocal(i: FieldIntervention, op: FieldOp, file?: Blob): FieldIntervention {
  switch (op.kind) {
    case 'en_route':
      return { ...i, status: 'en_route' };
    case 'check_in':
      return { ...i, status: 'sur_site', checkInAt: i.checkInAt ?? op.performedAt };
    case 'check_out':
      return {
        ...i,
        checkOutAt: op.performedAt,
        actualMinutes: op.payload?.actualMinutes ?? i.actualMinutes,
      };
    case 'report':
      return {
        ...i,
        report: op.payload.report,
        checklist: op.payload.checklist,
        parts: op.payload.parts,
        actualMinutes: op.payload.actualMinutes === undefined ? i.actualMinutes : op.payload.actualMinutes,
      };
    case 'photo':
      return {
        ...i,
        photos: [
          ...i.photos,
          {
            id: op.opId,
            filename: 'Photo en attente d’envoi',
            size: file?.size ?? 0,
            createdAt: op.performedAt,
          },
        ],
      };
    case 'signature':
      return {
        ...i,
        signature: {
          signedByName: op.payload.signerName,
          signedAt: op.performedAt,
          signedPlace: op.payload.place ?? null,
          fileId: null,
        },
      };
    case 'complete':
      return { ...i, status: 'terminee', checkOutAt: i.checkOutAt ?? op.performedAt };
    case 'fail':
      return { ...i, status: 'echouee', failureReason: op.payload.reason };
  }
}

function mapIntervention(
  data: MyInterventionsOut,
  id: string,
  fn: (i: FieldIntervention) => FieldIntervention,
): MyInterventionsOut {
  return {
    ...data,
    days: data.days.map((d) => ({ ...d, items: d.items.map((i) => (i.id === id ? fn(i) : i)) })),
  };
}

function withPending(data: MyInterventionsOut, ops: QueuedOp[]): MyInterventionsOut {
  let out = data;
  for (const q of ops) out = mapIntervention(out, q.interventionId, (i) => applyLocal(i, q.op, q.file));
  return out;
}

async function persist(data: MyInterventionsOut) {
  if (!state.userId) return;
  await saveDays(state.userId, data);
  set({ data, savedAt: new Date().toISOString() });
}

let started = false;
let timer: ReturnType<typeof setInterval> | undefined;

/** Loads the local copy at once, then syncs; listens to the network for the life of the page. */
export async function startField(userId: string): Promise<void> {
  if (state.userId !== userId) {
    const saved = await loadDays(userId).catch(() => null);
    const ops = await pending(userId).catch(() => []);
    set({
      userId,
      data: saved?.data ?? null,
      savedAt: saved?.savedAt ?? null,
      pending: ops.length,
      loaded: saved !== null,
      errors: [],
    });
  }
  if (!started) {
    started = true;
    window.addEventListener('online', () => {
      set({ online: true });
      void refresh();
    });
    window.addEventListener('offline', () => set({ online: false }));
    timer = setInterval(() => void refresh(), 30_000);
  }
  await refresh();
}

export function stopField() {
  if (timer) clearInterval(timer);
}

const isTemporary = (e: unknown) =>
  !(e instanceof ApiError) || e.status === 0 || e.status >= 500 || e.status === 429 || e.status === 401;

/** Sends the pending operations in order; stops at the first temporary failure. */
export async function flush(): Promise<void> {
  const userId = state.userId;
  if (!userId || state.syncing) return;
  set({ syncing: true });
  let refused = false;
  try {
    // The head of the queue each time: operations added while syncing are sent in the same run.
    for (;;) {
      const [head] = await pending(userId);
      if (!head) break;
      const q = upgraded(head);
      try {
        const res = await fieldApi.sendOp(q.interventionId, bodyOf(q));
        await remove(q.seq!);
        const rest = (await pending(userId)).filter((p) => p.interventionId === q.interventionId);
        if (state.data) {
          let data = mapIntervention(state.data, q.interventionId, () => res.intervention);
          data = withPending(data, rest);
          await persist(data);
        }
        set({ online: true, pending: (await pending(userId)).length, lastSyncAt: new Date().toISOString() });
      } catch (e) {
        if (isTemporary(e)) {
          if (e instanceof ApiError && e.status === 0) set({ online: false });
          return;
        }
        await remove(q.seq!);
        refused = true;
        const message = e instanceof Error ? e.message : 'Opération refusée.';
        set({
          pending: (await pending(userId)).length,
          errors: [...state.errors, { key: `${q.seq}`, label: q.label, message }],
        });
      }
    }
  } finally {
    set({ syncing: false });
  }
  if (refused) await fetchDays();
}

/** The request body of a queued operation: JSON, or a form with its image. */
function bodyOf(q: QueuedOp): FieldOp | FormData {
  if (!q.file) return q.op;
  const name = q.op.kind === 'photo' ? `photo.${q.file.type.split('/')[1] ?? 'jpeg'}` : 'signature.png';
  return uploadForm(q.op, 'file', [new File([q.file], name, { type: q.file.type })]);
}

/**
 * An operation queued by an earlier version of the app, its image in base64 inside the JSON
 * (`dataBase64`, `pngBase64`): the same operation and id, with the image as a Blob.
 */
function upgraded(q: QueuedOp): QueuedOp {
  const { dataBase64, pngBase64, ...payload } = (q.op.payload ?? {}) as Record<string, unknown>;
  const b64 = dataBase64 ?? pngBase64;
  if (q.file || typeof b64 !== 'string') return q;
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const type = q.op.kind === 'photo' ? String(payload.mimeType) : 'image/png';
  return { ...q, op: { ...q.op, payload } as FieldOp, file: new Blob([bytes], { type }) };
}

/** Fetches the day from the server (pending operations applied on top) and keeps it. */
async function fetchDays(): Promise<void> {
  const userId = state.userId;
  if (!userId) return;
  try {
    const fresh = await fieldApi.myDays();
    await persist(withPending(fresh, await pending(userId)));
    set({ loaded: true, online: true, lastSyncAt: new Date().toISOString() });
  } catch (e) {
    if (e instanceof ApiError && e.status === 0) set({ online: false });
    set({ loaded: true });
  }
}

export async function refresh(): Promise<void> {
  if (!state.userId) return;
  await flush();
  if (state.pending === 0 || state.online) await fetchDays();
}

/** A technician's action: queued with a new id, applied locally, sent when possible. */
export async function perform<K extends FieldOpKind>(
  interventionId: string,
  kind: K,
  payload: Extract<FieldOp, { kind: K }>['payload'],
  label: string,
  file?: Blob,
): Promise<void> {
  const userId = state.userId;
  if (!userId) return;
  const op = {
    opId: uuid(),
    kind,
    performedAt: new Date().toISOString(),
    ...(payload ? { payload } : {}),
  } as FieldOp;
  await enqueue({ userId, interventionId, op, label, ...(file ? { file } : {}) });
  if (state.data) await persist(mapIntervention(state.data, interventionId, (i) => applyLocal(i, op, file)));
  set({ pending: (await pending(userId)).length });
  void flush();
}

export function dismissError(key: string) {
  set({ errors: state.errors.filter((e) => e.key !== key) });
}
