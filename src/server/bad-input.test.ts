import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type Session, type TestApp } from './test/harness.ts';

/** Ordinary bad input answers a 400 with the field's path and a French message, never a 500. */

let t: TestApp;
let admin: Session;
let clientId: string;
beforeAll(async () => {
  t = await createTestApp({ workers: false });
  admin = await loginAs(t.app, 'admin@relais.test');
  clientId = (await admin.get('/api/v1/clients?limit=1')).json().items[0].id;
}, 300_000); // The app and its database copy: slow on a busy machine.
afterAll(() => t.close());

const firstId = async (url: string): Promise<string> => {
  const json = (await admin.get(url)).json();
  return (Array.isArray(json) ? json : json.items)[0].id;
};

describe('texts the database cannot store', () => {
  it('refuses a NUL in a body string, with its path', async () => {
    const res = await admin.post('/api/v1/clients', { name: 'a\u0000b' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'validation_failed',
      details: [{ path: 'name', message: 'Le texte contient un caractère nul (U+0000), non accepté.' }],
    });
  });

  it('refuses a NUL in a query parameter', async () => {
    const res = await admin.get('/api/v1/search?q=a%00');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([
      { path: 'q', message: expect.stringContaining('caractère nul') },
    ]);
  });

  it('refuses a lone surrogate, however deep', async () => {
    const ticketId = await firstId('/api/v1/tickets?limit=1');
    const res = await admin.post(`/api/v1/tickets/${ticketId}/escalate`, { reason: 'a\uD800b' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([
      {
        path: 'reason',
        message: 'Le texte contient un caractère invalide (moitié isolée d’une paire UTF-16).',
      },
    ]);
    const deep = await admin.post('/api/v1/interventions', {
      clientId,
      kind: 'sav',
      remote: true,
      title: 'Panne',
      checklist: [{ label: 'ok' }, { label: '\uDC00 fin' }],
    });
    expect(deep.statusCode).toBe(400);
    expect(deep.json().error.details).toEqual([{ path: 'checklist.1.label', message: expect.any(String) }]);
  });
});

describe('other bad input', () => {
  it('refuses an empty update on every PATCH (sites, contacts, skills, SLA calendars and policies)', async () => {
    const urls = [
      `/api/v1/clients/${clientId}/sites/${await firstId(`/api/v1/clients/${clientId}/sites`)}`,
      `/api/v1/clients/${clientId}/contacts/${await firstId(`/api/v1/clients/${clientId}/contacts`)}`,
      `/api/v1/skills/${await firstId('/api/v1/skills')}`,
      `/api/v1/sla/calendars/${await firstId('/api/v1/sla/calendars')}`,
      `/api/v1/sla/policies/${await firstId('/api/v1/sla/policies')}`,
    ];
    for (const url of urls) {
      const res = await admin.patch(url, {});
      expect({ url, status: res.statusCode, error: res.json().error }).toEqual({
        url,
        status: 400,
        error: { code: 'validation_failed', message: 'Aucun champ à modifier : envoyez au moins un champ.' },
      });
    }
  });

  it('refuses an intervention tied to a ticket that does not exist, on its field', async () => {
    const res = await admin.post('/api/v1/interventions', {
      clientId,
      kind: 'sav',
      remote: true,
      title: 'Panne du standard',
      ticketId: '3f1e8a52-6b7c-4d2e-9a10-5c4b3a291807',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([{ path: 'ticketId', message: 'Ticket inconnu.' }]);
  });

  it('refuses a cursor out of range or of the wrong shape', async () => {
    const huge = await admin.get('/api/v1/audit-log?cursor=99999999999999999999');
    expect(huge.statusCode).toBe(400);
    expect(huge.json().error.details).toEqual([
      { path: 'cursor', message: expect.stringContaining('Curseur') },
    ]);
    const wrongTypes = Buffer.from(JSON.stringify(['abc', 'abc'])).toString('base64url');
    for (const url of ['/api/v1/clients', '/api/v1/users', '/api/v1/interventions', '/api/v1/technicians']) {
      const res = await admin.get(`${url}?cursor=${wrongTypes}`);
      expect({ url, status: res.statusCode }).toEqual({ url, status: 400 });
    }
    // A number no sort key holds, where a date is read (PGlite's driver threw « Invalid time value »).
    for (const [url, parts] of [
      ['/api/v1/interventions', 3],
      ['/api/v1/tickets', 3],
      ['/api/v1/contracts', 2],
    ] as const) {
      const cursor = Buffer.from(JSON.stringify(Array(parts).fill(1e300))).toString('base64url');
      const res = await admin.get(`${url}?cursor=${cursor}`);
      expect({ url, status: res.statusCode }).toEqual({ url, status: 400 });
    }
  });
});

describe('searches', () => {
  it('match % and _ literally in the client and user searches', async () => {
    for (const q of ['%25', '_', '%25%25', '%5C']) {
      for (const url of [
        '/api/v1/clients',
        '/api/v1/users',
        '/api/v1/interventions',
        '/api/v1/technicians',
      ]) {
        const res = await admin.get(`${url}?q=${q}`);
        expect({ url, q, status: res.statusCode, items: res.json().items.length }).toEqual({
          url,
          q,
          status: 200,
          items: 0,
        });
      }
    }
  });
});
