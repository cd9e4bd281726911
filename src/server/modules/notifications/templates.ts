import { type FS, Liquid, type LiquidOptions } from 'liquidjs';
import type { ErrorDetail } from '../../infra/errors.ts';

/**
 * Automatic messages: the registry of events (French label, variables, default templates) and
 * their rendering in Liquid — a sandboxed template language for end users, never `eval`. Admins
 * override the defaults in `message_templates` (templates.service.ts).
 */
export type Channel = 'email' | 'sms';
export type TemplateFields = { subject: string; html: string; text: string; sms: string | null };
export type TemplateField = keyof TemplateFields;
export type VariableDef = { name: string; description: string; example: string };
export type EventDef = {
  label: string;
  /** "Envoyé quand…" */
  description: string;
  channels: Channel[];
  /** What the preview is rendered on (a real record of that kind). */
  recordLabel: string;
  variables: VariableDef[];
  defaults: TemplateFields;
};

/** Offered by every event: the company's identity (Administration › Société). */
const commonVariables: VariableDef[] = [
  {
    name: 'company.legalName',
    description: 'Raison sociale de la société (Administration › Société)',
    example: 'Relais Intégration Télécom',
  },
  { name: 'brand.color', description: 'Couleur de la marque (code hexadécimal)', example: '#1c7ed6' },
];

const button = (label: string, href: string) =>
  `<p><a href="{{ ${href} }}" style="background:{{ brand.color }};color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none;display:inline-block">${label}</a></p>`;

/** Ticket e-mails (module tickets): to the client's contact (co-branded) and the partner's users. */
function ticketEvents() {
  const vars: VariableDef[] = [
    { name: 'contact.name', description: 'Nom du destinataire', example: 'Marie Durand' },
    { name: 'client.name', description: 'Nom du client', example: 'Pharmacie du Port' },
    { name: 'ticket.number', description: 'Numéro du ticket', example: 'T-2026-000123' },
    { name: 'ticket.subject', description: 'Objet du ticket', example: 'Standard en panne' },
    { name: 'ticket.status', description: 'Statut du ticket', example: 'En cours' },
    {
      name: 'ticket.url',
      description: 'Lien vers le ticket (portail)',
      example: 'https://relais.exemple.fr/tickets/1',
    },
    ...commonVariables,
  ];
  const replyVars: VariableDef[] = [
    ...vars.slice(0, 6),
    { name: 'message.author', description: 'Auteur de la réponse', example: 'Samuel Support' },
    {
      name: 'message.body',
      description: 'Texte de la réponse',
      example: 'Le redémarrage du standard a résolu la panne.',
    },
    ...commonVariables,
  ];
  const ref = '[{{ ticket.number }}]';
  const make = (
    label: string,
    description: string,
    variables: VariableDef[],
    subject: string,
    lines: string[],
  ): EventDef => ({
    label,
    description,
    channels: ['email'],
    recordLabel: 'Ticket',
    variables,
    defaults: {
      subject,
      text: `Bonjour {{ contact.name }},\n\n${lines.join('\n\n')}\n\nPour répondre, répondez à cet e-mail en gardant la référence ${ref} dans l’objet, ou suivez le ticket : {{ ticket.url }}`,
      html: `<p>Bonjour {{ contact.name }},</p>\n${lines.map((l) => `<p>${l.replace(/\n/g, '<br>')}</p>`).join('\n')}\n<p>Pour répondre, répondez à cet e-mail en gardant la référence ${ref} dans l’objet.</p>\n${button('Suivre le ticket', 'ticket.url')}`,
      sms: null,
    },
  });
  return {
    'ticket.created': make(
      'Ticket ouvert',
      'Envoyé au contact du client et aux utilisateurs de son partenaire quand un ticket est ouvert.',
      vars,
      `${ref} Ticket ouvert : {{ ticket.subject }}`,
      [
        'Votre demande « {{ ticket.subject }} » pour {{ client.name }} est enregistrée sous le numéro {{ ticket.number }}. Nous revenons vers vous rapidement.',
      ],
    ),
    'ticket.reply': make(
      'Réponse sur un ticket',
      'Envoyé au contact du client (et aux utilisateurs du partenaire) à chaque réponse publique du support.',
      replyVars,
      `${ref} {{ ticket.subject }}`,
      ['{{ message.author }} a répondu sur le ticket {{ ticket.number }} :', '{{ message.body }}'],
    ),
    'ticket.resolved': make(
      'Ticket résolu',
      'Envoyé au contact du client et aux utilisateurs de son partenaire quand un ticket passe à « Résolu ».',
      vars,
      `${ref} Ticket résolu : {{ ticket.subject }}`,
      [
        'Le ticket {{ ticket.number }} « {{ ticket.subject }} » est résolu. Si le problème persiste, répondez simplement à cet e-mail : le ticket sera rouvert.',
      ],
    ),
    'ticket.closed': make(
      'Ticket clos',
      'Envoyé au contact du client et aux utilisateurs de son partenaire quand un ticket est clos.',
      vars,
      `${ref} Ticket clos : {{ ticket.subject }}`,
      ['Le ticket {{ ticket.number }} « {{ ticket.subject }} » est clos. Merci de votre confiance.'],
    ),
  } as const;
}

