import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, messageTemplates, outboundMessages } from '../../db/schema/index.ts';
import { createTestApp, loginAs, type Session, type TestApp, until } from '../../test/harness.ts';
import { smtpReceiver } from '../../test/smtp.ts';
import { queueEmail } from './outbox.service.ts';
import { eventDef, messageEventKeys } from './templates.catalog.ts';
import { renderEmail } from './templates.ts';
import { renderEventSms } from './templates.service.ts';

const smtp = smtpReceiver();
let t: TestApp;
let admin: Session;
beforeAll(async () => {
  const port = await smtp.listen();
  t = await createTestApp({ config: { smtpUrl: `smtp://127.0.0.1:${port}`, jobRetryDelaySeconds: 1 } });
  admin = await loginAs(t.app, 'admin@relais.test');
});
afterAll(async () => {
  await t?.close();
  await smtp.close();
});

const resetDefaults = eventDef('password-reset').defaults;
const draft = (over: Partial<{ subject: string; html: string; text: string; sms: string | null }>) => ({
  subject: resetDefaults.subject,
  html: resetDefaults.html,
  text: resetDefaults.text,
  ...over,
});
const userByEmail = async (email: string) =>
  (await admin.get(`/api/v1/users?q=${encodeURIComponent(email)}`)).json().items[0] as {
    id: string;
    name: string;
    email: string;
  };
/** Creates a reset link for a user: the app emails it through the outbox, with the template. */
async function sendResetEmail(email: string) {
  const before = smtp.received.filter((m) => m.to === email).length;
  const sent = () =>
    t.database.db
      .select()
      .from(outboundMessages)
      .where(and(eq(outboundMessages.recipient, email), eq(outboundMessages.status, 'sent')))
      .orderBy(desc(outboundMessages.sentAt));
  const sentBefore = (await sent()).length;
  const user = await userByEmail(email);
  expect((await admin.post(`/api/v1/users/${user.id}/reset-link`)).statusCode).toBe(200);
  const mail = await until(() => {
    const list = smtp.received.filter((m) => m.to === email);
    return list.length > before ? list[list.length - 1] : undefined;
  });
  // The worker marks the message sent just after the SMTP server took it: wait for that too.
  const stored = await until(async () => {
    const rows = await sent();
    return rows.length > sentBefore ? rows[0] : undefined;
  });
  return { mail, stored };
}

