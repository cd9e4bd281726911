import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications, outboundMessages } from '../../db/schema/index.ts';
import { createTestApp, loginAs, type Session, type TestApp, until } from '../../test/harness.ts';
import { smtpReceiver } from '../../test/smtp.ts';
import { notifyUsers } from './inbox.service.ts';
import { markDead, queueEmail } from './outbox.service.ts';
import { eventOf, openEventStream } from './sse-client.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const smtp = smtpReceiver();
let t: TestApp;
type User = Session & { userId: string };
let admin: User;
let commercial: User;
let support: User;
let adv: User;

async function as(email: string): Promise<User> {
  const s = await loginAs(t.app, email);
  return Object.assign(s, { userId: (await s.get('/api/v1/auth/me')).json().user.id as string });
}

const notify = (key: string, userIds: string[], title = 'Un client vous est attribué') =>
  t.database.db.transaction((tx) =>
    notifyUsers(tx, t.jobs, {
      type: 'client.assigned',
      userIds,
      title,
      body: 'Pour tester',
      link: '/clients/00000000-0000-4000-8000-000000000000',
      idempotencyKey: key,
    }),
  );

const rowsOf = (userId: string, key: string) =>
  t.database.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.idempotencyKey, key)));

beforeAll(async () => {
  const port = await smtp.listen();
  t = await createTestApp({ config: { smtpUrl: `smtp://127.0.0.1:${port}`, jobRetryDelaySeconds: 1 } });
  admin = await as('admin@relais.test');
  commercial = await as('commercial@relais.test');
  support = await as('support@relais.test');
  adv = await as('adv@relais.test');
});
afterAll(async () => {
  await t?.close();
  await smtp.close();
});

