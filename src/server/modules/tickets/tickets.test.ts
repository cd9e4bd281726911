import type { AddressInfo } from 'node:net';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clients,
  contacts,
  outboundMessages,
  sites,
  ticketMessages,
  tickets,
} from '../../db/schema/index.ts';
import type { Db } from '../../infra/db.ts';
import { createTestApp, formOf, loginAs, type Session, type TestApp } from '../../test/harness.ts';
import { eventOf, openEventStream, type SseStream } from '../notifications/sse-client.ts';

let t: TestApp;
let db: Db;
let base: string;
let support: Session;
let partnerA: Session & { partnerId: string };
let partnerB: Session & { partnerId: string };
const streams: SseStream[] = [];

/** A client of partner A (or of no partner) with a site and a contact that has an e-mail. */
async function clientWithContact(partnerId: string | null) {
  const [row] = await db
    .select({ clientId: clients.id, contactId: contacts.id, email: contacts.email, siteId: sites.id })
    .from(clients)
    .innerJoin(contacts, eq(contacts.clientId, clients.id))
    .innerJoin(sites, eq(sites.clientId, clients.id))
    .where(
      and(
        partnerId ? eq(clients.partnerId, partnerId) : sql`${clients.partnerId} IS NULL`,
        isNotNull(contacts.email),
      ),
    )
    .limit(1);
  return row!;
}

let a: Awaited<ReturnType<typeof clientWithContact>>;
let direct: Awaited<ReturnType<typeof clientWithContact>>;
let otherSiteId: string;

beforeAll(async () => {
  t = await createTestApp();
  db = t.database.db;
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  support = await loginAs(t.app, 'support@relais.test');
  const me = async (email: string) => {
    const s = await loginAs(t.app, email);
    const u = (await s.get('/api/v1/auth/me')).json().user;
    return Object.assign(s, { partnerId: u.partnerId as string });
  };
  partnerA = await me('partenaire@relais.test');
  partnerB = await me('partenaire2@relais.test');
  a = await clientWithContact(partnerA.partnerId);
  direct = await clientWithContact(null);
  otherSiteId = direct.siteId;
});
afterAll(async () => {
  for (const s of streams) s.close();
  await t?.close();
});