export const messageEvents = {
  'password-reset': {
    label: 'Lien de choix du mot de passe',
    description:
      'Envoyé quand un administrateur crée un compte ou envoie un lien de réinitialisation du mot de passe.',
    channels: ['email'],
    recordLabel: 'Utilisateur',
    variables: [
      { name: 'user.name', description: 'Nom de la personne', example: 'Camille Martin' },
      { name: 'user.email', description: 'Adresse e-mail de la personne', example: 'camille@exemple.fr' },
      {
        name: 'link.url',
        description: 'Lien pour choisir le mot de passe (utilisable une seule fois)',
        example: 'https://relais.exemple.fr/reinitialiser-mot-de-passe#exemple',
      },
      {
        name: 'link.expiresAt',
        description: 'Date et heure de fin de validité du lien',
        example: '12 mars 2026 à 15:30',
      },
      ...commonVariables,
    ],
    defaults: {
      subject: 'Choisissez votre mot de passe Relais',
      text: `Bonjour {{ user.name }},

Un administrateur de {{ company.legalName }} vous a envoyé un lien pour choisir votre mot de passe Relais :
{{ link.url }}

Ce lien fonctionne une seule fois, jusqu’au {{ link.expiresAt }}. Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.`,
      html: `<p>Bonjour {{ user.name }},</p>
<p>Un administrateur de {{ company.legalName }} vous a envoyé un lien pour choisir votre mot de passe Relais.</p>
${button('Choisir mon mot de passe', 'link.url')}
<p>Ce lien fonctionne une seule fois, jusqu’au {{ link.expiresAt }}. Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.</p>`,
      sms: null,
    },
  },
  notification: {
    label: 'Notification',
    description:
      'Envoyé quand une personne reçoit une notification (client attribué, message en échec…) et a choisi de la recevoir aussi par e-mail ; la version SMS sert aux alertes envoyées par SMS.',
    channels: ['email', 'sms'],
    recordLabel: 'Destinataire',
    variables: [
      { name: 'user.name', description: 'Nom du destinataire', example: 'Camille Martin' },
      {
        name: 'notification.title',
        description: 'Titre de la notification',
        example: 'Le client Pharmacie du Port vous est attribué',
      },
      {
        name: 'notification.body',
        description: 'Détail de la notification (peut être vide)',
        example: 'Vous êtes désormais son chargé de compte.',
      },
      {
        name: 'notification.url',
        description: 'Lien vers l’élément concerné dans Relais',
        example: 'https://relais.exemple.fr/clients/exemple',
      },
      ...commonVariables,
    ],
    defaults: {
      subject: '{{ notification.title }}',
      text: `Bonjour {{ user.name }},

{{ notification.title }}
{{ notification.body }}

Voir dans Relais : {{ notification.url }}

Vous recevez cet e-mail selon vos préférences de notification (Mon compte).`,
      html: `<p>Bonjour {{ user.name }},</p>
<p><strong>{{ notification.title }}</strong></p>
{% if notification.body %}<p>{{ notification.body }}</p>{% endif %}
${button('Voir dans Relais', 'notification.url')}
<p style="font-size:12px;color:#6b7280">Vous recevez cet e-mail selon vos préférences de notification (Mon compte).</p>`,
      sms: '{{ company.legalName }} : {{ notification.title }} {{ notification.url }}',
    },
  },
  'intervention.pv': {
    label: 'Procès-verbal de recette d’une intervention',
    description:
      'Envoyé au contact du client quand le technicien termine une intervention signée : le PV de recette est joint en PDF.',
    channels: ['email'],
    recordLabel: 'Intervention',
    variables: [
      {
        name: 'contact.name',
        description: 'Nom du destinataire (contact du client)',
        example: 'Marie Durand',
      },
      { name: 'client.name', description: 'Nom du client', example: 'Pharmacie du Port' },
      { name: 'intervention.number', description: 'Numéro de l’intervention', example: 'I-2026-000042' },
      { name: 'intervention.title', description: 'Objet de l’intervention', example: 'Installation IPBX' },
      { name: 'intervention.date', description: 'Date de l’intervention', example: '12 mars 2026' },
      {
        name: 'intervention.technicians',
        description: 'Technicien(s) intervenu(s)',
        example: 'Thomas Terrain',
      },
      { name: 'signature.name', description: 'Nom du signataire du PV', example: 'Marie Durand' },
      { name: 'signature.at', description: 'Date et heure de la signature', example: '12 mars 2026 à 15:30' },
      ...commonVariables,
    ],
    defaults: {
      subject: 'Procès-verbal de recette — intervention {{ intervention.number }}',
      text: `Bonjour {{ contact.name }},

Vous trouverez ci-joint le procès-verbal de recette de l’intervention {{ intervention.number }} ({{ intervention.title }}) réalisée le {{ intervention.date }} par {{ intervention.technicians }} pour {{ client.name }}.

Signé par {{ signature.name }} le {{ signature.at }}.

Merci de votre confiance.`,
      html: `<p>Bonjour {{ contact.name }},</p>
<p>Vous trouverez ci-joint le procès-verbal de recette de l’intervention <strong>{{ intervention.number }}</strong> ({{ intervention.title }}) réalisée le {{ intervention.date }} par {{ intervention.technicians }} pour {{ client.name }}.</p>
<p>Signé par {{ signature.name }} le {{ signature.at }}.</p>
<p>Merci de votre confiance.</p>`,
      sms: null,
    },
  },
  'intervention.reminder': {
    label: 'Rappel d’intervention (la veille)',
    description:
      'Envoyé la veille à 10 h au contact du client (e-mail et SMS) pour chaque intervention planifiée le lendemain.',
    channels: ['email', 'sms'],
    recordLabel: 'Intervention',
    variables: [
      { name: 'contact.name', description: 'Nom du contact du client', example: 'Jeanne Martin' },
      { name: 'client.name', description: 'Nom du client', example: 'Pharmacie du Port' },
      { name: 'intervention.number', description: 'Numéro de l’intervention', example: 'I-2026-000012' },
      {
        name: 'intervention.title',
        description: 'Objet de l’intervention',
        example: 'Installation du standard',
      },
      { name: 'intervention.date', description: 'Date de l’intervention', example: 'mardi 12 mars 2026' },
      { name: 'intervention.slot', description: 'Créneau (heure de Paris)', example: '09:00 – 10:30' },
      { name: 'technician.firstName', description: 'Prénom du technicien', example: 'Thomas' },
      { name: 'site.address', description: 'Adresse du site', example: '4 quai Rambaud, 69002 Lyon' },
      ...commonVariables,
    ],
    defaults: {
      subject: 'Rappel : intervention {{ company.legalName }} le {{ intervention.date }}',
      text: `Bonjour {{ contact.name }},

Nous vous rappelons l’intervention « {{ intervention.title }} » ({{ intervention.number }}) prévue le {{ intervention.date }}, de {{ intervention.slot }}.
Technicien : {{ technician.firstName }}
Adresse : {{ site.address }}

En cas d’empêchement, merci de nous prévenir au plus tôt.

{{ company.legalName }}`,
      html: `<p>Bonjour {{ contact.name }},</p>
<p>Nous vous rappelons l’intervention <strong>« {{ intervention.title }} »</strong> ({{ intervention.number }}) prévue le <strong>{{ intervention.date }}</strong>, de <strong>{{ intervention.slot }}</strong>.</p>
<p>Technicien : {{ technician.firstName }}<br>Adresse : {{ site.address }}</p>
<p>En cas d’empêchement, merci de nous prévenir au plus tôt.</p>`,
      sms: '{{ company.legalName }} : rappel de votre intervention le {{ intervention.date }} de {{ intervention.slot }} avec {{ technician.firstName }}, {{ site.address }}.',
    },
  },
  'intervention.daily_list': {
    label: 'Interventions du jour (technicien)',
    description:
      'Envoyé chaque matin à 7 h à chaque technicien : la liste de ses interventions de la journée.',
    channels: ['email'],
    recordLabel: 'Technicien',
    variables: [
      { name: 'technician.name', description: 'Nom du technicien', example: 'Thomas Terrain' },
      { name: 'day.date', description: 'Date du jour', example: 'mardi 12 mars 2026' },
      { name: 'day.count', description: 'Nombre d’interventions', example: '3' },
      {
        name: 'day.list',
        description: 'Les interventions, une par ligne (créneau, numéro, client, adresse)',
        example: '09:00 – 10:30 · I-2026-000012 · Pharmacie du Port · 4 quai Rambaud, 69002 Lyon',
      },
      {
        name: 'link.url',
        description: 'Lien vers le planning',
        example: 'https://relais.exemple.fr/planning',
      },
      ...commonVariables,
    ],
    defaults: {
      subject: 'Vos interventions du {{ day.date }} ({{ day.count }})',
      text: `Bonjour {{ technician.name }},

Vos interventions du {{ day.date }} :
{{ day.list }}

Planning : {{ link.url }}`,
      html: `<p>Bonjour {{ technician.name }},</p>
<p>Vos interventions du <strong>{{ day.date }}</strong> ({{ day.count }}) :</p>
<pre style="font-family:inherit;white-space:pre-wrap">{{ day.list }}</pre>
${button('Ouvrir le planning', 'link.url')}`,
      sms: null,
    },
  },
  ...ticketEvents(),
} satisfies Record<string, EventDef>;

