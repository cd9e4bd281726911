import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, contacts, outboundMessages, ticketMessages, tickets } from '../../db/schema/index.ts';
import type { Db } from '../../infra/db.ts';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/harness.ts';

let t: TestApp;
let db: Db;
let support: Session;
let partner: Session;
let token: string;
let client: { id: string; partnerId: string | null };
const known = 'helene.inbound@pharmacie-exemple.fr';

beforeAll(async () => {
  t = await createTestApp();
  db = t.database.db;
  support = await loginAs(t.app, 'support@relais.test');
  partner = await loginAs(t.app, 'partenaire@relais.test');
  const admin = await loginAs(t.app, 'admin@relais.test');
  token = (await admin.post('/api/v1/api-tokens', { name: 'Passerelle e-mail', role: 'support' })).json()
    .token as string;
  const [c] = await db.select({ id: clients.id, partnerId: clients.partnerId }).from(clients).limit(1);
  client = c!;
  await db.insert(contacts).values({
    clientId: client.id,
    firstName: 'Hélène',
    lastName: 'Inbound',
    email: 'Helene.Inbound@pharmacie-exemple.fr',
  });
});
afterAll(async () => {
  await t?.close();
});

let n = 0;
const send = (body: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/tickets/inbound-email',
    headers: { authorization: `Bearer ${token}` },
    payload: {
      messageId: `<m${++n}@mail.exemple.fr>`,
      from: `Hélène <${known}>`,
      subject: 'Plus de tonalité au standard',
      text: 'Bonjour, plus aucun poste ne sonne depuis ce matin.',
      ...body,
    },
  });

const messagesOf = (ticketId: string) =>
  db.select().from(ticketMessages).where(eq(ticketMessages.ticketId, ticketId));