describe('notification preferences', () => {
  it('lists every type with its French label and the defaults: in the app, no email', async () => {
    const res = await support.get('/api/v1/notification-preferences');
    expect(res.statusCode).toBe(200);
    const assigned = res.json().items.find((i: { type: string }) => i.type === 'client.assigned');
    // Administrators' alerts are offered only to those who may read Administration.
    expect(res.json().items.some((i: { type: string }) => i.type === 'outbox.dead')).toBe(false);
    expect(assigned).toMatchObject({
      label: 'Client attribué',
      inApp: true,
      email: false,
      emailAllowed: true,
    });
  });

  it('saves one user’s choices without touching another’s, and refuses an unknown type', async () => {
    const saved = await support.put('/api/v1/notification-preferences', {
      items: [{ type: 'client.assigned', inApp: true, email: true }],
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().items.find((i: { type: string }) => i.type === 'client.assigned').email).toBe(true);
    const other = (await commercial.get('/api/v1/notification-preferences')).json().items;
    expect(other.find((i: { type: string }) => i.type === 'client.assigned').email).toBe(false);
    const bad = await support.put('/api/v1/notification-preferences', {
      items: [{ type: 'inconnu', inApp: true, email: true }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toContain('type');
  });

  it('never emails a type that does not offer email (outbox.dead)', async () => {
    const res = await admin.put('/api/v1/notification-preferences', {
      items: [{ type: 'outbox.dead', inApp: true, email: true }],
    });
    expect(res.json().items.find((i: { type: string }) => i.type === 'outbox.dead').email).toBe(false);
  });
});

describe('notifyUsers', () => {
  it('honours each user’s preferences: in-app only, email too, or email only', async () => {
    // support: in-app + email (saved above); adv: email only; commercial: defaults (in-app only).
    await adv.put('/api/v1/notification-preferences', {
      items: [{ type: 'client.assigned', inApp: false, email: true }],
    });
    const created = await notify('test:prefs', [support.userId, adv.userId, commercial.userId]);
    expect(created).toBe(2);
    expect(await rowsOf(support.userId, 'test:prefs')).toHaveLength(1);
    expect(await rowsOf(commercial.userId, 'test:prefs')).toHaveLength(1);
    expect(await rowsOf(adv.userId, 'test:prefs')).toHaveLength(0);
    const mail = await until(() => smtp.received.find((m) => m.to === 'support@relais.test'));
    expect(mail.raw).toMatch(/^Subject: /m);
    expect(mail.raw).toContain('Pour tester');
    expect(mail.raw.replace(/=\r\n/g, '')).toContain('/clients/00000000-0000-4000-8000-000000000000');
    await until(() => smtp.received.find((m) => m.to === 'adv@relais.test'));
    await sleep(1500);
    expect(smtp.received.some((m) => m.to === 'commercial@relais.test')).toBe(false);
  });

  it('notifies (and emails) once when the same trigger fires twice', async () => {
    expect(await notify('test:twice', [support.userId])).toBe(1);
    expect(await notify('test:twice', [support.userId])).toBe(0);
    expect(await rowsOf(support.userId, 'test:twice')).toHaveLength(1);
    await until(() => smtp.received.find((m) => m.to === 'support@relais.test' && m.raw.includes('test')));
    await sleep(1500);
    const emails = await t.database.db
      .select()
      .from(outboundMessages)
      .where(eq(outboundMessages.idempotencyKey, `notif:test:twice:${support.userId}`));
    expect(emails).toHaveLength(1);
  });

  it('leaves nothing when the change rolls back', async () => {
    await expect(
      t.database.db.transaction(async (tx) => {
        await notifyUsers(tx, t.jobs, {
          type: 'client.assigned',
          userIds: [commercial.userId],
          title: 'Annulé',
          idempotencyKey: 'test:rollback',
        });
        throw new Error('la modification échoue');
      }),
    ).rejects.toThrow();
    expect(await rowsOf(commercial.userId, 'test:rollback')).toHaveLength(0);
  });
});

describe('GET /api/v1/notifications and marking read', () => {
  it('shows each user only their own notifications, newest first, with the unread count', async () => {
    await notify('test:mine-1', [commercial.userId], 'Premier');
    await notify('test:mine-2', [commercial.userId], 'Second');
    await notify('test:theirs', [support.userId], 'Pour le support');
    const mine = (await commercial.get('/api/v1/notifications?limit=2')).json();
    expect(mine.items.map((n: { title: string }) => n.title)).toEqual(['Second', 'Premier']);
    expect(mine.unreadCount).toBeGreaterThanOrEqual(3);
    expect(mine.nextCursor).not.toBeNull();
    const all = (await commercial.get('/api/v1/notifications?limit=100')).json().items;
    expect(all.some((n: { title: string }) => n.title === 'Pour le support')).toBe(false);
    const next = (await commercial.get(`/api/v1/notifications?limit=2&cursor=${mine.nextCursor}`)).json();
    expect(next.items[0].title).not.toBe('Premier');
  });

  it('marks one read (404 for another user’s), then all read', async () => {
    const theirs = (await support.get('/api/v1/notifications')).json().items[0];
    expect((await commercial.post(`/api/v1/notifications/${theirs.id}/read`)).statusCode).toBe(404);
    expect((await support.get(`/api/v1/notifications`)).json().items[0].readAt).toBeNull();

    const before = (await commercial.get('/api/v1/notifications')).json();
    const read = await commercial.post(`/api/v1/notifications/${before.items[0].id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    const after = (await commercial.get('/api/v1/notifications')).json();
    expect(after.unreadCount).toBe(before.unreadCount - 1);
    expect((await commercial.get('/api/v1/notifications?unread=true')).json().items).toHaveLength(
      Math.min(after.unreadCount, 20),
    );

    const all = await commercial.post('/api/v1/notifications/read-all');
    expect(all.json()).toEqual({ unreadCount: 0 });
    expect((await support.get('/api/v1/notifications')).json().unreadCount).toBeGreaterThan(0);
  });

  it('refuses an API token: notifications belong to a person', async () => {
    const token = (await admin.post('/api/v1/api-tokens', { name: 'Intégration', role: 'support' })).json()
      .token as string;
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/notifications',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('real triggers', () => {
  it('notifies the account manager a client is assigned to, live and in the list', async () => {
    // The manager must be a user who may own clients (commercial, ADV, admin; the demo's clients
    // are the commercial's): ADV, who asks for the app and the email.
    const prefs = await adv.put('/api/v1/notification-preferences', {
      items: [{ type: 'client.assigned', inApp: true, email: true }],
    });
    expect(prefs.statusCode).toBe(200);
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const stream = await openEventStream(`${address}/api/v1/events`, { cookie: adv.cookie });
    try {
      const client = (await admin.get('/api/v1/clients?limit=1')).json().items[0];
      const res = await admin.patch(`/api/v1/clients/${client.id}`, { accountManagerId: adv.userId });
      expect(res.statusCode).toBe(200);
      expect(res.json().accountManagerId).toBe(adv.userId);
      const live = await stream.next((m) => eventOf(m).type === 'notification.created');
      const payload = eventOf(live).payload as { notification: { title: string; link: string } };
      expect(payload.notification.title).toBe(`Client attribué : ${client.name}`);
      expect(payload.notification.link).toBe(`/clients/${client.id}`);
      const listed = (await adv.get('/api/v1/notifications')).json().items[0];
      expect(listed).toMatchObject({ type: 'client.assigned', link: `/clients/${client.id}`, readAt: null });
      await until(() =>
        smtp.received.find((m) => m.to === 'adv@relais.test' && m.raw.includes('Client attribu')),
      );
      // Saving the same manager again is no new assignment; the others see nothing.
      await admin.patch(`/api/v1/clients/${client.id}`, { accountManagerId: adv.userId, city: 'Lyon' });
      const again = (await adv.get('/api/v1/notifications?limit=100')).json().items;
      expect(again.filter((n: { entityId: string }) => n.entityId === client.id)).toHaveLength(1);
      const others = (await commercial.get('/api/v1/notifications?limit=100')).json().items;
      expect(others.some((n: { entityId: string }) => n.entityId === client.id)).toBe(false);
    } finally {
      stream.close();
    }
  });

  it('notifies the manager of a new client, but not a user who assigns themselves', async () => {
    const created = await admin.post('/api/v1/clients', {
      name: 'Pharmacie des Tests',
      accountManagerId: adv.userId,
    });
    expect(created.statusCode).toBe(201);
    // adv: email only (no in-app row), so the email proves the notification.
    await until(() =>
      smtp.received.find((m) => m.to === 'adv@relais.test' && m.raw.includes('Pharmacie des Tests')),
    );
    const self = await commercial.post('/api/v1/clients', {
      name: 'Agence du Commercial',
      accountManagerId: commercial.userId,
    });
    expect(self.statusCode).toBe(201);
    const mine = (await commercial.get('/api/v1/notifications?limit=100')).json().items;
    expect(mine.some((n: { entityId: string }) => n.entityId === self.json().id)).toBe(false);
    const unknown = await admin.post('/api/v1/clients', {
      name: 'Client Sans Chargé',
      accountManagerId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0]).toEqual({
      path: 'accountManagerId',
      message: 'Chargé de compte inconnu ou désactivé.',
    });
  });

  it('notifies administrators when an email is given up (SMTP 5xx), linking to the message', async () => {
    smtp.refuse('inconnu@relais.test');
    await t.database.db.transaction((tx) =>
      queueEmail(tx, t.jobs, {
        event: 'password-reset',
        to: 'inconnu@relais.test',
        data: { user: { name: 'Inconnu' } },
        idempotencyKey: 'test:dead',
      }),
    );
    const [msg] = await until(async () => {
      const rows = await t.database.db
        .select()
        .from(outboundMessages)
        .where(eq(outboundMessages.idempotencyKey, 'test:dead'));
      return rows[0]?.status === 'dead' ? rows : undefined;
    });
    const items = (await admin.get('/api/v1/notifications?limit=100')).json().items;
    const n = items.find((x: { entityId: string }) => x.entityId === msg!.id);
    expect(n).toMatchObject({
      type: 'outbox.dead',
      title: 'E-mail en échec définitif : inconnu@relais.test',
      link: `/admin/messages?message=${msg!.id}`,
    });
    expect(n.body).toContain('Boîte inconnue');
    const others = (await commercial.get('/api/v1/notifications?limit=100')).json().items;
    expect(others.some((x: { type: string }) => x.type === 'outbox.dead')).toBe(false);
    // The queue giving up later on an already dead message does not notify twice.
    await markDead(t.database.db, msg!.id);
    const again = (await admin.get('/api/v1/notifications?limit=100')).json().items;
    expect(again.filter((x: { entityId: string }) => x.entityId === msg!.id)).toHaveLength(1);
  });
});
