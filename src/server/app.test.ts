import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { createTestApp, loginAs, type TestApp } from './test/harness.ts';

let t: TestApp;
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

  it('limits login attempts per IP address', async () => {
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