export type EmailEvent = keyof typeof messageEvents;
export const messageEventKeys = Object.keys(messageEvents) as EmailEvent[];
export const isMessageEvent = (s: string): s is EmailEvent => Object.hasOwn(messageEvents, s);
export const eventDef = (event: EmailEvent): EventDef => messageEvents[event];

export const fieldLabels: Record<TemplateField, string> = {
  subject: 'Objet',
  html: 'Corps HTML',
  text: 'Corps texte',
  sms: 'Texte du SMS',
};

/** Includes and layouts would read files: there are none. */
const noFiles: FS = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async () => Promise.reject(new Error('Aucun fichier.')),
  readFileSync: () => {
    throw new Error('Aucun fichier.');
  },
  resolve: (_dir, file) => file,
  contains: async () => false,
  containsSync: () => false,
};

function engine(opts: LiquidOptions): Liquid {
  const liquid = new Liquid({
    strictFilters: true,
    ownPropertyOnly: true,
    fs: noFiles,
    root: [],
    relativeReference: false,
    // Limits against a template that would hang or exhaust the server.
    parseLimit: 200_000,
    renderLimit: 2_000,
    memoryLimit: 20_000_000,
    timezoneOffset: 'Europe/Paris',
    locale: 'fr-FR',
    ...opts,
  });
  for (const tag of ['include', 'render', 'layout', 'block']) delete liquid.tags[tag];
  return liquid;
}

