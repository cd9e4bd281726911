import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, users } from '../../db/schema/index.ts';
import { createTestApp, type TestApp, until } from '../../test/harness.ts';
import { smtpReceiver } from '../../test/smtp.ts';

const smtp = smtpReceiver();
let t: TestApp;
beforeAll(async () => {
  const port = await smtp.listen();
  t = await createTestApp({
    config: { smtpUrl: `smtp://127.0.0.1:${port}`, jobRetryDelaySeconds: 1, loginRateLimitPerMinute: 12 },
  });
});
afterAll(async () => {
  await t?.close();
  await smtp.close();
});

const forgot = (email: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { email } });
const mailsTo = (email: string) => smtp.received.filter((m) => m.to === email);
/** The reset link of a received message (quoted-printable soft breaks undone). */
const linkOf = (raw: string) =>
  /\/reinitialiser-mot-de-passe#([A-Za-z0-9_-]+)/.exec(raw.replace(/=\r?\n/g, ''))?.[1];

describe('« Mot de passe oublié »', () => {
  it('emails a working reset link to a known address, and answers the same for an unknown one', async () => {
    const known = await forgot('  Commercial@Relais.test ');
    const unknown = await forgot('personne@relais.test');
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);

    const mail = await until(() => mailsTo('commercial@relais.test')[0]);
    expect(mail.raw).toContain('Choisissez votre mot de passe Relais');
    const token = linkOf(mail.raw)!;
    expect(token).toBeTruthy();
    const check = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/check',
      payload: { token },
    });
    expect(check.statusCode).toBe(200);
    expect(check.json().email).toBe('commercial@relais.test');
    const used = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { token, newPassword: 'Tournesol bleu sur la colline de Fourvière' },
    });
    expect(used.statusCode).toBe(204);
    expect(mailsTo('personne@relais.test')).toHaveLength(0);

    // Audited as the person's own request.
    const [user] = await t.database.db.select().from(users).where(eq(users.email, 'commercial@relais.test'));
    const entries = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'password.reset_link'), eq(auditLog.entityId, user!.id)));
    expect(entries.at(-1)?.actorUserId).toBe(user!.id);
  });

  it('sends nothing to a disabled account, with the same answer', async () => {
    await t.database.db
      .update(users)
      .set({ disabledAt: new Date() })
      .where(eq(users.email, 'compta@relais.test'));
    const res = await forgot('compta@relais.test');
    expect(res.statusCode).toBe(202);
    await new Promise((r) => setTimeout(r, 1500));
    expect(mailsTo('compta@relais.test')).toHaveLength(0);
  });

  it('sends at most 3 links an hour to one address, silently (same answer)', async () => {
    for (let i = 0; i < 5; i++) expect((await forgot('adv@relais.test')).statusCode).toBe(202);
    await until(() => mailsTo('adv@relais.test').length >= 3 || undefined);
    await new Promise((r) => setTimeout(r, 1500));
    expect(mailsTo('adv@relais.test')).toHaveLength(3);
  });

  it('refuses an invalid address in French, and limits requests per IP with 429', async () => {
    const bad = await forgot('pas-une-adresse');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error.details)).toContain('Adresse e-mail invalide.');
    const codes: number[] = [];
    for (let i = 0; i < 26; i++) codes.push((await forgot(`inconnu${i}@relais.test`)).statusCode);
    expect(codes).toContain(429);
  });
});
