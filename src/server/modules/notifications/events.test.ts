import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type Session, type TestApp, testBackend } from '../../test/harness.ts';
import { clock } from '../../infra/clock.ts';
import { listEventsAfter, type PublishInput, publishEvent, purgeRealtimeEvents } from './events.service.ts';
import { eventOf, openEventStream, type SseStream } from './sse-client.ts';

let t: TestApp;
let base: string;
const streams: SseStream[] = [];

async function listen(app: TestApp['app']): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

async function stream(session: Session, lastEventId?: number, url = base): Promise<SseStream> {
  const s = await openEventStream(`${url}/api/v1/events`, { cookie: session.cookie, lastEventId });
  streams.push(s);
  return s;
}

const publish = (input: PublishInput, tx = t.database.db) => tx.transaction((x) => publishEvent(x, input));

const idsOf = (s: SseStream) => s.messages.filter((m) => m.id).map((m) => Number(m.id));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let partnerA: Session & { partnerId: string; userId: string };
let partnerB: Session & { partnerId: string; userId: string };
let commercial: Session & { userId: string };

beforeAll(async () => {
  t = await createTestApp({ workers: false });
  base = await listen(t.app);
  const me = async (email: string) => {
    const s = await loginAs(t.app, email);
    const u = (await s.get('/api/v1/auth/me')).json().user;
    return Object.assign(s, { userId: u.id as string, partnerId: u.partnerId as string });
  };
  partnerA = await me('partenaire@relais.test');
  partnerB = await me('partenaire2@relais.test');
  commercial = await me('commercial@relais.test');
});
afterAll(async () => {
  for (const s of streams) s.close();
  await t?.close();
});

