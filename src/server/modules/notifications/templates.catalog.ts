/**
 * Automatic messages: the registry of events — French label, variables and default templates of
 * each. Their rendering in Liquid is in `templates.ts`; admins override the defaults in
 * `message_templates` (templates.service.ts).
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

/** What every message about an intervention to the client's contact offers. */
const interventionVariables: VariableDef[] = [
  { name: 'contact.name', description: 'Nom du contact du client', example: 'Jeanne Martin' },
  { name: 'client.name', description: 'Nom du client', example: 'Pharmacie du Port' },
  { name: 'intervention.number', description: 'Numéro de l’intervention', example: 'INT-2026-000012' },
  { name: 'intervention.title', description: 'Objet de l’intervention', example: 'Installation du standard' },
  { name: 'intervention.date', description: 'Date de l’intervention', example: 'mardi 12 mars 2026' },
  { name: 'intervention.slot', description: 'Créneau (heure de Paris)', example: '09:00 – 10:30' },
  { name: 'technician.firstName', description: 'Prénom du technicien', example: 'Thomas' },
  { name: 'site.address', description: 'Adresse du site', example: '4 quai Rambaud, 69002 Lyon' },
  ...commonVariables,
];

/** The default texts of a message about an intervention to the client's contact (email and SMS). */
function clientNotice(subject: string, lead: string, closing: string, details: boolean, sms: string) {
  const strong = (l: string) =>
    l.replace(/\{\{ intervention\.(date|slot) \}\}/g, '<strong>{{ intervention.$1 }}</strong>');
  return {
    subject,
    text: `Bonjour {{ contact.name }},

${lead}
${details ? 'Technicien : {{ technician.firstName }}\nAdresse : {{ site.address }}\n' : ''}
${closing}

{{ company.legalName }}`,
    html: `<p>Bonjour {{ contact.name }},</p>
<p>${strong(lead)}</p>
${details ? '<p>Technicien : {{ technician.firstName }}<br>Adresse : {{ site.address }}</p>\n' : ''}<p>${closing}</p>`,
    sms,
  };
}

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
      'Envoyé quand un administrateur crée un compte ou envoie un lien de réinitialisation du mot de passe, ou quand la personne le demande (« Mot de passe oublié »).',
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

Voici le lien pour choisir votre mot de passe Relais chez {{ company.legalName }} :
{{ link.url }}

Ce lien fonctionne une seule fois, jusqu’au {{ link.expiresAt }}. Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.`,
      html: `<p>Bonjour {{ user.name }},</p>
