import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPassword } from '../../demo/credentials.ts';
import { clock } from '../../infra/clock.ts';
import {
  cookieOf,
  createTestApp,
  csrf,
  loginAs,
  Session,
  type TestApp,
  totpCode,
} from '../../test/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const login = (email: string, password: string, extra: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password, ...extra } });

describe('login', () => {
  it('opens a session with an HttpOnly SameSite=Lax cookie and returns the permissions', async () => {
    const res = await login('support@relais.test', 'demo-relais-2026');
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'relais_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.value.length).toBeGreaterThanOrEqual(43);
    expect(res.json().user).toMatchObject({ email: 'support@relais.test', role: 'support', partnerId: null });
    expect(res.json().permissions.tickets).toEqual(['read', 'create', 'update', 'delete']);
  });

  it('answers the same 401 for a wrong password and an unknown email', async () => {
    const a = await login('commercial@relais.test', 'mauvais-mot-de-passe');
    const b = await login('personne@relais.test', 'mauvais-mot-de-passe');
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json()).toEqual(b.json());
    expect(a.json().error.code).toBe('invalid_credentials');
  });

  it('throttles the 6th failure within 15 minutes with 429 and Retry-After, even with the right password', async () => {
    for (let i = 1; i <= 5; i++) {
      expect((await login('staging@relais.test', `faux-${i}`)).statusCode).toBe(401);
    }
    const sixth = await login('staging@relais.test', 'faux-6');
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().error.code).toBe('rate_limited');
    const first = Number(sixth.headers['retry-after']);
    expect(first).toBeGreaterThan(0);
    const right = await login('staging@relais.test', 'demo-relais-2026');
    expect(right.statusCode).toBe(429);
    // After the delay one more failure is possible, and the next lock is longer.
    clock.advance(first * 1000 + 1000);
    expect((await login('staging@relais.test', 'faux-7')).statusCode).toBe(401);
    const again = await login('staging@relais.test', 'demo-relais-2026');
    expect(again.statusCode).toBe(429);
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(first);
    clock.reset();
  });

  it('refuses malformed input with a precise 400', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'a@b.fr', password: 'x', role: 'admin' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(res.json().error.details[0].path).toContain('role');
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('bad_request');
  });
});