describe('template overrides', () => {
  it('lists every event with its label and whether it was changed', async () => {
    const res = await admin.get('/api/v1/templates');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      event: string;
      label: string;
      customized: boolean;
      channels: string[];
    }[];
    expect(items.map((i) => i.event)).toEqual(messageEventKeys);
    expect(items.map((i) => i.event)).toEqual(
      expect.arrayContaining(['password-reset', 'notification', 'intervention.reminder', 'intervention.pv']),
    );
    expect(items.every((i) => !i.customized)).toBe(true);
    expect(items.find((i) => i.event === 'notification')!.channels).toEqual(['email', 'sms']);
    const one = (await admin.get('/api/v1/templates/password-reset')).json();
    expect(one.variables.map((v: { name: string }) => v.name)).toContain('link.url');
    expect(one.records.length).toBeGreaterThan(5);
    expect((await admin.get('/api/v1/templates/inconnu')).statusCode).toBe(404);
  });

  it('uses an admin’s template for the next email, and the default again after a reset', async () => {
    const put = await admin.put('/api/v1/templates/password-reset', {
      subject: 'Acces Relais pour {{ user.email }}',
      html: '<p>Bonjour {{ user.name }}, voici votre lien personnalisé :</p><p><a href="{{ link.url }}">Choisir</a></p>',
      text: 'Bonjour {{ user.name }}, lien personnalisé : {{ link.url }}',
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ customized: true, subject: 'Acces Relais pour {{ user.email }}' });
    expect(put.json().updatedBy.name).toBeTruthy();

    const custom = await sendResetEmail('staging@relais.test');
    expect(custom.mail.raw).toContain('Subject: Acces Relais pour staging@relais.test');
    expect(custom.stored.html).toContain('voici votre lien personnalisé');
    expect(custom.stored.html).toContain('Relais Intégration Télécom'); // branded frame kept
    expect(custom.stored.body).toContain('lien personnalisé : http');

    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'message_template.update'), eq(auditLog.entityId, 'password-reset')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.category).toBe('business');

    expect((await admin.delete('/api/v1/templates/password-reset')).statusCode).toBe(204);
    expect(await t.database.db.select().from(messageTemplates)).toHaveLength(0);
    expect((await admin.get('/api/v1/templates/password-reset')).json()).toMatchObject({
      customized: false,
      subject: resetDefaults.subject,
    });
    const back = await sendResetEmail('staging@relais.test');
    expect(back.mail.raw).toContain('Subject: Choisissez votre mot de passe Relais');
    expect(back.stored.html).not.toContain('personnalisé');
    const resets = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'message_template.reset'));
    expect(resets).toHaveLength(1);
  });

  it('uses the admin’s notification template and SMS text', async () => {
    const put = await admin.put('/api/v1/templates/notification', {
      subject: '[Relais] {{ notification.title }}',
      html: '<p>{{ notification.title }}</p>',
      text: '{{ notification.title }}',
      sms: 'Alerte : {{ notification.title }}',
    });
    expect(put.statusCode, put.body).toBe(200);
    await t.database.db.transaction((tx) =>
      queueEmail(tx, t.jobs, {
        event: 'notification',
        to: 'notif@relais.test',
        idempotencyKey: 'test:template-notification',
        data: {
          user: { name: 'Noé' },
          notification: { title: 'Client attribue', body: '', url: 'http://x/y' },
        },
      }),
    );
    const mail = await until(() => smtp.received.find((m) => m.to === 'notif@relais.test'));
    expect(mail.raw).toContain('Subject: [Relais] Client attribue');
    expect(
      await renderEventSms(t.database.db, 'notification', {
        notification: { title: 'Client attribue', url: 'http://x/y' },
      }),
    ).toBe('Alerte : Client attribue');
    expect((await admin.delete('/api/v1/templates/notification')).statusCode).toBe(204);
  });
});