async function openTicket(session: Session, body: Record<string, unknown> = {}) {
  const res = await session.post('/api/v1/tickets', {
    clientId: a.clientId,
    siteId: a.siteId,
    contactId: a.contactId,
    type: 'incident',
    priority: 'P2',
    subject: 'Standard téléphonique en panne',
    description: 'Plus aucun appel entrant depuis ce matin.',
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('tickets', () => {
  it('labels a ticket opened with a partner’s API token `api`, not `portail`', async () => {
    const admin = await loginAs(t.app, 'admin@relais.test');
    const created = await admin.post('/api/v1/api-tokens', {
      name: 'Intégration A',
      role: 'partenaire',
      partnerId: partnerA.partnerId,
    });
    expect(created.statusCode, created.body).toBe(201);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: { authorization: `Bearer ${created.json().token}` },
      payload: { clientId: a.clientId, type: 'incident', subject: 'Ouvert par l’intégration du partenaire' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().channel).toBe('api');
  });

  it('lets a partner open a ticket for its own client only, on the portal channel', async () => {
    const tk = await openTicket(partnerA, { channel: 'telephone' });
    expect(tk.number).toMatch(/^T-\d{4}-\d{6}$/);
    expect(tk.channel).toBe('portail');
    expect(tk.status).toBe('ouvert');
    expect(tk.partnerId).toBe(partnerA.partnerId);
    expect(tk.abilities.internalNote).toBe(false);
    const foreign = await partnerB.post('/api/v1/tickets', {
      clientId: a.clientId,
      type: 'incident',
      subject: 'Pas mon client',
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details[0].path).toBe('clientId');
    // The ticket's e-mail went to the contact, co-branded for partner A.
    const [mail] = await db
      .select()
      .from(outboundMessages)
      .where(eq(outboundMessages.idempotencyKey, `ticket-created:${tk.id}`));
    expect(mail?.recipient).toBe(a.email);
    expect(mail?.subject).toContain(tk.number);
  });

  it('refuses a site, contact or platform of another client, naming the field', async () => {
    const res = await support.post('/api/v1/tickets', {
      clientId: a.clientId,
      siteId: otherSiteId,
      type: 'demande',
      subject: 'Site d’un autre client',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { path: string }) => d.path)).toEqual(['siteId']);
  });

  it('enforces the status transitions and the version', async () => {
    const tk = await openTicket(support);
    const bad = await support.post(`/api/v1/tickets/${tk.id}/status`, { to: 'clos' });
    expect(bad.statusCode).toBe(409);
    expect(bad.json().error.message).toContain('« Ouvert »');
    expect(bad.json().error.message).toContain('« Clos »');
    for (const to of ['en_cours', 'en_attente_client', 'en_cours', 'resolu', 'clos']) {
      const r = await support.post(`/api/v1/tickets/${tk.id}/status`, { to });
      expect(r.statusCode, `${to}: ${r.body}`).toBe(200);
    }
    const after = (await support.get(`/api/v1/tickets/${tk.id}`)).json();
    expect(after.status).toBe('clos');
    expect(after.closedAt).not.toBeNull();
    expect(after.nextStatuses).toEqual([]);
    const reopen = await support.post(`/api/v1/tickets/${tk.id}/status`, { to: 'en_cours' });
    expect(reopen.statusCode).toBe(409);
    const stale = await support.patch(`/api/v1/tickets/${tk.id}`, { version: 1, priority: 'P1' });
    expect(stale.statusCode).toBe(409);
    // The queues hold open tickets (« Tous » too); a status filter reaches the closed ones.
    const ids = async (query: string) =>
      (await support.get(`/api/v1/tickets?limit=200&clientId=${a.clientId}${query}`))
        .json()
        .items.map((x: { id: string }) => x.id);
    expect(await ids('&queue=all')).not.toContain(tk.id);
    expect(await ids('&queue=all&status=clos')).toContain(tk.id);
    expect(await ids('&queue=all&status=resolu,clos&sort=recent')).toContain(tk.id);
  });

  it('escalates level by level up to the direction', async () => {
    const tk = await openTicket(support);
    for (const level of [1, 2, 3]) {
      const r = await support.post(`/api/v1/tickets/${tk.id}/escalate`, { reason: 'Client très mécontent' });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().escalationLevel).toBe(level);
      expect(r.json().status).toBe('escalade');
    }
    const r = await support.post(`/api/v1/tickets/${tk.id}/escalate`, { reason: 'Encore' });
    expect(r.statusCode).toBe(409);
    expect((await partnerA.post(`/api/v1/tickets/${tk.id}/escalate`, { reason: 'Vite' })).statusCode).toBe(
      403,
    );
  });

  it('hides partner A’s ticket, its messages and attachments from partner B everywhere', async () => {
    const streamB = await openEventStream(`${base}/api/v1/events`, { cookie: partnerB.cookie });
    const streamA = await openEventStream(`${base}/api/v1/events`, { cookie: partnerA.cookie });
    streams.push(streamA, streamB);
    const tk = await openTicket(partnerA, { subject: 'Téléphones Yealink muets' });
    const reply = await partnerA.post(
      `/api/v1/tickets/${tk.id}/messages`,
      formOf({ visibility: 'public', body: 'Voici la capture.' }, 'attachments', [
        { name: 'journal.log', content: 'ligne 1\nligne 2\n', type: 'application/octet-stream' },
      ]),
    );
    expect(reply.statusCode, reply.body).toBe(201);
    const fileId = reply.json().attachments[0].id;
    expect((await partnerB.get(`/api/v1/tickets/${tk.id}`)).statusCode).toBe(404);
    expect((await partnerB.get(`/api/v1/tickets/${tk.id}/messages`)).statusCode).toBe(404);
    expect((await partnerB.get(`/api/v1/tickets/${tk.id}/attachments/${fileId}`)).statusCode).toBe(404);
    expect((await partnerB.post(`/api/v1/tickets/${tk.id}/messages`, { body: 'x' })).statusCode).toBe(404);
    expect((await partnerB.post(`/api/v1/tickets/${tk.id}/status`, { to: 'en_cours' })).statusCode).toBe(404);
    const listB = (await partnerB.get('/api/v1/tickets?limit=200')).json().items;
    expect(listB.some((x: { id: string }) => x.id === tk.id)).toBe(false);
    const countsB = (await partnerB.get('/api/v1/tickets/counts')).json();
    const res =
      await db.execute(sql`SELECT count(*)::int AS n FROM tickets t JOIN clients c ON c.id = t.client_id
        WHERE c.partner_id = ${partnerB.partnerId}::uuid AND t.status NOT IN ('resolu', 'clos')`);
    const n = Number((res as unknown as { rows: { n: number }[] }).rows[0]!.n);
    expect(countsB.all).toBe(n);
    const searchB = (await partnerB.get(`/api/v1/search?q=${tk.number}`)).json();
    expect(JSON.stringify(searchB)).not.toContain(tk.id);
    const searchA = (await partnerA.get(`/api/v1/search?q=${tk.number}`)).json();
    expect(JSON.stringify(searchA)).toContain(tk.id);
    const dl = await partnerA.get(`/api/v1/tickets/${tk.id}/attachments/${fileId}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-disposition']).toMatch(/^attachment;/);
    // Partner A hears of its ticket live; partner B hears nothing of it.
    await streamA.next((m) => eventOf(m).type === 'ticket.changed' && eventOf(m).payload.ticketId === tk.id);
    const end = await support.post('/api/v1/tickets', {
      clientId: direct.clientId,
      type: 'demande',
      subject: 'Marqueur de fin',
    });
    const endId = end.json().id;
    // Staff events of a direct client do not reach partners either: wait on a B event instead.
    const ofB = await clientWithContact(partnerB.partnerId);
    const tb = await openTicket(partnerB, {
      clientId: ofB.clientId,
      siteId: ofB.siteId,
      contactId: ofB.contactId,
    });
    await streamB.next((m) => eventOf(m).type === 'ticket.changed' && eventOf(m).payload.ticketId === tb.id);
    const seen = streamB.messages.map((m) => JSON.stringify(eventOf(m)));
    expect(seen.some((s) => s.includes(tk.id))).toBe(false);
    expect(seen.some((s) => s.includes(endId))).toBe(false);
  });

  it('never shows internal notes to partners: list, attachments, client history, events', async () => {
    const tk = await openTicket(partnerA, { subject: 'Routeur qui redémarre' });
    const note = await support.post(
      `/api/v1/tickets/${tk.id}/messages`,
      formOf({ visibility: 'internal', body: 'NOTE-SECRETE client difficile' }, 'attachments', [
        { name: 'analyse.csv', content: 'a;b\n1;2\n', type: 'text/csv' },
      ]),
    );
    expect(note.statusCode, note.body).toBe(201);
    expect(note.json().attachments[0].mimeType).toContain('text/csv');
    const pub = await support.post(`/api/v1/tickets/${tk.id}/messages`, {
      visibility: 'public',
      body: 'Nous regardons cela.',
    });
    expect(pub.statusCode).toBe(201);
    const seenByA = (await partnerA.get(`/api/v1/tickets/${tk.id}/messages`)).json().items;
    expect(seenByA.map((m: { body: string }) => m.body)).toEqual(['Nous regardons cela.']);
    const seenByStaff = (await support.get(`/api/v1/tickets/${tk.id}/messages`)).json().items;
    expect(seenByStaff).toHaveLength(2);
    const fileId = note.json().attachments[0].id;
    expect((await partnerA.get(`/api/v1/tickets/${tk.id}/attachments/${fileId}`)).statusCode).toBe(404);
    expect((await support.get(`/api/v1/tickets/${tk.id}/attachments/${fileId}`)).statusCode).toBe(200);
    const internal = await partnerA.post(`/api/v1/tickets/${tk.id}/messages`, {
      visibility: 'internal',
      body: 'Je veux une note',
    });
    expect(internal.statusCode).toBe(403);
    const history = await partnerA.get(`/api/v1/clients/${a.clientId}/timeline?limit=100`);
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain(tk.number);
    expect(history.body).not.toContain('NOTE-SECRETE');
    expect(history.body).not.toContain('« note »');
    // The first public reply of staff is the first response and is emailed to the contact.
    const detail = (await support.get(`/api/v1/tickets/${tk.id}`)).json();
    expect(detail.firstResponseAt).not.toBeNull();
    const [mail] = await db
      .select()
      .from(outboundMessages)
      .where(eq(outboundMessages.idempotencyKey, `ticket-reply:${pub.json().id}`));
    expect(mail?.recipient).toBe(a.email);
    expect(mail?.body).toContain('Nous regardons cela.');
    const leaked = await db
      .select()
      .from(outboundMessages)
      .where(sql`${outboundMessages.body} LIKE '%NOTE-SECRETE%'`);
    expect(leaked).toHaveLength(0);
  });

  it('refuses attachments of a forbidden type (400) or too large (413)', async () => {
    const tk = await openTicket(support);
    const post = (filename: string, data: Buffer | string, mimeType = 'application/octet-stream') =>
      support.post(
        `/api/v1/tickets/${tk.id}/messages`,
        formOf({ visibility: 'internal', body: 'Pièce jointe' }, 'attachments', [
          { name: filename, content: data, type: mimeType },
        ]),
      );
    const html = await post('page.html', '<!doctype html><html><script>alert(1)</script></html>');
    expect(html.statusCode).toBe(400);
    expect(html.json().error.message).toContain('Type de fichier non accepté');
    const svg = await post('logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"></svg>');
    expect(svg.statusCode).toBe(400);
    const exe = await post('setup.exe', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0, 0, 0]));
    expect(exe.statusCode).toBe(400);
    const zip = await post('archive.zip', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(40, 1)]));
    expect(zip.statusCode).toBe(400);
    const big = await post('gros.log', Buffer.alloc(10 * 1024 * 1024 + 10, 'a'));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.message).toBe('Le fichier « gros.log » dépasse la taille maximale de 10 Mo.');
    const eleven = Array.from({ length: 11 }, (_, i) => ({
      name: `note-${i}.txt`,
      content: 'texte',
      type: 'text/plain',
    }));
    const tooMany = await support.post(
      `/api/v1/tickets/${tk.id}/messages`,
      formOf({ visibility: 'internal', body: 'Onze fichiers' }, 'attachments', eleven),
    );
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json().error.message).toBe('Trop de fichiers : 10 au plus.');
    const misnamed = await support.post(
      `/api/v1/tickets/${tk.id}/messages`,
      formOf({ body: 'Mauvais champ' }, 'fichier', [{ name: 'a.txt', content: 'texte', type: 'text/plain' }]),
    );
    expect(misnamed.statusCode).toBe(400);
    expect(misnamed.json().error.details).toEqual([{ path: 'fichier', message: 'Fichier inattendu.' }]);
    // Base64 inside JSON is no longer read: the field is unknown.
    const inJson = await support.post(`/api/v1/tickets/${tk.id}/messages`, {
      body: 'Ancienne forme',
      attachments: [{ filename: 'a.txt', dataBase64: 'dGV4dGU=' }],
    });
    expect(inJson.statusCode).toBe(400);
    const docx = await post(
      'rapport.docx',
      Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from('....[Content_Types].xml....word/document.xml')]),
    );
    expect(docx.statusCode, docx.body).toBe(201);
    const eml = await post(
      'mail.eml',
      'From: a@b.fr\r\nTo: c@d.fr\r\nSubject: test\r\n\r\nCorps',
      'message/rfc822',
    );
    expect(eml.statusCode, eml.body).toBe(201);
    expect(eml.json().attachments[0].mimeType).toBe('message/rfc822');
    // Nothing of the refused messages was kept.
    const count = await db.select().from(ticketMessages).where(eq(ticketMessages.ticketId, tk.id));
    expect(count).toHaveLength(2);
  });

  it('appends an inbound e-mail once, resumes the ticket, and checks the sender', async () => {
    const admin = await loginAs(t.app, 'admin@relais.test');
    const token = (
      await admin.post('/api/v1/api-tokens', { name: 'Passerelle e-mail', role: 'support' })
    ).json().token as string;
    const tk = await openTicket(support);
    await support.post(`/api/v1/tickets/${tk.id}/status`, { to: 'en_attente_client' });
    const send = (body: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/tickets/inbound-email',
        headers: { authorization: `Bearer ${token}` },
        payload: {
          messageId: '<abc@mail.client.fr>',
          from: `Marie Durand <${a.email!.toUpperCase()}>`,
          subject: `Re: [${tk.number}] Standard téléphonique en panne`,
          text: 'Toujours en panne ce matin.',
          ...body,
        },
      });
    const first = await send({});
    expect(first.statusCode, first.body).toBe(200);
    const again = await send({});
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const msgs = await db.select().from(ticketMessages).where(eq(ticketMessages.ticketId, tk.id));
    expect(msgs.filter((m) => m.channel === 'email')).toHaveLength(1);
    const [row] = await db.select().from(tickets).where(eq(tickets.id, tk.id));
    expect(row!.status).toBe('en_cours');
    // An unknown reference or none: the e-mail opens a new ticket (inbound.test.ts).
    expect((await send({ messageId: '<x1@x>', subject: 'Re: [T-1999-999999] inconnu' })).statusCode).toBe(
      201,
    );
    expect((await send({ messageId: '<x2@x>', subject: 'Sans référence' })).statusCode).toBe(201);
    expect((await send({ messageId: '<x3@x>', from: 'pirate@exemple.com' })).statusCode).toBe(403);
  });

  it('applies a bulk change to all tickets or to none', async () => {
    const t1 = await openTicket(support);
    const t2 = await openTicket(support);
    await support.post(`/api/v1/tickets/${t2.id}/status`, { to: 'resolu' });
    const me = (await support.get('/api/v1/auth/me')).json().user;
    const refused = await support.post('/api/v1/tickets/bulk', {
      ids: [t1.id, t2.id],
      status: 'en_attente_client',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.map((d: { path: string }) => d.path)).toEqual(['ids.1']);
    const [unchanged] = await db.select().from(tickets).where(eq(tickets.id, t1.id));
    expect(unchanged!.status).toBe('ouvert');
    const partnerTry = await partnerA.post('/api/v1/tickets/bulk', { ids: [t1.id], assigneeId: me.id });
    expect(partnerTry.statusCode).toBe(403);
    const ok = await support.post('/api/v1/tickets/bulk', {
      ids: [t1.id, t2.id],
      assigneeId: me.id,
      status: 'en_cours',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const rows = await db
      .select()
      .from(tickets)
      .where(sql`${tickets.id} IN (${t1.id}::uuid, ${t2.id}::uuid)`);
    expect(rows.map((r) => [r.status, r.assigneeId])).toEqual([
      ['en_cours', me.id],
      ['en_cours', me.id],
    ]);
    const mine = (await support.get('/api/v1/tickets?queue=mine'))
      .json()
      .items.map((x: { id: string }) => x.id);
    expect(mine).toEqual(expect.arrayContaining([t1.id, t2.id]));
    const counts = (await support.get('/api/v1/tickets/counts')).json();
    expect(counts.mine).toBeGreaterThanOrEqual(2);
  });
});
