import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { clients, contacts, outboundMessages, partners } from '../../db/schema/index.ts';
import { until } from '../../test/harness.ts';
import {
  adv,
  at,
  create,
  db,
  inesId,
  lyonSite,
  scheduleOn,
  smtp,
  thomasId,
  useInterventionsFixture,
} from './interventions.fixture.ts';

useInterventionsFixture();

const contactEmail = 'jeanne.notices@exemple.fr';
let contactId: string;
let partnerName: string;

beforeAll(async () => {
  // The client of lyonSite belongs to a partner with a colour: its messages are co-branded.
  const [client] = await db.select().from(clients).where(eq(clients.id, lyonSite.clientId));
  const [p] = await db
    .update(partners)
    .set({ brandColor: '#aa3300' })
    .where(eq(partners.id, client!.partnerId!))
    .returning();
  partnerName = p!.name;
  const [c] = await db
    .insert(contacts)
    .values({
      clientId: lyonSite.clientId,
      firstName: 'Jeanne',
      lastName: 'Notices',
      email: contactEmail,
      mobile: '06 12 34 56 78',
    })
    .returning();
  contactId = c!.id;
});

/** The messages to the client about this intervention (not the technicians' notifications). */
const messagesOf = async (id: string) =>
  (
    await db
      .select()
      .from(outboundMessages)
      .where(eq(outboundMessages.entityId, id))
      .orderBy(asc(outboundMessages.createdAt))
  ).filter((m) => m.event.startsWith('intervention.'));
const ofEvent = async (id: string, event: string) => (await messagesOf(id)).filter((m) => m.event === event);
/** The real SMTP receiver got `n` emails for the contact. */
const mailsReceived = (n: number) =>
  until(() => smtp.received.filter((r) => r.to === contactEmail).length >= n || undefined);

describe('messages to the client’s contact on planning changes (issue 15 item 21)', () => {
  it('tells the contact once when booked, moved and cancelled, co-branded, by email and SMS', async () => {
    const i = await create(adv, lyonSite, { contactId });
    expect(await messagesOf(i.id)).toHaveLength(0);

    // Booked: the first technician and start.
    const booked = await scheduleOn(adv, i, [thomasId], at(16, '09:00'));
    expect(booked.statusCode, booked.body).toBe(200);
    const [bookedMail, bookedSms] = [
      (await ofEvent(i.id, 'intervention.booked')).filter((m) => m.channel === 'email'),
      (await ofEvent(i.id, 'intervention.booked')).filter((m) => m.channel === 'sms'),
    ];
    expect(bookedMail).toHaveLength(1);
    expect(bookedMail[0]!.recipient).toBe(contactEmail);
    expect(bookedMail[0]!.subject).toBe(`Intervention programmée le mardi 16 mars 2027 (${i.number})`);
    expect(bookedMail[0]!.body).toContain('de 09:00 – 10:00');
    expect(bookedMail[0]!.body).toContain('Technicien : Thomas');
    expect(bookedMail[0]!.html).toContain('#aa3300');
    expect(bookedMail[0]!.body).toContain(`${partnerName}, en partenariat avec`);
    expect(bookedSms).toHaveLength(1);
    expect(bookedSms[0]!.recipient).toBe('+33612345678');
    expect(bookedSms[0]!.body).toContain(`${partnerName} : intervention programmée le mardi 16 mars 2027`);
    await mailsReceived(1);

    // A retried request (same version) is refused: nothing is sent twice.
    const stale = await adv.put(`/api/v1/interventions/${i.id}/schedule`, {
      technicianIds: [thomasId],
      plannedStart: at(16, '09:00'),
      plannedMinutes: 60,
      version: booked.json().version - 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(await ofEvent(i.id, 'intervention.booked')).toHaveLength(2);

    // Only the duration changes: not a move.
    expect((await scheduleOn(adv, i, [thomasId], at(16, '09:00'), { plannedMinutes: 90 })).statusCode).toBe(
      200,
    );
    expect(await ofEvent(i.id, 'intervention.moved')).toHaveLength(0);

    // Moved: another day.
    expect((await scheduleOn(adv, i, [thomasId], at(17, '14:00'))).statusCode).toBe(200);
    const moved = (await ofEvent(i.id, 'intervention.moved')).find((m) => m.channel === 'email')!;
    expect(moved.subject).toBe(`Intervention déplacée : rendez-vous le mercredi 17 mars 2027 (${i.number})`);
    expect(moved.body).toContain('prévue le mardi 16 mars 2027 de 09:00 – 10:30');
    expect(moved.body).toContain('elle aura lieu le mercredi 17 mars 2027, de 14:00 – 15:00');
    // Moved: another technician, same slot.
    expect((await scheduleOn(adv, i, [inesId], at(17, '14:00'))).statusCode).toBe(200);
    expect(
      (await ofEvent(i.id, 'intervention.moved')).filter((m) => m.channel === 'email').map((m) => m.body),
    ).toEqual([expect.stringContaining('Thomas'), expect.stringContaining('Technicien : Inès')]);
    await mailsReceived(3);

    // Cancelled.
    const cancel = await adv.post(`/api/v1/interventions/${i.id}/status`, { to: 'annulee' });
    expect(cancel.statusCode, cancel.body).toBe(200);
    const cancelled = await ofEvent(i.id, 'intervention.cancelled');
    expect(cancelled.map((m) => m.channel).sort()).toEqual(['email', 'sms']);
    expect(cancelled.find((m) => m.channel === 'email')!.body).toContain(
      'prévu le mercredi 17 mars 2027, de 14:00 – 15:00, est annulé',
    );
    expect((await messagesOf(i.id)).map((m) => m.event)).toEqual([
      'intervention.booked',
      'intervention.booked',
      'intervention.moved',
      'intervention.moved',
      'intervention.moved',
      'intervention.moved',
      'intervention.cancelled',
      'intervention.cancelled',
    ]);
    await mailsReceived(4);
  });

  it('tells of the cancelled appointment when taken off the planning, nothing when never booked', async () => {
    const never = await create(adv, lyonSite, { contactId });
    expect((await adv.post(`/api/v1/interventions/${never.id}/status`, { to: 'annulee' })).statusCode).toBe(
      200,
    );
    expect(await messagesOf(never.id)).toHaveLength(0);

    const i = await create(adv, lyonSite, { contactId });
    expect((await scheduleOn(adv, i, [thomasId], at(18, '09:00'))).statusCode).toBe(200);
    expect((await adv.delete(`/api/v1/interventions/${i.id}/schedule`)).statusCode).toBe(200);
    const events = (await messagesOf(i.id)).map((m) => `${m.event}/${m.channel}`);
    expect(events.sort()).toEqual([
      'intervention.booked/email',
      'intervention.booked/sms',
      'intervention.cancelled/email',
      'intervention.cancelled/sms',
    ]);
  });

  it('writes to the client’s own address when the intervention has no contact', async () => {
    await db
      .update(clients)
      .set({ email: 'accueil.notices@exemple.fr' })
      .where(eq(clients.id, lyonSite.clientId));
    const i = await create(adv, lyonSite);
    expect((await scheduleOn(adv, i, [thomasId], at(19, '09:00'))).statusCode).toBe(200);
    // The technician is told too: pick the client's notice, not whichever email the database returns first.
    const [mail] = (await ofEvent(i.id, 'intervention.booked')).filter((m) => m.channel === 'email');
    expect(mail!.recipient).toBe('accueil.notices@exemple.fr');
    expect(mail!.body).toContain('Bonjour ');
  });
});
