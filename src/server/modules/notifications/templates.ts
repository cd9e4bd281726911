import { Liquid } from 'liquidjs';

/**
 * Default French templates of automatic messages, in Liquid: a sandboxed template language for
 * end users (no code execution). Each event lists the variables it offers.
 */
export type EmailTemplate = { subject: string; text: string; html: string; variables: string[] };

export const emailTemplates = {
  'password-reset': {
    variables: ['user.name', 'user.email', 'link.url', 'link.expiresAt', 'company.legalName'],
    subject: 'Choisissez votre mot de passe Relais',
    text: `Bonjour {{ user.name }},

Un administrateur de {{ company.legalName }} vous a envoyé un lien pour choisir votre mot de passe Relais :
{{ link.url }}

Ce lien fonctionne une seule fois, jusqu’au {{ link.expiresAt }}. Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.`,
    html: `<p>Bonjour {{ user.name }},</p>
<p>Un administrateur de {{ company.legalName }} vous a envoyé un lien pour choisir votre mot de passe Relais.</p>
<p><a href="{{ link.url }}" style="background:{{ brand.color }};color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none;display:inline-block">Choisir mon mot de passe</a></p>
<p>Ce lien fonctionne une seule fois, jusqu’au {{ link.expiresAt }}. Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.</p>`,
  },
  notification: {
    variables: ['user.name', 'notification.title', 'notification.body', 'notification.url', 'company.legalName'],
    subject: '{{ notification.title }}',
    text: `Bonjour {{ user.name }},

{{ notification.title }}
{{ notification.body }}

Voir dans Relais : {{ notification.url }}

Vous recevez cet e-mail selon vos préférences de notification (Mon compte).`,
    html: `<p>Bonjour {{ user.name }},</p>
<p><strong>{{ notification.title }}</strong></p>
{% if notification.body %}<p>{{ notification.body }}</p>{% endif %}
<p><a href="{{ notification.url }}" style="background:{{ brand.color }};color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none;display:inline-block">Voir dans Relais</a></p>
<p style="font-size:12px;color:#6b7280">Vous recevez cet e-mail selon vos préférences de notification (Mon compte).</p>`,
  },
} satisfies Record<string, EmailTemplate>;

export type EmailEvent = keyof typeof emailTemplates;

const liquid = new Liquid({ strictFilters: true, ownPropertyOnly: true, outputEscape: undefined });
const liquidHtml = new Liquid({ strictFilters: true, ownPropertyOnly: true, outputEscape: 'escape' });

export type Branding = { legalName: string; color: string; footer: string };

/** Renders subject, text and HTML (escaped, inside the company's branded frame). */
export async function renderEmail(event: EmailEvent, data: Record<string, unknown>, brand: Branding) {
  const t = emailTemplates[event];
  const scope = {
    ...data,
    brand: { color: brand.color },
    company: { legalName: brand.legalName, ...(data.company as object) },
  };
  const [subject, text, body] = await Promise.all([
    liquid.parseAndRender(t.subject, scope),
    liquid.parseAndRender(t.text, scope),
    liquidHtml.parseAndRender(t.html, scope),
  ]);
  const html = `<!doctype html><html lang="fr"><body style="margin:0;background:#f4f6f8;font-family:Arial,sans-serif;color:#1f2937">
<div style="max-width:600px;margin:0 auto;background:#fff">
<div style="background:${brand.color};color:#fff;padding:16px 24px;font-size:18px;font-weight:bold">${escapeHtml(brand.legalName)}</div>
<div style="padding:24px">${body}</div>
<div style="padding:16px 24px;font-size:12px;color:#6b7280;border-top:1px solid #e5e7eb">${escapeHtml(brand.footer)}</div>
</div></body></html>`;
  return { subject: subject.trim(), text: `${text.trim()}\n\n--\n${brand.footer}\n`, html };
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
