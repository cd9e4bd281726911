import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, outboundMessages } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import { BrevoSms, SmsError } from '../../infra/sms.ts';
import { createTestApp, loginAs, type Session, type TestApp, until } from '../../test/harness.ts';
import { queueSms } from './sms.service.ts';

const apiKey = 'xkeysib-test-0123456789';

type Received = { recipient: string; body: Record<string, unknown> };

/**
 * A local HTTP server playing Brevo's transactional SMS API: it accepts only what Brevo documents
 * (POST /v3/transactionalSMS/send, `api-key` header, JSON body with sender, recipient, content)
 * and answers 201 `{messageId}`; `plan(recipient, [429, …])` makes it refuse the next attempts.
 */
function brevoReceiver() {
  const received: Received[] = [];
  const rejected: string[] = [];
  const plans = new Map<string, number[]>();
  let nextId = 1511882900176220;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString('utf8')));
    req.on('end', () => {
      const answer = (status: number, body: object) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const problems: string[] = [];
      if (req.method !== 'POST') problems.push(`method ${req.method}`);
      if (req.url !== '/v3/transactionalSMS/send') problems.push(`path ${req.url}`);
      if (req.headers['api-key'] !== apiKey) problems.push('api-key');
      if (!req.headers['content-type']?.startsWith('application/json')) problems.push('content-type');
      if (req.headers.accept !== 'application/json') problems.push('accept');
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw);
      } catch {
        problems.push('json');
      }
      for (const k of ['sender', 'recipient', 'content'] as const)
        if (typeof body[k] !== 'string' || !body[k]) problems.push(`missing ${k}`);
      if (typeof body.recipient === 'string' && !/^\d{6,15}$/.test(body.recipient))
        problems.push(`recipient ${body.recipient}`);
      if (typeof body.sender === 'string' && body.sender.length > 11) problems.push('sender too long');
      const allowed = new Set(['sender', 'recipient', 'content', 'type', 'unicodeEnabled', 'tag', 'webUrl']);
      for (const k of Object.keys(body)) if (!allowed.has(k)) problems.push(`unknown field ${k}`);
      if (problems.length) {
        rejected.push(problems.join(', '));
        return answer(400, { code: 'invalid_parameter', message: problems.join(', ') });
      }
      const code = plans.get(body.recipient as string)?.shift();
      if (code === 429) return answer(429, { code: 'too_many_requests', message: 'Rate limit' });
      if (code) return answer(code, { code: 'invalid_parameter', message: 'Invalid phone number' });
      received.push({ recipient: body.recipient as string, body });
      answer(201, { messageId: nextId++ });
    });
  });
  return {
    received,
    rejected,
    plan: (recipient: string, codes: number[]) => plans.set(recipient, codes),
    count: (recipient: string) => received.filter((r) => r.recipient === recipient).length,
    listen: () =>
      new Promise<number>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

const brevo = brevoReceiver();
let t: TestApp;
let support: Session;
type Client = { id: string; partnerId: string | null };
beforeAll(async () => {
  const port = await brevo.listen();
  t = await createTestApp({
    config: {
      smsProvider: 'brevo',
      smsApiKey: apiKey,
      smsApiUrl: `http://127.0.0.1:${port}`,
      smsSender: 'Relais',
      jobRetryDelaySeconds: 1,
    },
  });
  support = await loginAs(t.app, 'support@relais.test');
});
afterAll(async () => {
  await t.close();
  await brevo.close();
  expect(brevo.rejected).toEqual([]);
});

const messageOf = async (key: string) =>
  (await t.database.db.select().from(outboundMessages).where(eq(outboundMessages.idempotencyKey, key)))[0];
const messageById = async (id: string) =>
  (await t.database.db.select().from(outboundMessages).where(eq(outboundMessages.id, id)))[0];
const queue = (to: string, key: string, text = 'Bonjour, votre technicien arrive demain à 9h.') =>
  t.database.db.transaction((tx) => queueSms(tx, t.jobs, { to, text, idempotencyKey: key, event: 'test' }));

describe('SMS through the outbox (Brevo)', () => {
  it('sends exactly one SMS, as Brevo expects it, when a support agent texts a client', async () => {
    const client: Client = (await support.get('/api/v1/clients?limit=1')).json().items[0];
    const res = await support.post('/api/v1/sms', {
      to: '06 12 34 56 01',
      text: 'Bonjour, votre ligne est rétablie. Le support Relais',
      clientId: client.id,
    });
    expect(res.statusCode).toBe(201);
    const sent = res.json();
    expect(sent).toMatchObject({
      recipient: '+33612345601',
      encoding: 'GSM-7',
      segments: 1,
      quota: { limit: 20, remaining: 19, nextAt: null },
    });
    const got = await until(() => brevo.received.find((r) => r.recipient === '33612345601'));
    expect(got.body).toEqual({
      sender: 'Relais',
      recipient: '33612345601',
      content: 'Bonjour, votre ligne est rétablie. Le support Relais',
      type: 'transactional',
      unicodeEnabled: false,
      tag: expect.stringMatching(/^sms-manual:/),
    });
    const msg = await until(async () => {
      const m = await messageById(sent.id);
      return m?.status === 'sent' ? m : undefined;
    });
    expect(msg).toMatchObject({
      channel: 'sms',
      clientId: client.id,
      partnerId: client.partnerId,
      smsEncoding: 'GSM-7',
      smsSegments: 1,
    });
    expect(msg.providerId).toMatch(/^\d+$/);
    expect(msg.attempts.map((a) => a.ok)).toEqual([true]);
    await pause(1500);
    expect(brevo.count('33612345601')).toBe(1);

    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'sms.send'), eq(auditLog.entityId, sent.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.clientId).toBe(client.id);

    const admin = await loginAs(t.app, 'admin@relais.test');
    const listed = (await admin.get(`/api/v1/outbox/${sent.id}`)).json();
    expect(listed).toMatchObject({ channel: 'sms', smsEncoding: 'GSM-7', smsSegments: 1, status: 'sent' });
  });

  it('sends a text with ê in UCS-2 and tells Brevo so', async () => {
    const res = await support.post('/api/v1/sms', {
      to: '+33 6 12 34 56 02',
      text: 'Fenêtre de passage : 9h-12h',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ encoding: 'UCS-2', segments: 1 });
    const got = await until(() => brevo.received.find((r) => r.recipient === '33612345602'));
    expect(got.body.unicodeEnabled).toBe(true);
  });

  it('sends nothing when the change rolls back', async () => {
    await expect(
      t.database.db.transaction(async (tx) => {
        await queueSms(tx, t.jobs, {
          to: '0612345603',
          text: 'Annulé',
          idempotencyKey: 'sms:rollback',
          event: 'test',
        });
        throw new Error('la modification échoue');
      }),
    ).rejects.toThrow();
    await pause(2000);
    expect(await messageOf('sms:rollback')).toBeUndefined();
    expect(brevo.count('33612345603')).toBe(0);
  });

  it('sends once when the same trigger fires twice', async () => {
    expect(await queue('0612345604', 'sms:twice')).toBeTruthy();
    expect(await queue('06 12 34 56 04', 'sms:twice')).toBeNull();
    await until(() => brevo.received.find((r) => r.recipient === '33612345604'));
    await pause(2000);
    expect(brevo.count('33612345604')).toBe(1);
  });

  it('retries after an HTTP 429 and then delivers', async () => {
    brevo.plan('33612345605', [429]);
    await queue('0612345605', 'sms:429');
    await until(() => brevo.received.find((r) => r.recipient === '33612345605'), 40_000);
    const msg = await until(async () => {
      const m = await messageOf('sms:429');
      return m?.status === 'sent' ? m : undefined;
    });
    expect(msg.attempts.map((a) => [a.ok, a.code ?? null])).toEqual([
      [false, '429'],
      [true, null],
    ]);
    expect(brevo.count('33612345605')).toBe(1);
  });

  it('sends an HTTP 400 to dead letters without retrying, and a replay sends once', async () => {
    brevo.plan('33612345606', [400]);
    await queue('0612345606', 'sms:400');
    const dead = await until(async () => {
      const m = await messageOf('sms:400');
      return m?.status === 'dead' ? m : undefined;
    });
    await pause(2500);
    const still = (await messageOf('sms:400'))!;
    expect(still.status).toBe('dead');
    expect(still.attempts).toHaveLength(1);
    expect(still.attempts[0]).toMatchObject({ ok: false, code: '400' });
    expect(still.attempts[0]!.error).toContain('Invalid phone number');
    expect(brevo.count('33612345606')).toBe(0);

    const admin = await loginAs(t.app, 'admin@relais.test');
    expect((await admin.post(`/api/v1/outbox/${dead.id}/replay`)).statusCode).toBe(200);
    expect((await admin.post(`/api/v1/outbox/${dead.id}/replay`)).statusCode).toBe(409);
    await until(() => brevo.received.find((r) => r.recipient === '33612345606'));
    await until(async () => ((await messageOf('sms:400'))?.status === 'sent' ? true : undefined));
    await pause(2000);
    expect(brevo.count('33612345606')).toBe(1);
  });
});

