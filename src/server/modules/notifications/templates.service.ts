import { smsLength } from '../../../shared/sms.ts';
import type { TemplateIn, TemplatePreviewIn } from '../../../shared/schemas/templates.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { notFound, validationFailed } from '../../infra/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { brandingOf } from './branding.service.ts';
import {
  type EmailEvent,
  eventDef,
  isMessageEvent,
  messageEventKeys,
  type TemplateFields,
} from './templates.catalog.ts';
import * as repo from './templates.repo.ts';
import type { TemplateOverride as Override } from './templates.repo.ts';
import { renderEmail, renderSms, validateTemplate } from './templates.ts';

function fieldsOf(event: EmailEvent, row: Override | undefined): TemplateFields {
  const d = eventDef(event).defaults;
  if (!row) return d;
  return {
    subject: row.subject ?? d.subject,
    html: row.html ?? d.html,
    text: row.text ?? d.text,
    sms: eventDef(event).channels.includes('sms') ? (row.sms ?? d.sms) : null,
  };
}

/**
 * Renders an event's email with the admin's template when there is one. Should a saved template
 * fail at render time (a limit reached on real data), the default one is used: the message leaves.
 */
export async function renderEventEmail(
  db: Db,
  event: EmailEvent,
  data: Record<string, unknown>,
  coBrandPartnerId?: string | null,
) {
  const brand = await brandingOf(db, 'public-url', coBrandPartnerId);
  const row = await repo.findOverride(db, event);
  try {
    return await renderEmail(fieldsOf(event, row), data, brand);
  } catch (err) {
    if (!row) throw err;
    return renderEmail(eventDef(event).defaults, data, brand);
  }
}

/**
 * Renders an event's SMS text (for events that have an SMS version), the admin's template first;
 * with `coBrandPartnerId`, signed with the partner's name as its co-branded emails are.
 */
export async function renderEventSms(
  db: Db,
  event: EmailEvent,
  data: Record<string, unknown>,
  coBrandPartnerId?: string | null,
) {
  const def = eventDef(event);
  if (!def.defaults.sms) throw new Error(`L’événement ${event} n’a pas de version SMS.`);
  const brand = await brandingOf(db, 'public-url', coBrandPartnerId);
  const row = await repo.findOverride(db, event);
  try {
    return await renderSms(fieldsOf(event, row).sms ?? def.defaults.sms, data, brand);
  } catch (err) {
    if (!row) throw err;
    return renderSms(def.defaults.sms, data, brand);
  }
}

function eventOrThrow(event: string): EmailEvent {
  if (!isMessageEvent(event)) throw notFound('Modèle de message');
  return event;
}

const summary = (event: EmailEvent, row: Override | undefined) => {
  const def = eventDef(event);
  return {
    event,
    label: def.label,
    description: def.description,
    channels: def.channels,
    customized: row !== undefined,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
};

/** Every event with an automatic message, and whether an admin changed its template. */
export async function listTemplates(db: Db) {
  const rows = await repo.listOverrides(db);
  const byEvent = new Map(rows.map((r) => [r.event, r]));
  return messageEventKeys.map((e) => summary(e, byEvent.get(e)));
}

/** The records a preview can be rendered on (users, for both events today). */
async function previewRecords(db: Db) {
  const rows = await repo.listUsersByName(db, 200);
  return rows.map((u) => ({ id: u.id, label: `${u.name} (${u.email})` }));
}

/** One event's template (the admin's or the default), its variables and the preview records. */
export async function getTemplateOrThrow(db: Db, eventName: string) {
  const event = eventOrThrow(eventName);
  const def = eventDef(event);
  const row = await repo.findOverride(db, event);
  const updater = row?.updatedBy ? await repo.findUserOrFirst(db, row.updatedBy) : undefined;
  const updatedBy = updater ? { id: updater.id, name: updater.name } : null;
  return {
    ...summary(event, row),
    ...fieldsOf(event, row),
    variables: def.variables,
    recordLabel: def.recordLabel,
    records: await previewRecords(db),
    updatedBy,
    defaults: def.defaults,
  };
}

async function checkedFieldsOrThrow(event: EmailEvent, input: TemplateIn | TemplatePreviewIn, what: string) {
  const hasSms = eventDef(event).channels.includes('sms');
  const fields: TemplateFields = {
    subject: input.subject,
    html: input.html,
    text: input.text,
    sms: hasSms ? (input.sms ?? '') : null,
  };
  const errors = await validateTemplate(event, fields);
  if (!hasSms && input.sms) {
    errors.push({ path: 'sms', message: 'Texte du SMS : ce message n’a pas de version SMS.' });
  }
  if (hasSms && !fields.sms?.trim()) {
    errors.push({ path: 'sms', message: 'Texte du SMS : obligatoire pour ce message.' });
  }
  if (errors.length > 0) throw validationFailed(errors, what);
  return fields;
}

/** Saves an admin's template (checked first), audited in the same transaction. */
export async function saveTemplate(db: Db, ctx: RequestContext, eventName: string, input: TemplateIn) {
  const event = eventOrThrow(eventName);
  const fields = await checkedFieldsOrThrow(
    event,
    input,
    'Le modèle contient des erreurs : corrigez-les avant d’enregistrer.',
  );
  await db.transaction(async (tx) => {
    const before = await repo.findOverride(tx, event);
    const values = { ...fields, updatedBy: ctx.actor.userId, updatedAt: clock.now() };
    await repo.upsertOverride(tx, event, values);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'message_template.update',
      entityType: 'message_template',
      entityId: event,
      before: before ? fieldsOf(event, before) : eventDef(event).defaults,
      after: fields,
    });
  });
  return getTemplateOrThrow(db, event);
}