describe('POST /tickets/inbound-email: a new e-mail to the support address', () => {
  it('opens a ticket for the known contact’s client, channel e-mail, with its attachment, once', async () => {
    const payload = {
      messageId: '<nouveau-1@mail.exemple.fr>',
      attachments: [
        {
          filename: 'journal.txt',
          mimeType: 'text/plain',
          dataBase64: Buffer.from('Appel perdu 08:02').toString('base64'),
        },
      ],
    };
    const res = await send(payload);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().created).toBe(true);
    const [row] = await db.select().from(tickets).where(eq(tickets.id, res.json().ticketId));
    expect(row).toMatchObject({
      clientId: client.id,
      channel: 'email',
      subject: 'Plus de tonalité au standard',
    });
    expect(row!.contactId).not.toBeNull();
    const msgs = await messagesOf(row!.id);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatchObject({ channel: 'email', authorEmail: known, visibility: 'public' });
    const listed = (await support.get(`/api/v1/tickets/${row!.id}/messages`)).json();
    const items = Array.isArray(listed) ? listed : listed.items;
    expect(items[0].attachments.map((f: { filename: string }) => f.filename)).toEqual(['journal.txt']);
    // The same e-mail again: the same answer, nothing added.
    const again = await send(payload);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(res.json());
    expect(await db.select().from(tickets).where(eq(tickets.clientId, client.id))).toSatisfy(
      (rows: { subject: string }[]) =>
        rows.filter((r) => r.subject === 'Plus de tonalité au standard').length === 1,
    );
    const detail = (await support.get(`/api/v1/tickets/${row!.id}`)).json();
    expect(detail.clientId).toBe(client.id);
  });

  it('opens a ticket « à qualifier » without client for an unknown sender; partners never see it', async () => {
    const res = await send({ from: 'Inconnu <inconnu@ailleurs.fr>', subject: 'Devis pour 10 postes' });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().ticketId as string;
    const [row] = await db.select().from(tickets).where(eq(tickets.id, id));
    expect(row).toMatchObject({ clientId: null, channel: 'email', requesterEmail: 'inconnu@ailleurs.fr' });
    const detail = await support.get(`/api/v1/tickets/${id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json()).toMatchObject({ clientId: null, clientName: 'À qualifier', partnerId: null });
    expect(detail.json().abilities.createIntervention).toBe(false);
    const queue = (await support.get('/api/v1/tickets?queue=all&limit=100')).json();
    expect(queue.items.map((x: { id: string }) => x.id)).toContain(id);
    expect((await partner.get(`/api/v1/tickets/${id}`)).statusCode).toBe(404);
    const partnerQueue = (await partner.get('/api/v1/tickets?queue=all&limit=100')).json();
    expect(partnerQueue.items.map((x: { id: string }) => x.id)).not.toContain(id);
    // The SLA clocks of a ticket without client run like the others.
    expect(detail.json().sla).not.toBeNull();
    // The acknowledgement goes to the unknown sender.
    const [ack] = await db
      .select()
      .from(outboundMessages)
      .where(eq(outboundMessages.idempotencyKey, `ticket-created:${id}`));
    expect(ack?.recipient).toBe('inconnu@ailleurs.fr');
    // The unknown sender's reply threads onto his ticket.
    const reply = await send({
      from: 'inconnu@ailleurs.fr',
      subject: `Re: [${res.json().number}] Devis pour 10 postes`,
      text: 'Et 2 bases DECT.',
    });
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.json()).toMatchObject({ ticketId: id, created: false });
    expect(await messagesOf(id)).toHaveLength(2);
  });

  it('lets support qualify a ticket « à qualifier » once: it then belongs to that client', async () => {
    const res = (await send({ from: 'autre.inconnu@ailleurs.fr', subject: 'Renvoi d’appel' })).json();
    const [other] = await db
      .select({ id: clients.id })
      .from(clients)
      .where(sql`${clients.id} <> ${client.id}`)
      .limit(1);
    const ok = await support.patch(`/api/v1/tickets/${res.ticketId}`, { version: 1, clientId: client.id });
    expect(ok.statusCode, ok.body).toBe(200);
    const detail = (await support.get(`/api/v1/tickets/${res.ticketId}`)).json();
    expect(detail).toMatchObject({ clientId: client.id, partnerId: client.partnerId });
    expect(detail.clientName).not.toBe('À qualifier');
    const again = await support.patch(`/api/v1/tickets/${res.ticketId}`, {
      version: detail.version,
      clientId: other!.id,
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.details[0].path).toBe('clientId');
  });

  it('threads a reply carrying [T-…] onto its ticket', async () => {
    const first = (await send({ subject: 'Casque sans son' })).json();
    const reply = await send({ subject: `RE: [${first.number}] Casque sans son`, text: 'Toujours rien.' });
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.json()).toMatchObject({ ticketId: first.ticketId, created: false });
    expect(await messagesOf(first.ticketId)).toHaveLength(2);
  });

  it('ignores auto-replies, mailings and our own e-mails with 202 and a reason', async () => {
    const before = (await db.select({ id: tickets.id }).from(tickets)).length;
    const cases = [
      { headers: { 'Auto-Submitted': 'auto-replied' } },
      { headers: { precedence: 'Bulk' } },
      { from: 'Relais <no-reply@relais.test>' },
    ];
    for (const c of cases) {
      const res = await send({ subject: 'Absence du bureau', ...c });
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json()).toMatchObject({ ignored: true, reason: expect.stringContaining('ignoré') });
    }
    // An auto-reply to a ticket's e-mail does not thread either.
    const tk = (await send({ subject: 'Fax en panne' })).json();
    const auto = await send({
      subject: `Re: [${tk.number}] Fax en panne`,
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    expect(auto.statusCode).toBe(202);
    expect(await messagesOf(tk.ticketId)).toHaveLength(1);
    // Auto-Submitted: no is a person's e-mail.
    expect((await send({ subject: 'Question', headers: { 'Auto-Submitted': 'no' } })).statusCode).toBe(201);
    expect((await db.select({ id: tickets.id }).from(tickets)).length).toBe(before + 2);
  });
});
