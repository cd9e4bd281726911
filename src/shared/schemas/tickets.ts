import { z } from '../zod.ts';
import { ticketChannels, ticketPriorities, ticketStatuses, ticketTypes } from '../tickets.ts';
import { abilitiesOut, createdAtOut, idOut, listParam, pageQuery, updatedAtOut, uuid } from './common.ts';
import { ticketSlaOut } from './sla.ts';

export const ticketType = z.enum(ticketTypes, 'Type de ticket inconnu.');
export const ticketPriority = z.enum(ticketPriorities, 'Priorité inconnue.');
export const ticketStatus = z.enum(ticketStatuses, 'Statut inconnu.');
export const ticketChannel = z.enum(ticketChannels, 'Canal inconnu.');

export const ticketQueues = ['mine', 'team', 'unassigned', 'escalated', 'at_risk', 'all'] as const;
export type TicketQueue = (typeof ticketQueues)[number];
export const ticketQueueLabels: Record<TicketQueue, string> = {
  mine: 'Mes tickets',
  team: 'Mon équipe',
  unassigned: 'Non attribués',
  at_risk: 'Bientôt hors délai',
  escalated: 'Escaladés',
  all: 'Tous les ouverts',
};

export const ticketListQuery = z.strictObject({
  queue: z.enum(ticketQueues, 'File inconnue.').default('all'),
  q: z.string().trim().max(200).optional(),
  status: listParam(ticketStatus),
  priority: listParam(ticketPriority),
  type: ticketType.optional(),
  clientId: uuid.optional(),
  partnerId: uuid.optional(),
  assigneeId: uuid.optional(),
  teamId: uuid.optional(),
  /** `true`: only the tickets « à qualifier » (no client yet); `false`: only those with a client. */
  unqualified: z.enum(['true', 'false'], 'À qualifier : true ou false.').optional(),
  /** priority: P1 first then oldest (default); recent: newest first; updated: last changed first. */
  sort: z.enum(['priority', 'recent', 'updated']).default('priority'),
  ...pageQuery,
});

const subject = z
  .string()
  .trim()
  .min(3, 'Objet : 3 caractères au moins.')
  .max(200, 'Objet : 200 caractères au plus.');
const description = z.string().trim().max(20_000).nullable().optional();

export const ticketCreateBody = z.strictObject({
  clientId: uuid,
  siteId: uuid.nullable().optional(),
  contactId: uuid.nullable().optional(),
  platformId: uuid.nullable().optional(),
  type: ticketType,
  priority: ticketPriority.default('P3'),
  subject,
  description,
  channel: ticketChannel.optional(),
  assigneeId: uuid.nullable().optional(),
  teamId: uuid.nullable().optional(),
});

export const ticketPatch = z.strictObject({
  version: z.number().int().min(1),
  /** Only to qualify a ticket without client (« à qualifier »); a ticket's client never changes after. */
  clientId: uuid.optional(),
  priority: ticketPriority.optional(),
  type: ticketType.optional(),
  subject: subject.optional(),
  description,
  siteId: uuid.nullable().optional(),
  contactId: uuid.nullable().optional(),
  platformId: uuid.nullable().optional(),
  assigneeId: uuid.nullable().optional(),
  teamId: uuid.nullable().optional(),
});

export const ticketStatusBody = z.strictObject({
  to: ticketStatus,
  comment: z.string().trim().max(5000).optional(),
});

export const ticketEscalateBody = z.strictObject({
  reason: z.string().trim().min(3, 'Motif : 3 caractères au moins.').max(2000),
});

export const ticketBulkBody = z
  .strictObject({
    ids: z.array(uuid).min(1, 'Choisissez au moins un ticket.').max(200),
    assigneeId: uuid.nullable().optional(),
    teamId: uuid.nullable().optional(),
    status: ticketStatus.optional(),
  })
  .refine((b) => b.assigneeId !== undefined || b.teamId !== undefined || b.status !== undefined, {
    message: 'Indiquez une attribution, une équipe ou un statut.',
    path: ['status'],
  });

export const attachmentIn = z.strictObject({
  filename: z.string().trim().min(1, 'Nom de fichier vide.').max(255),
  mimeType: z.string().trim().max(200).optional(),
  dataBase64: z.string().min(1, 'Fichier vide.'),
});