describe('sending by hand: validation, scope and quota', () => {
  it('answers 400 with a French field error for an invalid number, and stores nothing', async () => {
    const res = await support.post('/api/v1/sms', { to: '06 12', text: 'Bonjour' });
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.code).toBe('validation_failed');
    expect(err.details).toEqual([
      { path: 'to', message: expect.stringContaining('Numéro de téléphone invalide') },
    ]);
    const empty = await support.post('/api/v1/sms', { to: '0612345678', text: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details[0].path).toBe('text');
    const long = await support.post('/api/v1/sms', { to: '0612345678', text: 'ê'.repeat(700) });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.details[0].message).toContain('trop long');
  });

  it('lets a partner text its own clients only, and always for a client', async () => {
    const partnerA = await loginAs(t.app, 'partenaire@relais.test');
    const partnerB = await loginAs(t.app, 'partenaire2@relais.test');
    const clientOfA: Client = (await partnerA.get('/api/v1/clients?limit=1')).json().items[0];
    const foreign = await partnerB.post('/api/v1/sms', {
      to: '0612345607',
      text: 'Bonjour',
      clientId: clientOfA.id,
    });
    expect(foreign.statusCode).toBe(404);
    const noClient = await partnerB.post('/api/v1/sms', { to: '0612345607', text: 'Bonjour' });
    expect(noClient.statusCode).toBe(400);
    expect(noClient.json().error.details[0].path).toBe('clientId');
    const own = await partnerA.post('/api/v1/sms', {
      to: '0612345607',
      text: 'Bonjour',
      clientId: clientOfA.id,
    });
    expect(own.statusCode).toBe(201);
    const msg = (await messageById(own.json().id))!;
    expect(msg.partnerId).toBe(clientOfA.partnerId);
    await until(() => brevo.received.find((r) => r.recipient === '33612345607'));
    expect(brevo.count('33612345607')).toBe(1);
  });

  it('refuses the 21st SMS of the hour with 429 and Retry-After, stores nothing, and allows it an hour later', async () => {
    const tech = await loginAs(t.app, 'tech.interne@relais.test');
    expect((await tech.get('/api/v1/sms/quota')).json()).toEqual({ limit: 20, remaining: 20, nextAt: null });
    const first = await tech.post('/api/v1/sms', { to: '0612345700', text: 'SMS 1' });
    expect(first.statusCode).toBe(201);
    const firstAt = new Date(first.json().createdAt).getTime();
    clock.advance(60_000);
    const rest = await Promise.all(
      Array.from({ length: 19 }, (_, i) =>
        tech.post('/api/v1/sms', { to: `06123457${String(i + 1).padStart(2, '0')}`, text: `SMS ${i + 2}` }),
      ),
    );
    expect(rest.map((r) => r.statusCode)).toEqual(Array(19).fill(201));
    const quota = (await tech.get('/api/v1/sms/quota')).json();
    expect(quota).toEqual({ limit: 20, remaining: 0, nextAt: new Date(firstAt + 3_600_000).toISOString() });

    const over = await tech.post('/api/v1/sms', { to: '0612345799', text: 'SMS 21' });
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('rate_limited');
    expect(over.json().error.message).toMatch(/limite de 20 SMS par heure.*de nouveau à \d\d h \d\d/);
    const retryAfter = Number(over.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(3_500);
    expect(retryAfter).toBeLessThanOrEqual(3_600 - 60);
    expect(
      await t.database.db
        .select()
        .from(outboundMessages)
        .where(eq(outboundMessages.recipient, '+33612345799')),
    ).toHaveLength(0);

    // Another user is not affected by this one's quota.
    expect((await support.post('/api/v1/sms', { to: '0612345798', text: 'Autre' })).statusCode).toBe(201);

    // One hour after the first SMS, exactly one slot is free again.
    clock.advance(retryAfter * 1000);
    const again = await tech.post('/api/v1/sms', { to: '0612345799', text: 'SMS 21' });
    expect(again.statusCode).toBe(201);
    expect(again.json().quota.remaining).toBe(0);
    expect((await tech.post('/api/v1/sms', { to: '0612345799', text: 'SMS 22' })).statusCode).toBe(429);
  });

  it('refuses API tokens: the quota belongs to a person', async () => {
    const admin = await loginAs(t.app, 'admin@relais.test');
    const created = await admin.post('/api/v1/api-tokens', { name: 'SMS', role: 'support' });
    expect(created.statusCode).toBe(201);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sms',
      headers: { authorization: `Bearer ${created.json().token}` },
      payload: { to: '0612345678', text: 'Bonjour' },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('Brevo adapter errors', () => {
  it('treats a timeout as temporary and a 401 as permanent', async () => {
    const silent = http.createServer(() => {
      // never answers
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as AddressInfo).port;
    try {
      const slow = new BrevoSms(apiKey, `http://127.0.0.1:${port}`, 300);
      const err = await slow
        .send({ to: '+33612345678', text: 'x', sender: 'Relais', idempotencyKey: 'k' })
        .catch((e) => e);
      expect(err).toBeInstanceOf(SmsError);
      expect(err).toMatchObject({ permanent: false, code: 'timeout' });
    } finally {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
    const wrongKey = new BrevoSms('wrong', `http://127.0.0.1:${port}`, 300);
    const refused = await wrongKey
      .send({ to: '+33612345678', text: 'x', sender: 'Relais', idempotencyKey: 'k' })
      .catch((e) => e);
    expect(refused).toMatchObject({ permanent: false }); // the port is closed now: network error

    const unauthorized = http.createServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'unauthorized', message: 'Key not found' }));
    });
    await new Promise<void>((r) => unauthorized.listen(0, '127.0.0.1', () => r()));
    try {
      const p = (unauthorized.address() as AddressInfo).port;
      const e401 = await new BrevoSms('wrong', `http://127.0.0.1:${p}`)
        .send({ to: '+33612345678', text: 'x', sender: 'Relais', idempotencyKey: 'k' })
        .catch((e) => e);
      expect(e401).toMatchObject({ permanent: true, code: '401' });
      expect(e401.message).toContain('Key not found');
    } finally {
      await new Promise((r) => unauthorized.close(r));
    }
  });
});

describe('without SMS settings', () => {
  it('keeps the SMS in the outbox, held and readable, and sends nothing', async () => {
    const local = await createTestApp();
    try {
      const agent = await loginAs(local.app, 'support@relais.test');
      const res = await agent.post('/api/v1/sms', { to: '0612345690', text: 'Rien ne part' });
      expect(res.statusCode).toBe(201);
      const admin = await loginAs(local.app, 'admin@relais.test');
      const held = await until(async () => (await admin.get('/api/v1/outbox?status=held')).json().items[0]);
      expect(held).toMatchObject({
        channel: 'sms',
        recipient: '+33612345690',
        body: 'Rien ne part',
        attempts: [],
      });
      expect(brevo.count('33612345690')).toBe(0);
    } finally {
      await local.close();
    }
  });
});