describe('GET /api/v1/events (Server-Sent Events)', () => {
  it('answers an event stream that proxies and compression must not buffer', async () => {
    const s = await stream(commercial);
    expect(s.status).toBe(200);
    expect(s.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(s.headers.get('cache-control')).toContain('no-cache');
    expect(s.headers.get('x-accel-buffering')).toBe('no');
    expect(s.headers.get('content-encoding')).toBeNull();
    s.close();
  });

  it('refuses a request without a session', async () => {
    const res = await fetch(`${base}/api/v1/events`);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthenticated');
  });

  it('delivers a committed event and nothing of a rolled-back change', async () => {
    const s = await stream(commercial);
    await expect(
      t.database.db.transaction(async (tx) => {
        await publishEvent(tx, { type: 'test.rollback', payload: {}, userId: commercial.userId });
        throw new Error('la modification échoue');
      }),
    ).rejects.toThrow();
    const id = await publish({ type: 'test.commit', payload: { n: 1 }, userId: commercial.userId });
    const m = await s.next((x) => x.id === String(id));
    expect(eventOf(m)).toMatchObject({ id, type: 'test.commit', payload: { n: 1 } });
    await sleep(300);
    expect(s.messages.some((x) => eventOf(x).type === 'test.rollback')).toBe(false);
    s.close();
  });

  it('never carries another partner’s event to a partner', async () => {
    const a = await stream(partnerA);
    const b = await stream(partnerB);
    const staff = await stream(commercial);
    const published = {
      clientOfA: await publish({
        type: 'test.client',
        payload: { of: 'A' },
        module: 'clients',
        partnerId: partnerA.partnerId,
      }),
      clientOfB: await publish({
        type: 'test.client',
        payload: { of: 'B' },
        module: 'clients',
        partnerId: partnerB.partnerId,
      }),
      internalClient: await publish({ type: 'test.client', payload: { of: 'interne' }, module: 'clients' }),
      admin: await publish({ type: 'test.admin', payload: {}, module: 'administration' }),
      forUserA: await publish({ type: 'test.user', payload: {}, userId: partnerA.userId }),
      broadcastA: await publish({ type: 'test.any', payload: {}, partnerId: partnerA.partnerId }),
      broadcastAll: await publish({ type: 'test.any', payload: {} }),
    };
    // A real trigger: the admin gives a client of partner B a new account manager.
    const admin = await loginAs(t.app, 'admin@relais.test');
    const clientOfB = (await partnerB.get('/api/v1/clients?limit=1')).json().items[0];
    // An account manager is a user who may own clients (the demo's clients are the commercial's): ADV.
    const manager = (await admin.get('/api/v1/users?q=adv@')).json().items[0];
    const patched = await admin.patch(`/api/v1/clients/${clientOfB.id}`, { accountManagerId: manager.id });
    expect(patched.statusCode).toBe(200);
    const last = await publish({ type: 'test.end', payload: {} });
    await staff.next((m) => m.id === String(last));
    await b.next((m) => eventOf(m).type === 'client.assigned');
    await sleep(300);
    expect(idsOf(a)).toEqual([published.clientOfA, published.forUserA, published.broadcastA]);
    const bTypes = b.messages.map((m) => eventOf(m));
    expect(bTypes.map((e) => e.id)).toContain(published.clientOfB);
    expect(bTypes.some((e) => e.type === 'client.assigned' && e.payload.clientId === clientOfB.id)).toBe(
      true,
    );
    expect(idsOf(b)).not.toContain(published.clientOfA);
    expect(idsOf(b)).not.toContain(published.forUserA);
    expect(idsOf(b)).not.toContain(published.broadcastA);
    expect(idsOf(b)).not.toContain(published.internalClient);
    expect(idsOf(a).some((id) => bTypes.find((e) => e.id === id && e.type === 'client.assigned'))).toBe(
      false,
    );
    // Staff with all-rows scope see the client events, not the administration one (commercial).
    expect(idsOf(staff)).toEqual(
      expect.arrayContaining([
        published.clientOfA,
        published.clientOfB,
        published.internalClient,
        published.broadcastAll,
      ]),
    );
    expect(idsOf(staff)).not.toContain(published.admin);
    expect(idsOf(staff)).not.toContain(published.forUserA);
  });

  it('replays what was missed after Last-Event-ID, and only that', async () => {
    const first = await stream(commercial);
    const seen = await publish({ type: 'test.replay', payload: { n: 0 }, userId: commercial.userId });
    await first.next((m) => m.id === String(seen));
    first.close();
    const missed = [
      await publish({ type: 'test.replay', payload: { n: 1 }, userId: commercial.userId }),
      await publish({ type: 'test.replay', payload: { n: 2 }, userId: commercial.userId }),
    ];
    await publish({ type: 'test.replay', payload: { n: 3 }, userId: partnerA.userId });
    const again = await stream(commercial, seen);
    await again.next((m) => m.id === String(missed[1]));
    const live = await publish({ type: 'test.replay', payload: { n: 4 }, userId: commercial.userId });
    await again.next((m) => m.id === String(live));
    expect(idsOf(again)).toEqual([...missed, live]);
  });

  it('ends the stream when the session ends', async () => {
    t.events.heartbeatMs = 200;
    try {
      const session = await loginAs(t.app, 'support@relais.test');
      const s = await stream(session);
      await sleep(500);
      expect(s.comments).toContain('ping');
      expect((await session.post('/api/v1/auth/logout')).statusCode).toBe(204);
      await s.next((m) => m.event === 'session-ended', 5_000);
      await s.ended;
    } finally {
      t.events.heartbeatMs = 25_000;
    }
  });

  it('scopes a partner’s API token like the partner, and gives it no user events', async () => {
    const admin = await loginAs(t.app, 'admin@relais.test');
    const token = (
      await admin.post('/api/v1/api-tokens', {
        name: 'Intégration partenaire B',
        role: 'partenaire',
        partnerId: partnerB.partnerId,
      })
    ).json().token as string;
    const s = await openEventStream(`${base}/api/v1/events`, { bearer: token });
    streams.push(s);
    expect(s.status).toBe(200);
    const ofA = await publish({
      type: 'test.t',
      payload: {},
      module: 'clients',
      partnerId: partnerA.partnerId,
    });
    const forUser = await publish({ type: 'test.t', payload: {}, userId: partnerB.userId });
    const ofB = await publish({
      type: 'test.t',
      payload: {},
      module: 'clients',
      partnerId: partnerB.partnerId,
    });
    await s.next((m) => m.id === String(ofB));
    expect(idsOf(s)).not.toContain(ofA);
    expect(idsOf(s)).not.toContain(forUser);
    s.close();
  });

  it('keeps events replayable for 15 minutes, then the purge removes them', async () => {
    const old = await publish({ type: 'test.old', payload: {}, userId: commercial.userId });
    clock.advance(16 * 60_000);
    try {
      const recent = await publish({ type: 'test.recent', payload: {}, userId: commercial.userId });
      await purgeRealtimeEvents(t.database.db);
      const kept = (await listEventsAfter(t.database.db, old - 1)).map((e) => e.id);
      expect(kept).not.toContain(old);
      expect(kept).toContain(recent);
    } finally {
      clock.reset();
    }
  });
});

describe.skipIf(testBackend !== 'postgresql')('several app instances on one PostgreSQL database', () => {
  // Inherently PostgreSQL: the embedded database belongs to one process, so there is no second instance.
  let other: TestApp;
  let otherBase: string;
  beforeAll(async () => {
    other = await createTestApp({ databaseUrl: t.database.url, workers: false });
    otherBase = await listen(other.app);
  });
  afterAll(async () => {
    await other?.close();
  });

  it('delivers an event raised on instance A to an SSE client connected to instance B', async () => {
    const session = await loginAs(other.app, 'commercial@relais.test');
    const s = await stream(session, undefined, otherBase);
    const id = await publish({ type: 'test.fanout', payload: { from: 'A' }, userId: commercial.userId });
    const m = await s.next((x) => x.id === String(id), 2_000);
    expect(eventOf(m).payload).toEqual({ from: 'A' });
    // And a real trigger through instance A's API reaches the partner connected to B, not the other one.
    const onB = await loginAs(other.app, 'partenaire@relais.test');
    const otherPartnerOnB = await loginAs(other.app, 'partenaire2@relais.test');
    const a = await stream(onB, undefined, otherBase);
    const b2 = await stream(otherPartnerOnB, undefined, otherBase);
    const clientOfA = (await onB.get('/api/v1/clients?limit=1')).json().items[0];
    const admin = await loginAs(t.app, 'admin@relais.test');
    const users = (await admin.get('/api/v1/users?q=adv@')).json().items;
    const res = await admin.patch(`/api/v1/clients/${clientOfA.id}`, { accountManagerId: users[0].id });
    expect(res.statusCode).toBe(200);
    await a.next(
      (x) => eventOf(x).type === 'client.assigned' && eventOf(x).payload.clientId === clientOfA.id,
      5_000,
    );
    const end = await publish({ type: 'test.end', payload: {}, partnerId: partnerB.partnerId });
    await b2.next((x) => x.id === String(end), 5_000);
    expect(b2.messages.some((x) => eventOf(x).type === 'client.assigned')).toBe(false);
  });

  it('delivers an event whose transaction commits after a later one (a hole in the ids)', async () => {
    // Inherently PostgreSQL too: on PGlite transactions never interleave.
    const s = await stream(commercial);
    let releaseFirst!: () => void;
    const firstMayCommit = new Promise<void>((r) => (releaseFirst = r));
    let firstId = 0;
    const firstPublished = new Promise<void>((resolve, reject) => {
      t.database.db
        .transaction(async (tx) => {
          firstId = await publishEvent(tx, { type: 'test.slow', payload: {}, userId: commercial.userId });
          resolve();
          await firstMayCommit;
        })
        .catch(reject);
    });
    await firstPublished;
    const second = await publish({ type: 'test.fast', payload: {}, userId: commercial.userId });
    expect(second).toBeGreaterThan(firstId);
    await s.next((m) => m.id === String(second));
    releaseFirst();
    await s.next((m) => m.id === String(firstId), 5_000);
  });

  it('keeps delivering after its LISTEN connection drops', async () => {
    const session = await loginAs(other.app, 'commercial@relais.test');
    const s = await stream(session, undefined, otherBase);
    await other.events.dropListenerForTest();
    const id = await publish({ type: 'test.reconnect', payload: {}, userId: commercial.userId });
    await s.next((x) => x.id === String(id), 8_000);
  });
});