describe('sessions', () => {
  it('kills the old cookie at logout (401 afterwards)', async () => {
    const s = await loginAs(t.app, 'adv@relais.test');
    expect((await s.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await s.post('/api/v1/auth/logout')).statusCode).toBe(204);
    const after = await s.get('/api/v1/auth/me');
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthenticated');
  });

  it('rotates the session at login: the previous cookie dies', async () => {
    const first = await loginAs(t.app, 'chef.projet@relais.test');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { cookie: first.cookie, ...csrf },
      payload: { email: 'chef.projet@relais.test', password: 'demo-relais-2026' },
    });
    expect(cookieOf(res)).not.toBe(first.cookie);
    expect((await first.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('refuses a state-changing request with a session cookie and no CSRF header (403)', async () => {
    const s = await loginAs(t.app, 'commercial@relais.test');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clients',
      headers: { cookie: s.cookie },
      payload: { name: 'Sans en-tête' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
    const crossSite = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clients',
      headers: { cookie: s.cookie, ...csrf, origin: 'https://evil.example' },
      payload: { name: 'Cross site' },
    });
    expect(crossSite.statusCode).toBe(403);
  });

  it('ends a session after the idle timeout and after the absolute timeout', async () => {
    const s = await loginAs(t.app, 'tech.interne@relais.test');
    clock.advance(t.config.sessionIdleMs + 1000);
    expect((await s.get('/api/v1/auth/me')).statusCode).toBe(401);
    clock.reset();
    const s2 = await loginAs(t.app, 'tech.interne@relais.test');
    for (let h = 0; h < 13; h++) {
      clock.advance(60 * 60_000);
      const res = await s2.get('/api/v1/auth/me');
      if (h < 11) expect(res.statusCode).toBe(200);
      else expect(res.statusCode).toBe(401);
    }
    clock.reset();
  });

  it('kills a disabled user’s sessions at once', async () => {
    const admin = await loginAs(t.app, 'admin@relais.test');
    const victim = await loginAs(t.app, 'tech.terrain@relais.test');
    const me = (await victim.get('/api/v1/auth/me')).json();
    const res = await admin.patch(`/api/v1/users/${me.user.id}`, { disabled: true });
    expect(res.statusCode).toBe(200);
    expect((await victim.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await login('tech.terrain@relais.test', 'demo-relais-2026')).statusCode).toBe(401);
    await admin.patch(`/api/v1/users/${me.user.id}`, { disabled: false });
    expect((await login('tech.terrain@relais.test', 'demo-relais-2026')).statusCode).toBe(200);
  });
});

describe('passwords', () => {
  it('asks for the current password, refuses weak ones in French, and ends the other sessions', async () => {
    const a = await loginAs(t.app, 'partenaire2@relais.test');
    const b = await loginAs(t.app, 'partenaire2@relais.test');
    const wrong = await a.post('/api/v1/auth/password', {
      currentPassword: 'pas-le-bon',
      newPassword: 'Un chemin de halage sous la pluie 42',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].path).toBe('currentPassword');
    const short = await a.post('/api/v1/auth/password', {
      currentPassword: 'demo-relais-2026',
      newPassword: 'court',
    });
    expect(short.json().error.message).toMatch(/12 caractères/);
    const common = await a.post('/api/v1/auth/password', {
      currentPassword: 'demo-relais-2026',
      newPassword: 'motdepasse123',
    });
    expect(common.statusCode).toBe(400);
    expect(common.json().error.message).toMatch(/deviner/);
    const long = `${'une longue phrase de passe que personne ne devinera '.repeat(4)}!`;
    const ok = await a.post('/api/v1/auth/password', {
      currentPassword: 'demo-relais-2026',
      newPassword: long,
    });
    expect(ok.statusCode).toBe(204);
    a.cookie = cookieOf(ok);
    expect((await a.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await b.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await login('partenaire2@relais.test', long)).statusCode).toBe(200);
    // Untruncated: the same passphrase without its last character does not match.
    expect((await login('partenaire2@relais.test', long.slice(0, -1))).statusCode).toBe(401);
  });

  it('lets an admin create a reset link that works once and expires after 60 minutes', async () => {
    const admin = await loginAs(t.app, 'admin@relais.test');
    const users = (await admin.get('/api/v1/users?q=commercial')).json().items;
    const id = users[0].id;
    const link = (await admin.post(`/api/v1/users/${id}/reset-link`)).json();
    const token = link.url.split('#')[1];
    const check = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/check',
      payload: { token },
    });
    expect(check.json().email).toBe('commercial@relais.test');
    const newPassword = 'Tournesol bleu sur la colline de Fourvière';
    const used = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { token, newPassword },
    });
    expect(used.statusCode).toBe(204);
    const twice = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { token, newPassword },
    });
    expect(twice.statusCode).toBe(400);
    expect((await login('commercial@relais.test', newPassword)).statusCode).toBe(200);

    const late = (await admin.post(`/api/v1/users/${id}/reset-link`)).json();
    clock.advance(61 * 60_000);
    const expired = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { token: late.url.split('#')[1], newPassword },
    });
    expect(expired.statusCode).toBe(400);
    clock.reset();
  });
});

describe('password hardening', () => {
  const strong = 'Tournesol bleu sur la colline de Fourvière';

  it('refuses passwords built from Relais, the company, the user’s name or email, and the demo password', async () => {
    const s = await loginAs(t.app, 'partenaire@relais.test');
    for (const newPassword of [
      'relais2026relais',
      'demo-relais-2026',
      'Demo-Relais-2026 !',
      'Pierre Partenaire 2026',
      'PierrePartenaire1987!',
      'Relais Intégration Télécom 2026',
      'partenaire@relais.test 2026',
    ]) {
      const res = await s.post('/api/v1/auth/password', { currentPassword: demoPassword, newPassword });
      expect(res.statusCode, newPassword).toBe(400);
      expect(res.json().error.details[0].path).toBe('newPassword');
      expect(res.json().error.message).toMatch(/deviner|démonstration/);
    }
    const admin = await loginAs(t.app, 'admin@relais.test');
    const created = await admin.post('/api/v1/users', {
      email: 'julie.martin@relais.test',
      name: 'Julie Martin',
      role: 'support',
      password: 'JulieMartin2026!',
    });
    expect(created.statusCode).toBe(400);
    expect(created.json().error.message).toMatch(/vos nom et adresse e-mail/);
  });

  it('keeps answering health within 50 ms while a 1,024-character password is estimated', async () => {
    const s = await loginAs(t.app, 'partenaire@relais.test');
    const words = ['abricot', 'gouttière', 'Vercors', 'lanterne', 'quinze', 'Ouessant', 'brume', 'cadran'];
    const newPassword = Array.from({ length: 200 }, (_, i) => words[(i * 7 + (i >> 2)) % words.length])
      .join(' ')
      .slice(0, 1024);
    expect(newPassword).toHaveLength(1024);
    let done = false;
    const change = s.post('/api/v1/auth/password', { currentPassword: demoPassword, newPassword });
    void change.finally(() => {
      done = true;
    });
    const latencies: number[] = [];
    // Samples while the change runs, and at least five in all: a fast machine may finish the
    // estimate before a third sample, which says nothing about the event loop.
    while (!done || latencies.length < 5) {
      const start = performance.now();
      expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
      latencies.push(performance.now() - start);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect((await change).statusCode).toBe(204);
    // On the event loop the estimate held every request for seconds. Off it, health answers in a few
    // milliseconds; a shared, loaded machine still delays some samples (scheduling, GC, other tests).
    const sorted = [...latencies].sort((x, y) => x - y);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(50);
    expect(sorted.at(-1)).toBeLessThan(1000);
  });

  it('throttles wrong current passwords like failed logins: 429 after 5 within 15 minutes', async () => {
    const s = await loginAs(t.app, 'chef.projet@relais.test');
    for (let i = 1; i <= 5; i++) {
      const res = await s.post('/api/v1/auth/password', {
        currentPassword: `faux-${i}`,
        newPassword: strong,
      });
      expect(res.statusCode).toBe(400);
    }
    const sixth = await s.post('/api/v1/auth/password', {
      currentPassword: demoPassword,
      newPassword: strong,
    });
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().error.code).toBe('rate_limited');
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login('chef.projet@relais.test', demoPassword)).statusCode).toBe(429);
  });
});