export const messageVisibilities = ['public', 'internal'] as const;
/** A reply or a note; its attachments (10 at most, 10 MB each) come as files of a multipart form. */
export const ticketMessageBody = z.strictObject({
  visibility: z.enum(messageVisibilities, 'Visibilité inconnue.').default('public'),
  body: z.string().trim().min(1, 'Le message est vide.').max(50_000),
});

export const inboundEmailBody = z.strictObject({
  messageId: z.string().trim().min(1).max(500),
  from: z.string().trim().min(3).max(320),
  subject: z.string().max(1000),
  text: z.string().max(200_000),
  attachments: z.array(attachmentIn).max(10).default([]),
  /** The e-mail's headers the gateway passes on (name → value), e.g. `Auto-Submitted`, `Precedence`. */
  headers: z.record(z.string().max(200), z.string().max(2000)).default({}),
});

export const ticketOut = z
  .object({
    id: idOut,
    number: z.string().describe('Human number, e.g. `T-2026-000123`.'),
    clientId: z
      .string()
      .nullable()
      .describe(
        'The client it belongs to; null for a ticket « à qualifier » (e-mail from an unknown sender).',
      ),
    clientName: z.string().describe('Name of the client, « À qualifier » without one.'),
    partnerId: z.string().nullable().describe('The partner whose scope it falls in, if any.'),
    partnerName: z.string().nullable().describe('Name of the partner.'),
    siteId: z.string().nullable().describe('The site concerned, if any.'),
    siteName: z.string().nullable().describe('Name of the site.'),
    siteDepartment: z.string().nullable().describe('Département of the site.'),
    contactId: z.string().nullable().describe('The contact who reported it, if known.'),
    contactName: z.string().nullable().describe('Name of the contact.'),
    contactEmail: z.string().nullable().describe('E-mail of the contact; public replies go there.'),
    platformId: z.string().nullable().describe('The telephony platform concerned, if any.'),
    platformName: z.string().nullable().describe('Name of the platform.'),
    contractId: z.string().nullable().describe('The maintenance contract that covers it, if any.'),
    contractName: z.string().nullable().describe('Name of the contract.'),
    type: ticketType.describe('Kind of request: `incident`, `demande`, `projet` or `sav`.'),
    priority: ticketPriority.describe('Priority, `P1` (most urgent) to `P4`.'),
    status: ticketStatus.describe('Workflow status.'),
    channel: ticketChannel.describe('How it came in: `telephone`, `email`, `portail` or `api`.'),
    subject: z.string().describe('Subject line.'),
    description: z.string().nullable().describe('First description of the request.'),
    assigneeId: z.string().nullable().describe('The user it is assigned to.'),
    assigneeName: z.string().nullable().describe('Name of the assignee.'),
    teamId: z.string().nullable().describe('The team it is assigned to.'),
    teamName: z.string().nullable().describe('Name of the team.'),
    escalationLevel: z.number().int().describe('How many times it was escalated (0 = never).'),
    orderId: z.string().nullable().describe('The order it relates to, if any.'),
    firstResponseAt: z.string().nullable().describe('When the first public reply was sent.'),
    resolvedAt: z.string().nullable().describe('When it was resolved.'),
    closedAt: z.string().nullable().describe('When it was closed.'),
    version: z
      .number()
      .int()
      .describe('Version for optimistic locking: send it back on edit; a stale one answers 409.'),
    createdAt: createdAtOut,
    updatedAt: updatedAtOut,
    sla: ticketSlaOut
      .nullable()
      .describe('SLA clocks (first response, resolution) with their due dates, or null without a policy.'),
    nextStatuses: z.array(ticketStatus).describe('Statuses the caller may move it to now.'),
    abilities: abilitiesOut,
  })
  .meta({ id: 'Ticket', description: 'A support request of a client.' });
export type TicketOut = z.infer<typeof ticketOut>;

export const ticketCountsOut = z.object({
  mine: z.number().int(),
  team: z.number().int(),
  unassigned: z.number().int(),
  escalated: z.number().int(),
  at_risk: z.number().int(),
  all: z.number().int(),
  /** Open tickets « à qualifier » (no client yet) in the caller's scope: none for a partner. */
  unqualified: z.number().int(),
});
export type TicketCounts = z.infer<typeof ticketCountsOut>;