/** Back to the default template: the admin's version is deleted, audited. */
export async function resetTemplate(db: Db, ctx: RequestContext, eventName: string) {
  const event = eventOrThrow(eventName);
  await db.transaction(async (tx) => {
    const deleted = await repo.deleteOverride(tx, event);
    if (!deleted) return;
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'message_template.reset',
      entityType: 'message_template',
      entityId: event,
      before: fieldsOf(event, deleted),
      after: eventDef(event).defaults,
    });
  });
}

/** The data of an event, loaded from a real record (a user), for the preview. */
async function previewDataOrThrow(
  db: Db,
  publicUrl: string,
  event: EmailEvent,
  recordId: string | undefined,
) {
  const user = await repo.findUserOrFirst(db, recordId);
  if (!user) throw notFound('Utilisateur');
  const record = { id: user.id, label: `${user.name} (${user.email})` };
  if (event === 'password-reset') {
    const expiresAt = new Date(clock.now().getTime() + 60 * 60_000);
    return {
      record,
      data: {
        user: { name: user.name, email: user.email },
        link: {
          url: `${publicUrl}/reinitialiser-mot-de-passe#exemple-de-lien`,
          expiresAt: expiresAt.toLocaleString('fr-FR', {
            timeZone: 'Europe/Paris',
            dateStyle: 'long',
            timeStyle: 'short',
          }),
        },
      },
    };
  }
  // The user's latest notification when there is one, else a sample.
  const last = await repo.latestNotificationOf(db, user.id);
  return {
    record,
    data: {
      user: { name: user.name },
      notification: last
        ? { title: last.title, body: last.body ?? '', url: `${publicUrl}${last.link ?? '/'}` }
        : {
            title: 'Un client vous est attribué',
            body: 'Vous êtes désormais son chargé de compte.',
            url: `${publicUrl}/clients`,
          },
    },
  };
}

/**
 * Renders an unsaved draft on a real record, with the company's branding: what the recipient
 * would receive. A draft with errors gets the same 400 as a save.
 */
export async function previewTemplate(
  db: Db,
  publicUrl: string,
  eventName: string,
  input: TemplatePreviewIn,
) {
  const event = eventOrThrow(eventName);
  const fields = await checkedFieldsOrThrow(event, input, 'Le brouillon contient des erreurs.');
  const { record, data } = await previewDataOrThrow(db, publicUrl, event, input.recordId);
  const brand = await brandingOf(db, 'data-url');
  const email = await renderEmail(fields, data, brand);
  const sms = fields.sms === null ? null : await renderSms(fields.sms, data, brand);
  return { ...email, sms, smsLength: sms === null ? null : smsLength(sms), record };
}
