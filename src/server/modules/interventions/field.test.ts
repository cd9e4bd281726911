import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, interventions, interventionSyncOps, outboundMessages } from '../../db/schema/index.ts';
import {
  createTestApp,
  csrf,
  formOf,
  loginAs,
  type Session,
  type TestApp,
  until,
} from '../../test/harness.ts';
import { smtpReceiver } from '../../test/smtp.ts';
import { createFieldIntervention, filesOf, tinyJpeg, tinyPng } from '../../test/field-fixtures.ts';

const smtp = smtpReceiver();
let t: TestApp;
let tech: Session;
beforeAll(async () => {
  const port = await smtp.listen();
  t = await createTestApp({ config: { smtpUrl: `smtp://127.0.0.1:${port}`, jobRetryDelaySeconds: 1 } });
  tech = await loginAs(t.app, 'tech.terrain@relais.test');
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const op = (kind: string, payload?: unknown, opId: string = randomUUID()) => ({
  opId,
  kind,
  performedAt: new Date().toISOString(),
  ...(payload !== undefined ? { payload } : {}),
});
const send = (s: Session, id: string, body: unknown) => s.post(`/api/v1/interventions/${id}/ops`, body);
/** An operation with its image, as the phone sends it: a multipart form. */
const withImage = (o: ReturnType<typeof op>, content: Buffer, type = 'image/jpeg') =>
  formOf(o, 'file', [{ name: 'image', content, type }]);
const signature = () =>
  withImage(op('signature', { signerName: 'Élodie Réception', place: 'Lyon' }), tinyPng, 'image/png');
const report = () =>
  op('report', {
    report: 'IPBX installé, 8 postes raccordés, appels testés.',
    checklist: [{ label: 'Alimentation vérifiée', done: true }],
    parts: [{ label: 'Poste Yealink T54W', quantity: 8, serial: 'YL-0042' }],
  });

describe('the day of a field technician', () => {
  it('lists today’s and tomorrow’s interventions with everything needed offline, his own only', async () => {
    const mine = await createFieldIntervention(t.database.db, {
      technicianEmails: ['tech.terrain@relais.test'],
    });
    const tomorrow = await createFieldIntervention(t.database.db, {
      technicianEmails: ['tech.terrain@relais.test'],
      plannedStart: new Date(Date.now() + 24 * 3600_000),
    });
    const other = await createFieldIntervention(t.database.db, {
      technicianEmails: ['tech.interne@relais.test'],
    });
    const res = await tech.get('/api/v1/me/interventions');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.days).toHaveLength(2);
    const all = body.days.flatMap((d: { items: { id: string }[] }) => d.items.map((i) => i.id));
    expect(all).toContain(mine.id);
    expect(all).toContain(tomorrow.id);
    expect(all).not.toContain(other.id);
    const item = body.days
      .flatMap((d: { items: unknown[] }) => d.items)
      .find((i: { id: string }) => i.id === mine.id);
    expect(item.site.latitude).toBeCloseTo(45.7597);
    expect(item.site.accessInstructions).toContain('Badge');
    expect(item.contact.mobile).toBe('06 12 34 56 78');
    expect(item.contact.email).toBe(mine.contactEmail);
    expect(item.technicians[0].name).toBe('Thomas Terrain');
    expect(item.abilities.update).toBe(true);
  });
});

describe('operations from the phone', () => {
  it('applies a replayed operation once: one check-in, one photo', async () => {
    const iv = await createFieldIntervention(t.database.db, {
      technicianEmails: ['tech.terrain@relais.test'],
    });
    const checkIn = op('check_in', { latitude: 45.76, longitude: 4.84 });
    const first = await send(tech, iv.id, checkIn);
    expect(first.statusCode).toBe(200);
    expect(first.json().applied).toBe(true);
    expect(first.json().intervention.status).toBe('sur_site');
    const version = first.json().intervention.version;
    const again = await send(tech, iv.id, {
      ...checkIn,
      performedAt: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().applied).toBe(false);
    expect(again.json().intervention.version).toBe(version);
    expect(again.json().intervention.checkInAt).toBe(first.json().intervention.checkInAt);

    const photo = op('photo', { mimeType: 'image/jpeg' });
    expect((await send(tech, iv.id, withImage(photo, tinyJpeg))).statusCode).toBe(200);
    // The phone replays the same form (its answer was lost): still one photo.
    const replay = await send(tech, iv.id, withImage(photo, tinyJpeg));
    expect(replay.json().applied).toBe(false);
    expect(replay.json().intervention.photos).toHaveLength(1);
    expect(await filesOf(t.database.db, iv.id, 'photo')).toHaveLength(1);
    const ops = await t.database.db
      .select()
      .from(interventionSyncOps)
      .where(eq(interventionSyncOps.interventionId, iv.id));
    expect(ops.map((o) => o.kind).sort()).toEqual(['check_in', 'photo']);
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, iv.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['intervention.check_in', 'intervention.photo']);
    expect(audit.every((a) => a.clientId === iv.clientId)).toBe(true);

    // The photo downloads as an attachment, never rendered inline.
    const photoId = replay.json().intervention.photos[0].id;
    const file = await tech.get(`/api/v1/interventions/${iv.id}/files/${photoId}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="I-2026-T.*-photo\.jpg"/);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.rawPayload.equals(tinyJpeg)).toBe(true);
  });

  it('enforces the transitions with a French 409', async () => {
    const iv = await createFieldIntervention(t.database.db, {
      technicianEmails: ['tech.terrain@relais.test'],
    });
    const early = await send(tech, iv.id, op('complete'));
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('invalid_transition');
    expect(early.json().error.message).toBe(
      'Impossible de passer l’intervention de « Planifiée » à « Terminée ».',
    );
    expect((await send(tech, iv.id, op('en_route'))).json().intervention.status).toBe('en_route');
    expect((await send(tech, iv.id, op('check_in'))).json().intervention.status).toBe('sur_site');
    const unsigned = await send(tech, iv.id, op('complete'));
    expect(unsigned.statusCode).toBe(409);
    expect(unsigned.json().error.message).toContain('le compte rendu, la signature du client');
    // A refused operation leaves no trace: it can be sent again later under the same id.
    const ops = await t.database.db
      .select()
      .from(interventionSyncOps)
      .where(eq(interventionSyncOps.interventionId, iv.id));
    expect(ops).toHaveLength(2);
    const failed = await send(tech, iv.id, op('fail', { reason: 'Client absent' }));
    expect(failed.json().intervention.status).toBe('echouee');
    const late = await send(tech, iv.id, report());
    expect(late.statusCode).toBe(409);
  });

  it('refuses a file that is not an allowed image (400) or too large (413)', async () => {
    const iv = await createFieldIntervention(t.database.db, {
      technicianEmails: ['tech.terrain@relais.test'],
    });
    const pdfAsImage = withImage(op('photo', { mimeType: 'image/jpeg' }), Buffer.from('%PDF-1.4 faux'));
    const bad = await send(tech, iv.id, pdfAsImage);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('Type de fichier non accepté');
    const gif = await send(
      tech,
      iv.id,
      withImage(op('photo', { mimeType: 'image/gif' }), Buffer.from('GIF89a'), 'image/gif'),
    );
    expect(gif.statusCode).toBe(400);
    const big = Buffer.concat([tinyJpeg, Buffer.alloc(10 * 1024 * 1024, 7)]);
    const tooLarge = await send(tech, iv.id, withImage(op('photo', { mimeType: 'image/jpeg' }), big));
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().error).toMatchObject({
      code: 'payload_too_large',
      message: 'Le fichier « image » dépasse la taille maximale de 10 Mo.',
    });
    // Without its image, or an image on an operation that takes none: 400, nothing written.
    const bare = await send(tech, iv.id, op('photo', { mimeType: 'image/jpeg' }));
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.details).toEqual([{ path: 'file', message: 'Joignez l’image (champ file).' }]);
    expect((await send(tech, iv.id, withImage(op('check_in'), tinyJpeg))).statusCode).toBe(400);
    expect(await filesOf(t.database.db, iv.id)).toHaveLength(0);
  });

  it('refuses an oversize image with 413 as soon as it crosses 10 MB, without reading the rest', async () => {
    const iv = await createFieldIntervention(t.database.db, {
      technicianEmails: ['tech.terrain@relais.test'],
    });
    // A 40 MB form produced on demand: count what the server pulls before it answers.
    const boundary = 'relais-test-boundary';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="data"\r\n\r\n${JSON.stringify(op('photo', { mimeType: 'image/jpeg' }))}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="enorme.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    );
    const chunk = Buffer.alloc(64 * 1024, 7);
    let pulled = 0;
    const body = Readable.from(
      (function* () {
        yield head;
        while (pulled < 40 * 1024 * 1024) {
          pulled += chunk.length;
          yield chunk;
        }
        yield Buffer.from(`\r\n--${boundary}--\r\n`);
      })(),
    );
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/interventions/${iv.id}/ops`,
      headers: { cookie: tech.cookie, ...csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
    expect(pulled).toBeLessThan(12 * 1024 * 1024);
    expect(await filesOf(t.database.db, iv.id)).toHaveLength(0);
  });
});

describe('rights', () => {
  it('a field technician gets 404 on a colleague’s intervention, its operations and files', async () => {
    const theirs = await createFieldIntervention(t.database.db, {
      technicianEmails: ['tech.interne@relais.test'],
      remote: true,
    });
    const interne = await loginAs(t.app, 'tech.interne@relais.test');
    const photo = await send(
      interne,
      theirs.id,
      withImage(op('photo', { mimeType: 'image/png' }), tinyPng, 'image/png'),
    );
    expect(photo.statusCode).toBe(200);
    const fileId = photo.json().intervention.photos[0].id;
    expect((await send(tech, theirs.id, op('check_in'))).statusCode).toBe(404);
    expect((await tech.get(`/api/v1/interventions/${theirs.id}/files/${fileId}`)).statusCode).toBe(404);
    expect((await tech.get(`/api/v1/me/interventions/${theirs.id}`)).statusCode).toBe(404);
    expect((await tech.get(`/api/v1/interventions/${theirs.id}/pv.pdf`)).statusCode).toBe(404);
  });

  it('an internal technician updates remote interventions only', async () => {
    const onSite = await createFieldIntervention(t.database.db, {
      technicianEmails: ['tech.terrain@relais.test'],
    });
    const interne = await loginAs(t.app, 'tech.interne@relais.test');
    const res = await send(interne, onSite.id, op('check_in'));
    expect(res.statusCode).toBe(403);
  });

  it('a partner never writes', async () => {
    const iv = await createFieldIntervention(t.database.db, {
      technicianEmails: ['tech.terrain@relais.test'],
      partner: 'A',
    });
    const partner = await loginAs(t.app, 'partenaire@relais.test');
    expect((await send(partner, iv.id, op('check_in'))).statusCode).toBe(403);
  });
});

describe('completion and the PV de recette', () => {
  it('completes once, stores one PV and emails it once with the PDF attached, even when replayed', async () => {
    const iv = await createFieldIntervention(t.database.db, {
      technicianEmails: ['tech.terrain@relais.test'],
      partner: 'A',
    });
    for (const o of [op('check_in'), report(), signature(), op('check_out')]) {
      const res = await send(tech, iv.id, o);
      expect(res.statusCode, res.body).toBe(200);
    }
    const complete = op('complete');
    const done = await send(tech, iv.id, complete);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().intervention.status).toBe('terminee');
    expect(done.json().intervention.signature.signedByName).toBe('Élodie Réception');
    const replay = await send(tech, iv.id, complete);
    expect(replay.statusCode).toBe(200);
    expect(replay.json().applied).toBe(false);

    const mail = await until(() => smtp.received.find((m) => m.to === iv.contactEmail));
    expect(mail.raw).toContain('Content-Type: application/pdf');
    expect(mail.raw).toMatch(/filename="?PV-I-2026-T/);
    const pdf = /Content-Type: application\/pdf[\s\S]*?\r\n\r\n([\s\S]*?)\r\n--/.exec(mail.raw)?.[1];
    expect(Buffer.from(pdf!.replace(/\s/g, ''), 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    // A replayed op or job changes nothing: still one PV, one message, one email.
    await send(tech, iv.id, complete);
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.received.filter((m) => m.to === iv.contactEmail)).toHaveLength(1);
    expect(await filesOf(t.database.db, iv.id, 'pv')).toHaveLength(1);
    const msgs = await t.database.db
      .select()
      .from(outboundMessages)
      .where(eq(outboundMessages.entityId, iv.id));
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.attachments).toHaveLength(1);
    const [row] = await t.database.db.select().from(interventions).where(eq(interventions.id, iv.id));
    expect(row!.status).toBe('terminee');

    // The partner of that client reads the PV; the other partner does not see it at all.
    const partnerA = await loginAs(t.app, 'partenaire@relais.test');
    const pvRes = await partnerA.get(`/api/v1/interventions/${iv.id}/pv.pdf`);
    expect(pvRes.statusCode).toBe(200);
    expect(pvRes.headers['content-type']).toBe('application/pdf');
    expect(pvRes.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const partnerB = await loginAs(t.app, 'partenaire2@relais.test');
    expect((await partnerB.get(`/api/v1/interventions/${iv.id}/pv.pdf`)).statusCode).toBe(404);
  });
});
