import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interventionTechnicians, technicians, users } from '../../db/schema/index.ts';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/harness.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { registerTimelineSource, type TimelineEntry } from './timeline.ts';

let t: TestApp;
let adv: Session;
let partnerA: Session;
let partnerB: Session;
beforeAll(async () => {
  t = await createTestApp();
  adv = await loginAs(t.app, 'adv@relais.test');
  partnerA = await loginAs(t.app, 'partenaire@relais.test');
  partnerB = await loginAs(t.app, 'partenaire2@relais.test');
});
afterAll(() => t.close());

type Entry = {
  id: string;
  source: string;
  at: string;
  actor: string | null;
  text: string;
  entityType: string | null;
};

async function timeline(s: Session, clientId: string, limit = 50): Promise<Entry[]> {
  const out: Entry[] = [];
  let cursor: string | null = null;
  do {
    const res = await s.get(
      `/api/v1/clients/${clientId}/timeline?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(res.statusCode).toBe(200);
    out.push(...res.json().items);
    cursor = res.json().nextCursor;
  } while (cursor);
  return out;
}

const origin = { ip: '127.0.0.1', requestId: 'test', actorLabel: 'Adèle Ventes' };

describe('client history timeline', () => {
  it('tells the audit log in French, newest first, page by page', async () => {
    const created = await adv.post('/api/v1/clients', { name: 'Pharmacie du Parc', status: 'prospect' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect((await adv.patch(`/api/v1/clients/${id}`, { status: 'actif', city: 'Lyon' })).statusCode).toBe(
      200,
    );
    await recordAudit(t.database.db, origin, {
      category: 'business',
      action: 'create',
      entityType: 'site',
      entityId: 'x',
      clientId: id,
      after: { name: 'Siège' },
    });
    await recordAudit(t.database.db, origin, {
      category: 'business',
      action: 'delete',
      entityType: 'contact',
      entityId: 'y',
      clientId: id,
      before: { firstName: 'Jeanne', lastName: 'Martin' },
    });

    const all = await timeline(adv, id);
    expect(all.map((e) => e.text)).toEqual([
      'Adèle Ventes a supprimé le contact Jeanne Martin',
      'Adèle Ventes a ajouté le site Siège',
      'Adèle Ventes a modifié le client (statut : Prospect → Actif ; ville : — → Lyon)',
      'Adèle Ventes a créé le client',
    ]);
    expect(all.every((e) => e.source === 'audit' && e.actor === 'Adèle Ventes')).toBe(true);
    const times = all.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    // One entry per page: the same entries, in the same order, none twice.
    const paged = await timeline(adv, id, 1);
    expect(paged.map((e) => e.id)).toEqual(all.map((e) => e.id));

    const bad = await adv.get(`/api/v1/clients/${id}/timeline?cursor=nimportequoi`);
    expect(bad.statusCode).toBe(400);
  });

  it('merges the entries of a registered source by date, only for users who may read its module', async () => {
    const id = (await adv.post('/api/v1/clients', { name: 'Assurances Ribeiro' })).json().id as string;
    const created = (await timeline(adv, id))[0]!;
    const base = Date.parse(created.at);
    const tickets: TimelineEntry[] = [
      {
        id: 'ticket:T-2026-000002',
        at: new Date(base + 60_000),
        actor: 'Samuel Support',
        text: 'Ticket ouvert',
        link: '/tickets/2',
        entityType: 'ticket',
      },
      {
        id: 'ticket:T-2026-000001',
        at: new Date(base - 60_000),
        actor: null,
        text: 'Ticket ancien',
        link: '/tickets/1',
        entityType: 'ticket',
      },
    ];
    const unregister = registerTimelineSource('test-tickets', {
      module: 'tickets',
      async load(_db, clientId, before, limit) {
        if (clientId !== id) return [];
        return tickets
          .filter(
            (e) =>
              !before || e.at < before.at || (e.at.getTime() === before.at.getTime() && e.id < before.key),
          )
          .slice(0, limit);
      },
    });
    try {
      expect(() =>
        registerTimelineSource('test-tickets', { module: 'tickets', load: async () => [] }),
      ).toThrow();
      for (const limit of [50, 1]) {
        const entries = await timeline(adv, id, limit);
        expect(entries.map((e) => e.text)).toEqual([
          'Ticket ouvert',
          'Adèle Ventes a créé le client',
          'Ticket ancien',
        ]);
        expect(entries[0]).toMatchObject({ source: 'test-tickets', link: '/tickets/2' });
      }
      // Accounting reads clients but not tickets: the source is not even asked.
      const compta = await loginAs(t.app, 'compta@relais.test');
      expect((await timeline(compta, id)).map((e) => e.text)).toEqual(['Adèle Ventes a créé le client']);
    } finally {
      unregister();
    }
  });

  it('answers 404 to partner B on partner A’s client, and never shows internal notes to a partner', async () => {
    const res = await partnerA.post('/api/v1/clients', { name: 'Cabinet médical des Lilas' });
    expect(res.statusCode).toBe(201);
    const id = res.json().id as string;
    await recordAudit(
      t.database.db,
      { ...origin, actorLabel: 'Samuel Support' },
      {
        category: 'business',
        action: 'create',
        entityType: 'client_note',
        entityId: 'n',
        clientId: id,
        after: { body: 'Client difficile, ne pas relancer.' },
      },
    );

    const b = await partnerB.get(`/api/v1/clients/${id}/timeline`);
    expect(b.statusCode).toBe(404);
    expect(b.json().error.code).toBe('not_found');
    expect(
      (await partnerB.get('/api/v1/clients/00000000-0000-4000-8000-000000000000/timeline')).statusCode,
    ).toBe(404);

    const support = await loginAs(t.app, 'support@relais.test');
    expect((await timeline(support, id)).map((e) => e.text)).toEqual([
      'Samuel Support a ajouté une note interne',
      'Pierre Partenaire a créé le client',
    ]);
    const seenByA = await timeline(partnerA, id);
    expect(seenByA.map((e) => e.text)).toEqual(['Pierre Partenaire a créé le client']);
    expect(seenByA.some((e) => e.entityType === 'client_note')).toBe(false);
  });

  it('shows each entry only to those who read its module, on the rows of their scope', async () => {
    const id = (await adv.post('/api/v1/clients', { name: 'Optique Vauban' })).json().id as string;
    const support = await loginAs(t.app, 'support@relais.test');
    const ticket = await support.post('/api/v1/tickets', {
      clientId: id,
      type: 'incident',
      subject: 'Standard muet depuis ce matin',
    });
    expect(ticket.statusCode).toBe(201);
    const created = await adv.post('/api/v1/interventions', {
      clientId: id,
      kind: 'sav',
      remote: true,
      title: 'Reconfiguration du serveur vocal',
    });
    expect(created.statusCode).toBe(201);
    const intervention = created.json();
    const renamed = await adv.patch(`/api/v1/interventions/${intervention.id}`, {
      version: intervention.version,
      title: 'Reconfiguration complète du serveur vocal',
    });
    expect(renamed.statusCode).toBe(200);

    const kinds = (entries: Entry[]) =>
      [...new Set(entries.map((e) => `${e.source}:${e.entityType}`))].sort();
    const mentions = (entries: Entry[], word: string) => entries.some((e) => e.text.includes(word));

    // ADV reads everything: the client, the ticket and the intervention, from their sources and the audit log.
    const all = await timeline(adv, id);
    expect(kinds(all)).toEqual([
      'audit:client',
      'audit:intervention',
      'audit:ticket',
      'interventions:intervention',
      'tickets:ticket',
    ]);

    // Accounting reads neither tickets nor interventions: not even their titles through the audit log.
    const compta = await loginAs(t.app, 'compta@relais.test');
    const seenByCompta = await timeline(compta, id);
    expect(kinds(seenByCompta)).toEqual(['audit:client']);
    expect(mentions(seenByCompta, 'Standard muet')).toBe(false);
    expect(mentions(seenByCompta, 'serveur vocal')).toBe(false);

    // Support reads tickets, not interventions.
    const seenBySupport = await timeline(support, id);
    expect(kinds(seenBySupport)).toEqual(['audit:client', 'audit:ticket', 'tickets:ticket']);
    expect(mentions(seenBySupport, 'Standard muet')).toBe(true);
    expect(mentions(seenBySupport, 'serveur vocal')).toBe(false);

    // A field technician reads only his own interventions: none until he is on this one.
    const tech = await loginAs(t.app, 'tech.terrain@relais.test');
    expect(kinds(await timeline(tech, id))).toEqual(['audit:client', 'audit:ticket', 'tickets:ticket']);
    const [mine] = await t.database.db
      .select({ id: technicians.id })
      .from(technicians)
      .innerJoin(users, eq(users.id, technicians.userId))
      .where(eq(users.email, 'tech.terrain@relais.test'));
    await t.database.db
      .insert(interventionTechnicians)
      .values({ interventionId: intervention.id, technicianId: mine!.id });
    const seenByTech = await timeline(tech, id);
    expect(kinds(seenByTech)).toEqual(kinds(all));
    expect(seenByTech.filter((e) => e.entityType === 'intervention')).toHaveLength(
      all.filter((e) => e.entityType === 'intervention').length,
    );
  });

  it('words a reply in French with the ticket’s number and link, the same for a partner and in the admin’s journal', async () => {
    const id = (await partnerA.post('/api/v1/clients', { name: 'Boulangerie des Canuts' })).json()
      .id as string;
    const support = await loginAs(t.app, 'support@relais.test');
    const ticket = (
      await support.post('/api/v1/tickets', { clientId: id, type: 'incident', subject: 'Coupures d’appels' })
    ).json();
    const reply = await support.post(`/api/v1/tickets/${ticket.id}/messages`, {
      body: 'Nous regardons la ligne.',
    });
    expect(reply.statusCode).toBe(201);
    await support.post(`/api/v1/tickets/${ticket.id}/messages`, {
      visibility: 'internal',
      body: 'Note interne',
    });

    const sentence = `Samuel Support a répondu au ticket ${ticket.number}`;
    const seenByA = (await timeline(partnerA, id)) as (Entry & { link: string | null })[];
    const replied = seenByA.find((e) => e.entityType === 'ticket_message');
    expect(replied).toMatchObject({ text: sentence, link: `/tickets/${ticket.id}` });
    expect(seenByA.map((e) => e.text).join('\n')).not.toMatch(/« ?[a-z_]+ ?»|ticket_message|un élément/);
    expect(seenByA.some((e) => e.text.includes('note interne'))).toBe(false);

    const admin = await loginAs(t.app, 'admin@relais.test');
    const journal = (await admin.get('/api/v1/audit-log?entityType=ticket_message&limit=5')).json().items;
    expect(journal[0]).toMatchObject({
      action: 'note',
      sentence: `Samuel Support a ajouté une note interne au ticket ${ticket.number}`,
      link: `/tickets/${ticket.id}`,
    });
    expect(journal[1]).toMatchObject({ action: 'reply', sentence, link: `/tickets/${ticket.id}` });
    const [created] = (await admin.get(`/api/v1/audit-log?entityId=${ticket.id}`)).json().items;
    expect(created.sentence).toMatch(new RegExp(`^Samuel Support a ouvert le ticket ${ticket.number}`));
    expect(created.changes).toEqual(
      expect.arrayContaining([
        { field: 'subject', label: 'objet', before: null, after: 'Coupures d’appels' },
        { field: 'status', label: 'statut', before: null, after: 'Ouvert' },
      ]),
    );
  });
});