<p>Voici le lien pour choisir votre mot de passe Relais chez {{ company.legalName }}.</p>
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
      { name: 'intervention.number', description: 'Numéro de l’intervention', example: 'INT-2026-000042' },
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
    variables: interventionVariables,
    defaults: clientNotice(
      'Rappel : intervention {{ company.legalName }} le {{ intervention.date }}',
      'Nous vous rappelons l’intervention « {{ intervention.title }} » ({{ intervention.number }}) prévue le {{ intervention.date }}, de {{ intervention.slot }}.',
      'En cas d’empêchement, merci de nous prévenir au plus tôt.',
      true,
      '{{ company.legalName }} : rappel de votre intervention le {{ intervention.date }} de {{ intervention.slot }} avec {{ technician.firstName }}, {{ site.address }}.',
    ),
  },
  'intervention.booked': {
    label: 'Intervention programmée',
    description:
      'Envoyé au contact du client (e-mail et SMS) quand une intervention reçoit son créneau et son technicien.',
    channels: ['email', 'sms'],
    recordLabel: 'Intervention',
    variables: interventionVariables,
    defaults: clientNotice(
      'Intervention programmée le {{ intervention.date }} ({{ intervention.number }})',
      'Votre intervention « {{ intervention.title }} » ({{ intervention.number }}) est programmée le {{ intervention.date }}, de {{ intervention.slot }}.',
      'En cas d’empêchement, merci de nous prévenir au plus tôt.',
      true,
      '{{ company.legalName }} : intervention programmée le {{ intervention.date }} de {{ intervention.slot }} avec {{ technician.firstName }}, {{ site.address }}.',
    ),
  },
  'intervention.moved': {
    label: 'Intervention déplacée',
    description:
      'Envoyé au contact du client (e-mail et SMS) quand le créneau ou le technicien d’une intervention programmée change.',
    channels: ['email', 'sms'],
    recordLabel: 'Intervention',
    variables: [
      ...interventionVariables.slice(0, -commonVariables.length),
      { name: 'previous.date', description: 'Date prévue auparavant', example: 'lundi 11 mars 2026' },
      { name: 'previous.slot', description: 'Créneau prévu auparavant', example: '14:00 – 15:30' },
      ...commonVariables,
    ],
    defaults: clientNotice(
      'Intervention déplacée : rendez-vous le {{ intervention.date }} ({{ intervention.number }})',
      'Votre intervention « {{ intervention.title }} » ({{ intervention.number }}), prévue le {{ previous.date }} de {{ previous.slot }}, est déplacée : elle aura lieu le {{ intervention.date }}, de {{ intervention.slot }}.',
      'En cas d’empêchement, merci de nous prévenir au plus tôt.',
      true,
      '{{ company.legalName }} : votre intervention du {{ previous.date }} est déplacée au {{ intervention.date }} de {{ intervention.slot }} avec {{ technician.firstName }}.',
    ),
  },
  'intervention.cancelled': {
    label: 'Intervention annulée',
    description:
      'Envoyé au contact du client (e-mail et SMS) quand une intervention programmée est annulée ou retirée du planning.',
    channels: ['email', 'sms'],
    recordLabel: 'Intervention',
    variables: interventionVariables,
    defaults: clientNotice(
      'Intervention du {{ intervention.date }} annulée ({{ intervention.number }})',
      'Le rendez-vous de l’intervention « {{ intervention.title }} » ({{ intervention.number }}) prévu le {{ intervention.date }}, de {{ intervention.slot }}, est annulé.',
      'Si une nouvelle date est nécessaire, nous revenons vers vous pour la convenir.',
      false,
      '{{ company.legalName }} : votre intervention du {{ intervention.date }} de {{ intervention.slot }} est annulée.',
    ),
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
        example: '09:00 – 10:30 · INT-2026-000012 · Pharmacie du Port · 4 quai Rambaud, 69002 Lyon',
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
  'quote.sent': {
    label: 'Devis envoyé au client',
    description:
      'Envoyé au contact du client quand un devis est envoyé : le devis est joint en PDF, avec le lien de la page où le client l’accepte en signant (ou le refuse).',
    channels: ['email'],
    recordLabel: 'Devis',
    variables: [
      {
        name: 'contact.name',
        description: 'Nom du destinataire (contact du client)',
        example: 'Marie Durand',
      },
      { name: 'client.name', description: 'Nom du client', example: 'Pharmacie du Port' },
      { name: 'quote.number', description: 'Numéro du devis', example: 'D-2026-000123' },
      { name: 'quote.version', description: 'Version du devis', example: '2' },
      { name: 'quote.validUntil', description: 'Date de fin de validité', example: '15 janvier 2027' },
      { name: 'quote.oneOff', description: 'Frais de mise en service TTC', example: '1 234,56 €' },
      { name: 'quote.monthly', description: 'Mensualités TTC', example: '37,08 €' },
      {
        name: 'link.url',
        description: 'Lien de la page d’acceptation',
        example: 'https://relais.example/devis/acceptation#…',
      },
      ...commonVariables,
    ],
    defaults: {
      subject: 'Votre devis {{ quote.number }} — {{ company.legalName }}',
      text: `Bonjour {{ contact.name }},

Vous trouverez ci-joint notre devis {{ quote.number }} (version {{ quote.version }}) pour {{ client.name }} : frais de mise en service {{ quote.oneOff }} TTC, mensualités {{ quote.monthly }} TTC.

Il est valable jusqu’au {{ quote.validUntil }}. Pour l’accepter en le signant, ou le refuser : {{ link.url }}

{{ company.legalName }}`,
      html: `<p>Bonjour {{ contact.name }},</p>
<p>Vous trouverez ci-joint notre devis <strong>{{ quote.number }}</strong> (version {{ quote.version }}) pour {{ client.name }} : frais de mise en service {{ quote.oneOff }} TTC, mensualités {{ quote.monthly }} TTC.</p>
<p>Il est valable jusqu’au <strong>{{ quote.validUntil }}</strong>.</p>
${button('Consulter et signer le devis', 'link.url')}`,
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
