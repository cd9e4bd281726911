import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { randomToken } from './infra/secrets.ts';
import { createTestApp, loginAs, type TestApp } from './test/harness.ts';

let t: TestApp;
/** Counters are per minute: a test counting up to a limit does not start in the last seconds of one. */
async function awayFromMinuteEnd() {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 5_000) await new Promise((r) => setTimeout(r, left + 50));
}
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A second app on the test database, for a test that adds routes or changes the config. */
const anotherApp = (config: Partial<TestApp['config']> = {}) =>
  buildApp({
    db: t.database.db,
    database: t.database,
    config: { ...t.config, ...config },
    jobs: t.jobs,
    events: t.events,
  });

describe('routes and permissions', () => {
  it('lists every API route with its permission (a change here is a permission change)', async () => {
    const lines = t.app.routeTable
      .map((r) => `${r.method.padEnd(6)} ${r.url.padEnd(44)} ${r.permission}`)
      .sort();
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('./routes.snapshot.txt');
  });

  it('refuses to start when a route declares no permission', async () => {
    const app = await anotherApp();
    expect(() => app.get('/api/v1/oubli', async () => 'x')).toThrow(/ne déclare pas de permission/);
    await app.close();
  });

  it('answers health with the database kind', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.json()).toMatchObject({ status: 'ok', database: t.database.kind });
  });

  it('answers 401 without a session and 403 for a forbidden module', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/clients' })).statusCode).toBe(401);
    const s = await loginAs(t.app, 'support@relais.test');
    const res = await s.get('/api/v1/users');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
  });
});

describe('HTTP hygiene', () => {
  it('puts security headers on every response, errors and 404 included', async () => {
    for (const url of ['/api/health', '/api/v1/nope', '/api/v1/clients']) {
      const res = await t.app.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(res.headers['x-request-id']).toBeTruthy();
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
    const https = await t.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(https.headers['strict-transport-security']).toBeUndefined(); // proxies are not trusted by default
  });

  it('tells browsers and proxies not to keep API answers (Cache-Control: no-store)', async () => {
    const s = await loginAs(t.app, 'commercial@relais.test');
    for (const res of [
      await s.get('/api/v1/clients'),
      await s.get('/api/v1/auth/me'),
      await t.app.inject({ method: 'GET', url: '/api/v1/clients' }),
      await t.app.inject({ method: 'GET', url: '/api/v1/nope' }),
      await t.app.inject({ method: 'GET', url: '/api/health' }),
    ]) {
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('never leaks a stack trace or error text in a 500', async () => {
    const app = await anotherApp();
    app.get('/api/v1/boom', { config: { permission: 'public' } }, async () => {
      throw new Error('secret internal detail at /srv/relais/file.ts:12');
    });
    const res = await app.inject({ method: 'GET', url: '/api/v1/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('internal_error');
    expect(res.body).not.toMatch(/secret|\.ts|at /);
    await app.close();
  });

  it('returns the error shape of the conventions on unknown fields', async () => {
    const s = await loginAs(t.app, 'commercial@relais.test');
    const res = await s.post('/api/v1/clients', { name: 'Pharmacie Test', couleur: 'bleu' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: { code: 'validation_failed', details: [{ path: 'couleur' }] },
    });
  });

  it('takes JSON bodies up to 1 MB, and forms only where a route takes files', async () => {
    const s = await loginAs(t.app, 'commercial@relais.test');
    const big = await s.post('/api/v1/clients', { name: 'Pharmacie Test', notes: 'x'.repeat(1024 * 1024) });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('payload_too_large');
    const form = new FormData();
    form.append('data', JSON.stringify({ name: 'Pharmacie Formulaire' }));
    const res = await s.post('/api/v1/clients', form);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('Type de contenu non pris en charge : envoyez du JSON.');
  });

  it('serves the OpenAPI document and a readable reference', async () => {
    const doc = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.json().openapi).toBe('3.1.0');
    const page = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.body).toContain('/api/v1/clients');
    expect(page.body).not.toContain('<script');
  });

  it('limits every API request per IP, anonymous ones and made-up tokens included, across instances', async () => {
    await awayFromMinuteEnd();
    const config = { ...t.config, rateLimitPerMinute: 6, rateLimitPerIpPerMinute: 6 };
    const [a, b] = await Promise.all([anotherApp(config), anotherApp(config)]);
    const remoteAddress = '10.20.30.40';
    const made = [
      {},
      { cookie: `relais_session=${randomToken()}` },
      { authorization: `Bearer ${randomToken()}` },
    ];
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) {
      const app = i % 2 ? b : a;
      const res = await app.inject({
        method: 'GET',
        url: '/api/v1/clients',
        headers: made[i % 3],
        remoteAddress,
      });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 401, 401, 401]);
    const over = await b.inject({ method: 'GET', url: '/api/v1/clients', remoteAddress });
    expect(over.statusCode).toBe(429);
    expect(over.json()).toEqual({
      error: { code: 'rate_limited', message: 'Trop de requêtes. Patientez un instant puis réessayez.' },
    });
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(over.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(over.headers['cache-control']).toBe('no-store');
    // Another address is not affected; health is never limited.
    expect(
      (await a.inject({ method: 'GET', url: '/api/v1/clients', remoteAddress: '10.20.30.41' })).statusCode,
    ).toBe(401);
    expect((await a.inject({ method: 'GET', url: '/api/health', remoteAddress })).statusCode).toBe(200);
    await Promise.all([a.close(), b.close()]);
  });

  it('limits a session wherever its requests come from', async () => {
    await awayFromMinuteEnd();
    const app = await anotherApp({ rateLimitPerMinute: 6 });
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'support@relais.test', password: 'demo-relais-2026' },
      remoteAddress: '10.20.32.1',
    });
    const cookie = `relais_session=${login.cookies.find((c) => c.name === 'relais_session')!.value}`;
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { cookie },
        remoteAddress: `10.20.33.${i}`,
      });
      codes.push(res.statusCode);
    }
    // The login itself presented no cookie: six requests of the session pass, the seventh does not.
    expect(codes).toEqual([200, 200, 200, 200, 200, 200]);
    const over = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie },
      remoteAddress: '10.20.33.99',
    });
    expect(over.statusCode).toBe(429);
    await app.close();
  });

  it('never limits the web app’s files: index.html, assets, service worker', async () => {
    const web = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-web-'));
    fs.mkdirSync(path.join(web, 'assets'));
    fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>Relais</title>');
    fs.writeFileSync(path.join(web, 'assets', 'app.css'), 'body{}');
    fs.writeFileSync(path.join(web, 'sw.js'), 'self.addEventListener("fetch",()=>{});');
    const app = await anotherApp({ rateLimitPerMinute: 2, webDist: web });
    const remoteAddress = '10.20.34.1';
    for (let i = 0; i < 5; i++) {
      for (const url of ['/assets/app.css', '/sw.js', '/', '/clients']) {
        expect((await app.inject({ method: 'GET', url, remoteAddress })).statusCode, url).toBe(200);
      }
    }
    await app.close();
    fs.rmSync(web, { recursive: true, force: true });
  });

  it('limits login attempts per IP address', async () => {
    await awayFromMinuteEnd();
    const app = await anotherApp({ loginRateLimitPerMinute: 3 });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `x${i}@relais.test`, password: 'x' },
        remoteAddress: '10.9.8.7',
      });
      codes.push(res.statusCode);
    }
    expect(codes).toEqual([401, 401, 401, 429]);
    await app.close();
  });
});