describe('validation', () => {
  it('refuses a template that does not parse, with the field and the line', async () => {
    const res = await admin.put(
      '/api/v1/templates/password-reset',
      draft({ html: '<p>Bonjour</p>\n{% if user.name %}\n<p>{{ user.name }}</p>' }),
    );
    expect(res.statusCode).toBe(400);
    const body = res.json().error;
    expect(body.code).toBe('validation_failed');
    expect(body.details).toEqual([
      { path: 'html', message: expect.stringMatching(/^Corps HTML, ligne 2 : le bloc .* n’est pas fermé/) },
    ]);
    expect(await t.database.db.select().from(messageTemplates)).toHaveLength(0);
  });

  it('refuses an unknown variable, an unknown filter and file inclusion, each with its line', async () => {
    const res = await admin.put(
      '/api/v1/templates/password-reset',
      draft({
        subject: 'Bonjour {{ user.name | crier }}',
        text: 'Bonjour,\n\nVotre lien : {{ lien.url }}',
        html: "<p>x</p>\n{% include 'etc/passwd' %}",
      }),
    );
    expect(res.statusCode).toBe(400);
    const details = res.json().error.details as { path: string; message: string }[];
    expect(details).toEqual([
      { path: 'subject', message: 'Objet, ligne 1 : filtre inconnu « crier ».' },
      {
        path: 'html',
        message: expect.stringContaining('Corps HTML, ligne 2 : la balise « include » n’est pas permise'),
      },
      {
        path: 'text',
        message: expect.stringContaining('Corps texte, ligne 3 : variable inconnue « lien.url »'),
      },
    ]);
  });

  it('refuses an SMS text for a message that has no SMS version, and requires it where there is one', async () => {
    const res = await admin.put(
      '/api/v1/templates/password-reset',
      draft({ sms: 'Votre lien {{ link.url }}' }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].path).toBe('sms');
    const n = eventDef('notification').defaults;
    const missing = await admin.put('/api/v1/templates/notification', { ...n, sms: null });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details).toEqual([
      { path: 'sms', message: 'Texte du SMS : obligatoire pour ce message.' },
    ]);
  });

  it('gives no access to code: prototypes and constructors are refused, and give nothing when rendered', async () => {
    for (const attempt of [
      '{{ constructor }}',
      '{{ user.constructor.name }}',
      '{{ user.name.constructor }}',
      '{{ user.__proto__ }}',
      "{{ user['constructor'] }}",
      '{{ link[user.name] }}',
    ]) {
      const res = await admin.post('/api/v1/templates/password-reset/preview', draft({ subject: attempt }));
      expect(res.statusCode, attempt).toBe(400);
      expect(res.json().error.details[0].path).toBe('subject');
    }
    // Even without the checks (as when a message is sent), nothing of the prototype leaks out.
    const out = await renderEmail(
      {
        subject:
          '[{{ constructor }}|{{ user.constructor.name }}|{{ user.name.constructor }}|{{ user.__proto__ }}|{{ user.name.toUpperCase }}]',
        html: '<p>{{ user.toString }}{{ user.hasOwnProperty }}</p>{{ user.name }}',
        text: '{{ process.env.HOME }}{{ global }}',
        sms: null,
      },
      { user: { name: '<b>Éva</b>' } },
      { legalName: 'X', color: '#000000', footer: '', logoSrc: null },
    );
    expect(out.subject).toBe('[||||]');
    expect(out.html).toContain('<p></p>&lt;b&gt;Éva&lt;/b&gt;');
    expect(out.text.startsWith('\n') || out.text.startsWith('--')).toBe(true);
  });

  it('refuses a template that would exhaust the server', async () => {
    const res = await admin.post(
      '/api/v1/templates/password-reset/preview',
      draft({ text: '{% for i in (1..100000000) %}{{ i }}{% endfor %}' }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toEqual({
      path: 'text',
      message: 'Corps texte, ligne 1 : le modèle produit trop de contenu.',
    });
  });
});

describe('permissions', () => {
  it('answers 403 to a role without administration rights', async () => {
    const support = await loginAs(t.app, 'support@relais.test');
    expect((await support.get('/api/v1/templates')).statusCode).toBe(403);
    expect((await support.get('/api/v1/templates/password-reset')).statusCode).toBe(403);
    expect((await support.put('/api/v1/templates/password-reset', draft({}))).statusCode).toBe(403);
    expect((await support.delete('/api/v1/templates/password-reset')).statusCode).toBe(403);
    expect((await support.post('/api/v1/templates/password-reset/preview', draft({}))).statusCode).toBe(403);
    const partner = await loginAs(t.app, 'partenaire@relais.test');
    expect((await partner.put('/api/v1/templates/password-reset', draft({}))).statusCode).toBe(403);
    expect(await t.database.db.select().from(messageTemplates)).toHaveLength(0);
  });
});

describe('preview', () => {
  it('renders an unsaved draft on a real user, in the company’s branding', async () => {
    const user = await userByEmail('commercial@relais.test');
    const res = await admin.post(
      '/api/v1/templates/password-reset/preview',
      draft({ subject: 'Pour {{ user.name }} ({{ user.email }})', recordId: user.id } as never),
    );
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.subject).toBe(`Pour ${user.name} (commercial@relais.test)`);
    expect(p.record).toEqual({ id: user.id, label: `${user.name} (commercial@relais.test)` });
    expect(p.html).toContain(user.name.replace(/'/g, '&#39;'));
    expect(p.html).toContain('/reinitialiser-mot-de-passe#exemple-de-lien');
    expect(p.html).toContain('Relais Intégration Télécom');
    expect(p.text).toContain('RCS'); // legal footer from the company settings
    expect(p.sms).toBeNull();
    // Nothing is saved by a preview.
    expect(await t.database.db.select().from(messageTemplates)).toHaveLength(0);
    const missing = await admin.post(
      '/api/v1/templates/password-reset/preview',
      draft({ recordId: '00000000-0000-4000-8000-000000000000' } as never),
    );
    expect(missing.statusCode).toBe(404);
  });

  it('counts the SMS: GSM-7, and UCS-2 as soon as a character is outside the GSM alphabet', async () => {
    const n = eventDef('notification').defaults;
    const gsm = (
      await admin.post('/api/v1/templates/notification/preview', { ...n, sms: 'Bonjour {{ user.name }}' })
    ).json();
    expect(gsm.smsLength.encoding).toBe('GSM-7');
    expect(gsm.sms).toMatch(/^Bonjour /);
    const ucs = (await admin.post('/api/v1/templates/notification/preview', { ...n, sms: 'Fenêtre' })).json();
    expect(ucs.smsLength).toEqual({ encoding: 'UCS-2', units: 7, segments: 1, remaining: 63 });
  });

  it('shows the logo: inline in the preview, by its public address in real emails', async () => {
    const png =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const patched = await admin.patch('/api/v1/settings/company', {
      logo: { mime: 'image/png', base64: png },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const p = (await admin.post('/api/v1/templates/password-reset/preview', draft({}))).json();
    expect(p.html).toContain(`<img src="data:image/png;base64,${png}"`);

    const { stored } = await sendResetEmail('adv@relais.test');
    expect(stored.html).toMatch(
      new RegExp(`<img src="${t.config.publicUrl}/api/v1/branding/logo\\?v=\\d+"`.replace(/\//g, '\\/')),
    );
    const logo = await t.app.inject({ method: 'GET', url: '/api/v1/branding/logo' });
    expect(logo.statusCode).toBe(200);
    expect(logo.headers['content-type']).toBe('image/png');
    expect(logo.rawPayload.toString('base64')).toBe(png);
  });
});

describe('co-branding', () => {
  it('emails a partner’s client in the partner’s branding, and staff in the company’s', async () => {
    const partners = (await admin.get('/api/v1/partners')).json().items as { id: string; name: string }[];
    const [branded, plain] = partners as [{ id: string; name: string }, { id: string; name: string }];
    const png =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const patched = await admin.patch(`/api/v1/partners/${branded.id}`, {
      brandColor: '#aa3300',
      logo: { mime: 'image/png', base64: png },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    await admin.patch(`/api/v1/partners/${plain.id}`, { brandColor: null, logo: null });

    const send = (key: string, partnerId: string, audience: 'client' | 'staff') =>
      t.database.db.transaction((tx) =>
        queueEmail(tx, t.jobs, {
          event: 'notification',
          to: `${key}@client.test`,
          idempotencyKey: `cobrand:${key}`,
          partnerId,
          audience,
          data: {
            user: { name: 'Mme Client' },
            notification: { title: 'Votre commande', url: 'https://x.test' },
          },
        }),
      );
    await send('client-of-branded', branded.id, 'client');
    await send('staff-of-branded', branded.id, 'staff');
    await send('client-of-plain', plain.id, 'client');
    const html = async (key: string) =>
      (
        await t.database.db
          .select()
          .from(outboundMessages)
          .where(eq(outboundMessages.idempotencyKey, `cobrand:${key}`))
      )[0]!.html!;

    const cobranded = await html('client-of-branded');
    expect(cobranded).toContain('#aa3300');
    expect(cobranded).toContain(`/api/v1/branding/partners/${branded.id}/logo?v=`);
    expect(cobranded).toContain(`en partenariat avec Relais Intégration Télécom`);
    for (const key of ['staff-of-branded', 'client-of-plain']) {
      const h = await html(key);
      expect(h).not.toContain('#aa3300');
      expect(h).not.toContain('/branding/partners/');
      expect(h).not.toContain('en partenariat avec');
    }
    const logo = await t.app.inject({ method: 'GET', url: `/api/v1/branding/partners/${branded.id}/logo` });
    expect(logo.statusCode).toBe(200);
    expect(logo.headers['content-type']).toBe('image/png');
    const none = await t.app.inject({ method: 'GET', url: `/api/v1/branding/partners/${plain.id}/logo` });
    expect(none.statusCode).toBe(404);
  });
});