describe('two-factor authentication', () => {
  it('requires enrolment for admin before anything else, then a TOTP code at login', async () => {
    const res = await login('compta@relais.test', 'demo-relais-2026');
    expect(res.json().totpEnrollmentRequired).toBe(true);
    const s = new Session(t.app, cookieOf(res));
    const blocked = await s.get('/api/v1/clients');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('totp_enrollment_required');
    const { secret } = (await s.post('/api/v1/auth/totp/setup')).json();
    const bad = await s.post('/api/v1/auth/totp/confirm', { code: '000000' });
    expect(bad.statusCode).toBe(400);
    expect((await s.post('/api/v1/auth/totp/confirm', { code: totpCode(secret) })).statusCode).toBe(204);
    expect((await s.get('/api/v1/clients')).statusCode).toBe(200);
    // Cannot turn it off: mandatory for the role.
    expect((await s.post('/api/v1/auth/totp/disable', { password: 'demo-relais-2026' })).statusCode).toBe(
      403,
    );

    clock.advance(31_000);
    const noCode = await login('compta@relais.test', 'demo-relais-2026');
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().error.code).toBe('totp_required');
    const code = totpCode(secret);
    expect((await login('compta@relais.test', 'demo-relais-2026', { totp: code })).statusCode).toBe(200);
    // The same code cannot be replayed.
    expect((await login('compta@relais.test', 'demo-relais-2026', { totp: code })).statusCode).toBe(401);
    clock.reset();
  });
});

describe('two-factor replay', () => {
  it('opens one session only when six logins carry the same code at once', async () => {
    const s = await loginAs(t.app, 'adv@relais.test');
    const { secret } = (await s.post('/api/v1/auth/totp/setup')).json();
    expect((await s.post('/api/v1/auth/totp/confirm', { code: totpCode(secret) })).statusCode).toBe(204);
    clock.advance(31_000);
    const code = totpCode(secret);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => login('adv@relais.test', 'demo-relais-2026', { totp: code })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 401, 401, 401, 401, 401]);
    clock.reset();
  });
});

describe('API tokens', () => {
  it('authenticates a Bearer token scoped to its role and partner, shown once, then revoked', async () => {
    const admin = await loginAs(t.app, 'admin@relais.test');
    const partners = (await admin.get('/api/v1/partners')).json().items;
    const partnerA = partners.find((p: { name: string }) => p.name.startsWith('Ouest'));
    const created = await admin.post('/api/v1/api-tokens', {
      name: 'Portail A',
      role: 'partenaire',
      partnerId: partnerA.id,
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^rls_/);
    const list = (await admin.get('/api/v1/api-tokens')).json().items;
    expect(JSON.stringify(list)).not.toContain(token);

    const bearer = { authorization: `Bearer ${token}` };
    const clients = await t.app.inject({ method: 'GET', url: '/api/v1/clients?limit=200', headers: bearer });
    expect(clients.statusCode).toBe(200);
    expect(clients.json().items.length).toBeGreaterThan(0);
    expect(clients.json().items.every((c: { partnerId: string }) => c.partnerId === partnerA.id)).toBe(true);
    // Bearer requests need no CSRF header.
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/v1/clients',
      headers: bearer,
      payload: { name: 'Pharmacie par API' },
    });
    expect(create.statusCode).toBe(201);
    expect(create.json().partnerId).toBe(partnerA.id);

    expect((await admin.delete(`/api/v1/api-tokens/${id}`)).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/clients', headers: bearer })).statusCode).toBe(
      401,
    );
  });
});