export const attachmentOut = z.object({
  id: z.string(),
  filename: z.string(),
  mimeType: z.string(),
  size: z.number().int(),
  url: z.string(),
});
export type AttachmentOut = z.infer<typeof attachmentOut>;

export const ticketMessageOut = z.object({
  id: z.string(),
  ticketId: z.string(),
  visibility: z.enum(messageVisibilities),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  /** Whether the author is staff (not the partner nor the client). */
  authorIsStaff: z.boolean(),
  channel: z.string(),
  body: z.string(),
  attachments: z.array(attachmentOut),
  createdAt: z.string(),
});
export type TicketMessageOut = z.infer<typeof ticketMessageOut>;

export const bulkResultOut = z.object({ updated: z.number().int() });

export const inboundResultOut = z.object({
  ticketId: z.string(),
  number: z.string(),
  messageId: z.string(),
  created: z.boolean().describe('Whether the e-mail opened a new ticket (else it was added to one).'),
});

export const inboundIgnoredOut = z.object({
  ignored: z.literal(true),
  reason: z.string().describe('Why the e-mail was not turned into a ticket nor a message (in French).'),
});

// Teams (Administration › Équipes).
export const teamBody = z.strictObject({
  name: z.string().trim().min(2, 'Nom : 2 caractères au moins.').max(100),
  leadUserId: uuid.nullable().optional(),
  memberIds: z.array(uuid).max(200).default([]),
});
export const teamPatch = z.strictObject({
  name: z.string().trim().min(2, 'Nom : 2 caractères au moins.').max(100).optional(),
  leadUserId: uuid.nullable().optional(),
  memberIds: z.array(uuid).max(200).optional(),
});
export const teamOut = z.object({
  id: z.string(),
  name: z.string(),
  leadUserId: z.string().nullable(),
  leadName: z.string().nullable(),
  members: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type TeamOut = z.infer<typeof teamOut>;

/** Users a ticket may be assigned to (tickets update right), for the assignee select. */
export const assigneeOut = z.object({ id: z.string(), name: z.string(), role: z.string() });

// Assignment proposal (who should take this ticket, and why) and automatic assignment per type.
export const assignmentFactorKeys = [
  'skills',
  'zone',
  'availability',
  'load',
  'sla',
  'distance',
  'rating',
] as const;
export type AssignmentFactorKey = (typeof assignmentFactorKeys)[number];
export const assignmentFactorOut = z.object({
  key: z.enum(assignmentFactorKeys),
  label: z.string(),
  points: z.number(),
  max: z.number(),
  detail: z.string(),
});
export const assignmentCandidateOut = z.object({
  technicianId: z.string(),
  userId: z.string(),
  name: z.string(),
  /** tech_terrain | tech_interne */
  role: z.string(),
  rank: z.number().int(),
  eligible: z.boolean(),
  score: z.number().int(),
  factors: z.array(assignmentFactorOut),
  /** French sentences of the deciding factors (exclusions first). */
  reasons: z.array(z.string()),
  distanceKm: z.number().nullable(),
  /** Where the distance is measured from: his live position or his home base. */
  distanceFrom: z.enum(['position', 'domicile']).nullable(),
  openTickets: z.number().int(),
  freeAt: z.string().nullable(),
});
export type AssignmentCandidateOut = z.infer<typeof assignmentCandidateOut>;
export const assignmentProposalOut = z.object({
  ticketId: z.string(),
  ticketVersion: z.number().int(),
  requiredSkills: z.array(z.object({ id: z.string(), name: z.string() })),
  /** Whether the ticket likely needs someone on site (SAV or incident at a site). */
  onSite: z.boolean(),
  slaDueAt: z.string().nullable(),
  generatedAt: z.string(),
  candidates: z.array(assignmentCandidateOut),
});
export type AssignmentProposalOut = z.infer<typeof assignmentProposalOut>;

export const assignmentSettingOut = z.object({
  ticketType,
  autoAssign: z.boolean(),
  updatedAt: z.string().nullable(),
});
export type AssignmentSettingOut = z.infer<typeof assignmentSettingOut>;
export const assignmentSettingsOut = z.object({ items: z.array(assignmentSettingOut) });
export const assignmentSettingBody = z.strictObject({
  autoAssign: z.boolean('Indiquez si l’attribution automatique est activée (vrai ou faux).'),
});
export const ticketTypeParam = z.strictObject({ type: ticketType });
