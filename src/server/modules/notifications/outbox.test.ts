import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboundMessages } from '../../db/schema/index.ts';
import { createTestApp, loginAs, type TestApp, until } from '../../test/harness.ts';
import { smtpReceiver } from '../../test/smtp.ts';
import { queueEmail } from './outbox.service.ts';

const smtp = smtpReceiver();
let t: TestApp;
beforeAll(async () => {
  const port = await smtp.listen();
  t = await createTestApp({ config: { smtpUrl: `smtp://127.0.0.1:${port}`, jobRetryDelaySeconds: 1 } });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const messageOf = async (key: string) =>
  (await t.database.db.select().from(outboundMessages).where(eq(outboundMessages.idempotencyKey, key)))[0];

describe('email through the outbox', () => {
  it('sends exactly one email with the rendered template when an admin creates a reset link', async () => {
    const admin = await loginAs(t.app, 'admin@relais.test');
    const user = (await admin.get('/api/v1/users?q=staging')).json().items[0];
    const link = (await admin.post(`/api/v1/users/${user.id}/reset-link`)).json();
    const mail = await until(() => smtp.received.find((m) => m.to === 'staging@relais.test'));
    expect(mail.raw).toContain('Subject: Choisissez votre mot de passe Relais');
    expect(mail.raw.replace(/=\r\n/g, '')).toContain(link.url.split('#')[1].slice(0, 20));
    expect(mail.raw).toMatch(/Message-ID: <[0-9a-f]{32}@/i);
    expect(mail.raw).toContain('Content-Type: text/html');
    expect(mail.raw).toContain('Content-Type: text/plain');
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.received.filter((m) => m.to === 'staging@relais.test')).toHaveLength(1);
    const outbox = (await admin.get('/api/v1/outbox?status=sent')).json().items;
    expect(outbox.some((m: { recipient: string }) => m.recipient === 'staging@relais.test')).toBe(true);
  });

  it('sends nothing when the change rolls back', async () => {
    await expect(
      t.database.db.transaction(async (tx) => {
        await queueEmail(tx, t.jobs, {
          event: 'password-reset',
          to: 'rollback@relais.test',
          idempotencyKey: 'test:rollback',
          data: {},
        });
        throw new Error('la modification échoue');
      }),
    ).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 2000));
    expect(await messageOf('test:rollback')).toBeUndefined();
    expect(smtp.received.some((m) => m.to === 'rollback@relais.test')).toBe(false);
  });

  it('sends once when the same trigger fires twice', async () => {
    for (let i = 0; i < 2; i++) {
      await t.database.db.transaction((tx) =>
        queueEmail(tx, t.jobs, {
          event: 'password-reset',
          to: 'twice@relais.test',
          idempotencyKey: 'test:twice',
          data: { user: { name: 'Deux' } },
        }),
      );
    }
    await until(() => smtp.received.find((m) => m.to === 'twice@relais.test'));
    await new Promise((r) => setTimeout(r, 2000));
    expect(smtp.received.filter((m) => m.to === 'twice@relais.test')).toHaveLength(1);
  });

  it('retries an SMTP 4xx and then delivers', async () => {
    smtp.fail('later@relais.test', [451, 451]);
    await t.database.db.transaction((tx) =>
      queueEmail(tx, t.jobs, {
        event: 'password-reset',
        to: 'later@relais.test',
        idempotencyKey: 'test:4xx',
        data: {},
      }),
    );
    await until(() => smtp.received.find((m) => m.to === 'later@relais.test'), 40_000);
    const msg = await until(async () => {
      const m = await messageOf('test:4xx');
      return m?.status === 'sent' ? m : undefined;
    });
    expect(msg.attempts.map((a) => a.ok)).toEqual([false, false, true]);
    expect(msg.attempts[0]!.code).toBe('451');
  });

  it('sends an SMTP 5xx to dead letters without retrying, and a replay sends once', async () => {
    smtp.fail('gone@relais.test', [550]);
    await t.database.db.transaction((tx) =>
      queueEmail(tx, t.jobs, {
        event: 'password-reset',
        to: 'gone@relais.test',
        idempotencyKey: 'test:5xx',
        data: {},
      }),
    );
    const dead = await until(async () => {
      const m = await messageOf('test:5xx');
      return m?.status === 'dead' ? m : undefined;
    });
    await new Promise((r) => setTimeout(r, 2500));
    expect((await messageOf('test:5xx'))!.attempts).toHaveLength(1);
    expect(smtp.received.some((m) => m.to === 'gone@relais.test')).toBe(false);

    const admin = await loginAs(t.app, 'admin@relais.test');
    expect((await admin.post(`/api/v1/outbox/${dead.id}/replay`)).statusCode).toBe(200);
    expect((await admin.post(`/api/v1/outbox/${dead.id}/replay`)).statusCode).toBe(409);
    await until(() => smtp.received.find((m) => m.to === 'gone@relais.test'));
    await new Promise((r) => setTimeout(r, 2000));
    expect(smtp.received.filter((m) => m.to === 'gone@relais.test')).toHaveLength(1);
  });
});

describe('without SMTP settings', () => {
  it('keeps the message in the outbox, readable, and sends nothing', async () => {
    const local = await createTestApp();
    try {
      await local.database.db.transaction((tx) =>
        queueEmail(tx, local.jobs, {
          event: 'password-reset',
          to: 'held@relais.test',
          idempotencyKey: 'test:held',
          data: { user: { name: 'Héloïse' } },
        }),
      );
      const admin = await loginAs(local.app, 'admin@relais.test');
      const held = await until(async () => (await admin.get('/api/v1/outbox?status=held')).json().items[0]);
      expect(held.body).toContain('Bonjour Héloïse');
      expect(held.html).toContain('Relais Intégration Télécom');
    } finally {
      await local.close();
    }
  });
});
