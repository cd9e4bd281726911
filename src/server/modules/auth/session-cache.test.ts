import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { buildUser } from '../../test/factories.ts';
import { createTestApp, loginAs, Session, type TestApp, testBackend } from '../../test/harness.ts';
import { EventHub } from '../notifications/events.service.ts';

// Two app instances on one database, each with its own session cache and event hub: a change made
// through one (or straight in the database) ends or refreshes the cached sessions of the other.

let a: TestApp;
let close: () => Promise<void>;
let b: FastifyInstance;
let admin: Session;

beforeAll(async () => {
  a = await createTestApp({ workers: false });
  if (testBackend === 'postgresql') {
    // Another process would have its own pool and LISTEN connection.
    const other = await createTestApp({ workers: false, databaseUrl: a.database.url! });
    b = other.app;
    close = other.close;
  } else {
    // PGlite is embedded: the second instance shares it, with its own hub and cache.
    const events = new EventHub(a.database);
    await events.start();
    b = await buildApp({ db: a.database.db, database: a.database, config: a.config, jobs: a.jobs, events });
    await b.ready();
    close = async () => {
      await b.close();
      await events.stop();
    };
  }
  admin = await loginAs(a.app, 'admin@relais.test');
});
afterAll(async () => {
  await close?.();
  await a?.close();
});

/** The same browser session, sent to instance B. */
const onB = (s: Session) => new Session(b, s.cookie);

/** Instance B's answer to `/auth/me`, once it is `status` (the notice crosses the database). */
async function meOnB(s: Session, status: number) {
  for (let i = 0; ; i++) {
    const res = await onB(s).get('/api/v1/auth/me');
    if (res.statusCode === status || i === 100) return res;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A new user signed in on A, whose session B has read (and keeps). */
async function userSeenByB() {
  const user = await buildUser(admin, 'commercial');
  expect((await onB(user.session).get('/api/v1/auth/me')).statusCode).toBe(200);
  return user;
}

describe('session cache across instances', () => {
  it('keeps a session B read, then drops it when its user changes in the database', async () => {
    const user = await userSeenByB();
    // A change no trigger announces: B answers from its cache.
    await a.database.db.execute(
      sql`UPDATE sessions SET token_hash = 'gone-' || token_hash WHERE user_id = ${user.id}`,
    );
    expect((await onB(user.session).get('/api/v1/auth/me')).statusCode).toBe(200);
    // Any change of the user row is announced: B reads again, and finds no session.
    await a.database.db.execute(sql`UPDATE users SET name = name || ' bis' WHERE id = ${user.id}`);
    expect((await meOnB(user.session, 401)).statusCode).toBe(401);
  });

  it('ends on B the session logged out on A', async () => {
    const user = await userSeenByB();
    expect((await new Session(a.app, user.session.cookie).post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await meOnB(user.session, 401)).statusCode).toBe(401);
  });

  it('ends on B the sessions of a user whose password changed on A', async () => {
    const user = await userSeenByB();
    const other = await loginAs(a.app, user.email, 'cheval-agrafe-lune-pivoine-47');
    expect((await onB(other).get('/api/v1/auth/me')).statusCode).toBe(200);
    const res = await user.session.post('/api/v1/auth/password', {
      currentPassword: 'cheval-agrafe-lune-pivoine-47',
      newPassword: 'velours-ardoise-tilleul-93-orge',
    });
    expect(res.statusCode).toBe(204);
    expect((await meOnB(other, 401)).statusCode).toBe(401);
  });

  it('ends on B the sessions of a user disabled on A', async () => {
    const user = await userSeenByB();
    expect((await admin.patch(`/api/v1/users/${user.id}`, { disabled: true })).statusCode).toBe(200);
    expect((await meOnB(user.session, 401)).statusCode).toBe(401);
  });

  it('ends on B the sessions of a user whose role changed on A', async () => {
    const user = await userSeenByB();
    expect((await admin.patch(`/api/v1/users/${user.id}`, { role: 'support' })).statusCode).toBe(200);
    expect((await meOnB(user.session, 401)).statusCode).toBe(401);
  });

  it('shows on B a user renamed on A', async () => {
    const user = await userSeenByB();
    expect((await admin.patch(`/api/v1/users/${user.id}`, { name: 'Nom changé' })).statusCode).toBe(200);
    for (let i = 0; i < 100; i++) {
      const res = await onB(user.session).get('/api/v1/auth/me');
      if (res.json().user.name === 'Nom changé') return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('B still shows the old name');
  });
});
