import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchOut } from '../../../shared/schemas/search.ts';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/harness.ts';

/**
 * Tickets « à qualifier » (an e-mail from an unknown sender: no client yet), issue 15 follow-ups:
 * staff who read every ticket find them in the global search (number, subject, requester's
 * address) and filter the queue on them, with a count; partners never see them; the map, where they
 * have no place, still answers.
 */
let t: TestApp;
let support: Session;
let partner: Session;
let token: string;
const requester = 'marc.durand@exemple-inconnu.fr';
let made: { ticketId: string; number: string };

const send = (from: string, subject: string, messageId: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/tickets/inbound-email',
    headers: { authorization: `Bearer ${token}` },
    payload: { messageId, from, subject, text: 'Bonjour, plus rien ne fonctionne.' },
  });

const mapTicketPoints = async (s: Session) => {
  const res = await s.get('/api/v1/map/points?layers=tickets');
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().tickets?.lat as unknown[] | undefined)?.length ?? 0;
};

let pointsBefore = 0;
beforeAll(async () => {
  t = await createTestApp();
  support = await loginAs(t.app, 'support@relais.test');
  partner = await loginAs(t.app, 'partenaire@relais.test');
  const admin = await loginAs(t.app, 'admin@relais.test');
  token = (await admin.post('/api/v1/api-tokens', { name: 'Passerelle e-mail', role: 'support' })).json()
    .token as string;
  pointsBefore = await mapTicketPoints(support);
  const res = await send(
    `Marc Durand <${requester}>`,
    'Standard muet après la coupure électrique',
    '<q1@x.fr>',
  );
  expect(res.statusCode, res.body).toBe(201);
  made = res.json();
});
afterAll(async () => {
  await t?.close();
});

const ticketHits = async (s: Session, q: string) => {
  const res = await s.get(`/api/v1/search?q=${encodeURIComponent(q)}&types=tickets&limit=20`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as SearchOut).groups.find((g) => g.type === 'tickets')?.items ?? [];
};

describe('tickets « à qualifier » in the global search', () => {
  it('are found by staff by number, subject words and requester address, named « À qualifier »', async () => {
    const byNumber = await ticketHits(support, made.number);
    expect(byNumber[0]).toMatchObject({ id: made.ticketId, field: 'number', match: 'exact' });
    expect(byNumber[0]!.subtitle).toMatch(/^À qualifier · /);
    for (const q of ['coupure electrique', 'standard muet', 'coupur électriqe']) {
      expect(
        (await ticketHits(support, q)).map((h) => h.id),
        q,
      ).toContain(made.ticketId);
    }
    const byEmail = await ticketHits(support, requester.toUpperCase());
    expect(byEmail[0]).toMatchObject({
      id: made.ticketId,
      field: 'requester',
      match: 'exact',
      value: requester,
    });
    expect(byEmail[0]!.fieldLabel).toBe('Demandeur');
    for (const q of ['marc.durand', 'marc.durand@', 'marc.durand@exemple']) {
      expect((await ticketHits(support, q))[0], q).toMatchObject({ id: made.ticketId, field: 'requester' });
    }
  });

  it('are never found by a partner: they belong to no partner', async () => {
    for (const q of [made.number, 'coupure electrique', requester, 'marc.durand']) {
      expect(
        (await ticketHits(partner, q)).map((h) => h.id),
        q,
      ).not.toContain(made.ticketId);
    }
  });
});

describe('the « À qualifier » filter of the queue', () => {
  it('lists only the tickets without client, and counts the open ones', async () => {
    await send('Autre Inconnu <autre@ailleurs.fr>', 'Renvoi d’appel impossible', '<q2@x.fr>');
    const only = (await support.get('/api/v1/tickets?queue=all&unqualified=true&limit=100')).json();
    expect(only.items.length).toBeGreaterThanOrEqual(2);
    expect(only.items.map((x: { id: string }) => x.id)).toContain(made.ticketId);
    for (const x of only.items) expect(x).toMatchObject({ clientId: null, clientName: 'À qualifier' });
    const others = (await support.get('/api/v1/tickets?queue=all&unqualified=false&limit=100')).json();
    expect(others.items.length).toBeGreaterThan(0);
    for (const x of others.items) expect(x.clientId).not.toBeNull();
    const counts = (await support.get('/api/v1/tickets/counts')).json();
    expect(counts.unqualified).toBe(only.items.length);
    // Combined with a queue: the unassigned ones among them.
    const unassigned = (
      await support.get('/api/v1/tickets?queue=unassigned&unqualified=true&limit=100')
    ).json();
    for (const x of unassigned.items) expect(x).toMatchObject({ clientId: null, assigneeId: null });
    const bad = await support.get('/api/v1/tickets?unqualified=oui');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0]).toMatchObject({
      path: 'unqualified',
      message: 'À qualifier : true ou false.',
    });
  });

  it('is offered (capability) to who sees them, never to a partner, whose count is 0', async () => {
    const caps = async (s: Session) => (await s.get('/api/v1/auth/me')).json().capabilities;
    expect((await caps(support)).seeUnqualifiedTickets).toBe(true);
    expect((await caps(partner)).seeUnqualifiedTickets).toBe(false);
    expect((await partner.get('/api/v1/tickets/counts')).json().unqualified).toBe(0);
    const listed = (await partner.get('/api/v1/tickets?queue=all&unqualified=true&limit=100')).json();
    expect(listed.items).toEqual([]);
  });
});

describe('the map', () => {
  it('has no place for a ticket without client: the layer still answers, without it', async () => {
    expect(await mapTicketPoints(support)).toBe(pointsBefore);
    const card = await support.get(`/api/v1/map/cards/tickets/${made.ticketId}`);
    expect(card.statusCode).toBe(404);
    expect(card.json().error.message).toMatch(/introuvable/i);
  });
});