const liquidText = engine({});
/** HTML bodies: every output is escaped, so data can never inject markup. */
const liquidHtml = engine({ outputEscape: 'escape' });

export type Branding = {
  legalName: string;
  color: string;
  footer: string;
  /** An absolute URL (real emails) or a data: URL (preview); null without a logo. */
  logoSrc: string | null;
};

function scopeOf(data: Record<string, unknown>, brand: Branding) {
  return {
    ...data,
    brand: { color: brand.color },
    company: { legalName: brand.legalName, ...(data.company as object) },
  };
}

/** Renders subject, text and HTML (escaped, inside the company's branded frame). */
export async function renderEmail(t: TemplateFields, data: Record<string, unknown>, brand: Branding) {
  const scope = scopeOf(data, brand);
  const [subject, text, body] = await Promise.all([
    liquidText.parseAndRender(t.subject, scope),
    liquidText.parseAndRender(t.text, scope),
    liquidHtml.parseAndRender(t.html, scope),
  ]);
  const color = /^#[0-9a-f]{3,8}$/i.test(brand.color) ? brand.color : '#1c7ed6';
  const header = brand.logoSrc
    ? `<div style="padding:16px 24px;border-bottom:4px solid ${color}"><img src="${escapeHtml(brand.logoSrc)}" alt="${escapeHtml(brand.legalName)}" style="max-height:48px;max-width:240px;display:block"></div>`
    : `<div style="background:${color};color:#fff;padding:16px 24px;font-size:18px;font-weight:bold">${escapeHtml(brand.legalName)}</div>`;
  const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head><body style="margin:0;background:#f4f6f8;font-family:Arial,sans-serif;color:#1f2937">
<div style="max-width:600px;margin:0 auto;background:#fff">
${header}
<div style="padding:24px">${body}</div>
<div style="padding:16px 24px;font-size:12px;color:#6b7280;border-top:1px solid #e5e7eb">${escapeHtml(brand.footer)}</div>
</div></body></html>`;
  return {
    subject: subject.replace(/\s+/g, ' ').trim(),
    text: `${text.trim()}\n\n--\n${brand.footer}\n`,
    html,
  };
}

/** Renders the SMS text of an event (plain text, whitespace folded). */
export async function renderSms(
  sms: string,
  data: Record<string, unknown>,
  brand: Branding,
): Promise<string> {
  const out = await liquidText.parseAndRender(sms, scopeOf(data, brand));
  return out.replace(/[ \t]+/g, ' ').trim();
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Sample data built from the variables' examples: every offered variable is defined. */
export function sampleData(event: EmailEvent): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const v of eventDef(event).variables) {
    const parts = v.name.split('.');
    let node = out;
    for (const p of parts.slice(0, -1)) {
      node[p] ??= {};
      node = node[p] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]!] = v.example;
  }
  return out;
}

/** Liquid's English messages, in French, without their position (given separately). */
function frenchMessage(raw: string): string {
  const msg = raw.replace(/,? line:\d+, col:\d+$/, '').trim();
  const rules: [RegExp, (m: RegExpMatchArray) => string][] = [
    [/^undefined filter: (.+)$/, (m) => `filtre inconnu « ${m[1]} »`],
    [
      /^tag "(include|render|layout|block)" not found$/,
      (m) => `la balise « ${m[1]} » n’est pas permise (un modèle ne peut pas inclure de fichier)`,
    ],
    [/^tag "(.+)" not found$/, (m) => `balise inconnue « ${m[1]} »`],
    [/^tag (\{%.*%\}) not closed$/, (m) => `le bloc ${m[1]} n’est pas fermé (balise de fin manquante)`],
    [/^tag "(.+)" not closed$/, (m) => `la balise « ${m[1]} » n’est pas fermée (« %} » manquant)`],
    [/^output "(.+)" not closed$/, (m) => `la variable « ${m[1]} » n’est pas fermée (« }} » manquant)`],
    [/^illegal tag: (.+)$/, (m) => `balise incomplète ${m[1]}`],
    [/^memory alloc limit exceeded$/, () => 'le modèle produit trop de contenu'],
    [/^template render limit exceeded$/i, () => 'le modèle met trop de temps à s’afficher'],
    [/^parse length limit exceeded$/i, () => 'le modèle est trop long'],
  ];
  for (const [re, fr] of rules) {
    const m = msg.match(re);
    if (m) return fr(m);
  }
  return `syntaxe invalide (${msg})`;
}

type LiquidErrorLike = Error & { token?: { getPosition?: () => [number, number] } };

function detail(field: TemplateField, line: number | undefined, message: string): ErrorDetail {
  return { path: field, message: `${fieldLabels[field]}${line ? `, ligne ${line}` : ''} : ${message}.` };
}

/** Allowed names: every offered variable and each of its parents (`{% if notification %}`). */
function allowedNames(event: EmailEvent): Set<string> {
  const names = new Set<string>();
  for (const v of eventDef(event).variables) {
    const parts = v.name.split('.');
    for (let i = 1; i <= parts.length; i++) names.add(parts.slice(0, i).join('.'));
  }
  return names;
}

/**
 * Checks a draft: it must parse, use only known filters and the event's variables (each error with
 * its field and line, in French), and render within the limits on sample data.
 */
export async function validateTemplate(
  event: EmailEvent,
  t: Partial<TemplateFields>,
): Promise<ErrorDetail[]> {
  const errors: ErrorDetail[] = [];
  const allowed = allowedNames(event);
  const known = eventDef(event)
    .variables.map((v) => v.name)
    .join(', ');
  const sample = scopeOf(sampleData(event), {
    legalName: 'Relais Intégration Télécom',
    color: '#1c7ed6',
    footer: '',
    logoSrc: null,
  });
  for (const field of ['subject', 'html', 'text', 'sms'] as const) {
    const source = t[field];
    if (source === undefined || source === null) continue;
    const liquid = field === 'html' ? liquidHtml : liquidText;
    let tpl: ReturnType<Liquid['parse']>;
    try {
      tpl = liquid.parse(source);
    } catch (e) {
      const err = e as LiquidErrorLike;
      errors.push(detail(field, err.token?.getPosition?.()[0], frenchMessage(err.message)));
      continue;
    }
    const analysis = liquid.analyzeSync(tpl, { partials: false });
    let unknown = false;
    for (const uses of Object.values(analysis.globals)) {
      for (const v of uses) {
        const segments = v.toArray();
        const dynamic = segments.some((s) => typeof s !== 'string');
        const name = segments
          .filter((s) => typeof s === 'string')
          .join('.')
          .replace(/\.(size|first|last)$/, '');
        if (dynamic) {
          errors.push(
            detail(
              field,
              v.location.row,
              `accès calculé « ${v.toString()} » non permis : écrivez le nom complet`,
            ),
          );
          unknown = true;
        } else if (!allowed.has(name)) {
          errors.push(
            detail(field, v.location.row, `variable inconnue « ${name} » (variables disponibles : ${known})`),
          );
          unknown = true;
        }
      }
    }
    if (unknown) continue;
    try {
      await liquid.render(tpl, sample, { strictVariables: true });
    } catch (e) {
      const err = e as LiquidErrorLike;
      errors.push(detail(field, err.token?.getPosition?.()[0], frenchMessage(err.message)));
    }
  }
  return errors;
}
