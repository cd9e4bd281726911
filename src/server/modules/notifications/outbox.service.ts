import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { type DeliveryAttempt, outboundMessages } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { AppError, notFound } from '../../infra/errors.ts';
import type { Jobs } from '../../infra/jobs.ts';
import { type Mailer, MailError } from '../../infra/mail.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { getCompanySettings } from '../settings/settings.service.ts';
import { type EmailEvent, renderEmail } from './templates.ts';

export const emailQueue = 'email';
export type OutboundMessage = typeof outboundMessages.$inferSelect;

function legalFooter(s: Awaited<ReturnType<typeof getCompanySettings>>): string {
  const capital = s.capitalCents ? ` au capital de ${(s.capitalCents / 100).toLocaleString('fr-FR')} €` : '';
  return [
    `${s.legalName}${s.legalForm ? ` ${s.legalForm}` : ''}${capital}`,
    s.siren && s.rcsCity ? `RCS ${s.rcsCity} ${s.siren}` : null,
    s.vatNumber ? `TVA ${s.vatNumber}` : null,
    [s.addressLine, s.postalCode, s.city].filter(Boolean).join(' ') || null,
  ]
    .filter(Boolean)
    .join(' — ');
}

export type QueueEmailInput = {
  event: EmailEvent;
  to: string;
  data: Record<string, unknown>;
  /** e.g. `password-reset:{resetId}`: the same key twice sends once. */
  idempotencyKey: string;
  entityType?: string;
  entityId?: string;
  clientId?: string | null;
  partnerId?: string | null;
};

/**
 * Renders and stores an email, and enqueues its delivery, in the caller's transaction: a rolled-back
 * change sends nothing, a committed one sends once. Returns false when the key was already used.
 */
export async function queueEmail(tx: Db, jobs: Jobs, input: QueueEmailInput): Promise<boolean> {
  const company = await getCompanySettings(tx);
  const rendered = await renderEmail(input.event, input.data, {
    legalName: company.legalName,
    color: company.brandColor ?? '#1c7ed6',
    footer: legalFooter(company),
  });
  const [row] = await tx
    .insert(outboundMessages)
    .values({
      channel: 'email',
      event: input.event,
      idempotencyKey: input.idempotencyKey,
      recipient: input.to,
      subject: rendered.subject,
      html: rendered.html,
      body: rendered.text,
      entityType: input.entityType ?? null,
      entityId: input.entityId ?? null,
      clientId: input.clientId ?? null,
      partnerId: input.partnerId ?? null,
      status: 'queued',
      createdAt: clock.now(),
    })
    .onConflictDoNothing({ target: outboundMessages.idempotencyKey })
    .returning({ id: outboundMessages.id });
  if (!row) return false;
  await jobs.enqueue(tx, emailQueue, { messageId: row.id }, `${input.idempotencyKey}#0`);
  return true;
}

const attempt = (a: Omit<DeliveryAttempt, 'at'>) =>
  sql`${outboundMessages.attempts} || ${JSON.stringify([{ at: clock.now().toISOString(), ...a }])}::jsonb`;

/**
 * Delivers one stored email. A message already sent is not sent again (a replayed job is harmless);
 * a temporary failure throws so the queue retries it; a permanent one is marked dead at once.
 */
export async function deliverEmail(db: Db, mailer: Mailer | null, messageId: string): Promise<void> {
  const [msg] = await db.select().from(outboundMessages).where(eq(outboundMessages.id, messageId));
  if (!msg || msg.status === 'sent' || msg.status === 'dead') return;
  if (!mailer) {
    await db.update(outboundMessages).set({ status: 'held' }).where(eq(outboundMessages.id, msg.id));
    return;
  }
  try {
    const { messageId: providerId } = await mailer.send({
      to: msg.recipient,
      subject: msg.subject ?? '',
      html: msg.html ?? '',
      text: msg.body,
      idempotencyKey: msg.idempotencyKey,
    });
    await db
      .update(outboundMessages)
      .set({ status: 'sent', sentAt: clock.now(), providerId, attempts: attempt({ ok: true }) })
      .where(eq(outboundMessages.id, msg.id));
  } catch (err) {
    const e = err instanceof MailError ? err : new MailError(String(err), false, null);
    await db
      .update(outboundMessages)
      .set({
        status: e.permanent ? 'dead' : 'retrying',
        attempts: attempt({ ok: false, error: e.message.slice(0, 500), code: e.code }),
      })
      .where(eq(outboundMessages.id, msg.id));
    if (!e.permanent) throw e;
  }
}

/** The queue gave up after its last retry. */
export async function markDead(db: Db, messageId: string): Promise<void> {
  await db
    .update(outboundMessages)
    .set({ status: 'dead' })
    .where(and(eq(outboundMessages.id, messageId), sql`${outboundMessages.status} <> 'sent'`));
}

/** Starts the email workers of this process. */
export async function startEmailWorkers(db: Db, jobs: Jobs, mailer: Mailer | null): Promise<void> {
  await jobs.defineQueue(emailQueue);
  await jobs.work<{ messageId: string }>(emailQueue, async (data) =>
    deliverEmail(db, mailer, data.messageId),
  );
  await jobs.work<{ messageId: string }>(`${emailQueue}-dead`, async (data) => markDead(db, data.messageId));
}

export async function listOutbox(
  db: Db,
  f: { status?: string | undefined; beforeId?: string | undefined; limit: number },
) {
  const where: SQL[] = [];
  if (f.status) where.push(eq(outboundMessages.status, f.status));
  if (f.beforeId) {
    where.push(
      sql`(${outboundMessages.createdAt}, ${outboundMessages.id}) < (SELECT created_at, id FROM outbound_messages WHERE id = ${f.beforeId}::uuid)`,
    );
  }
  return db
    .select()
    .from(outboundMessages)
    .where(and(...where))
    .orderBy(desc(outboundMessages.createdAt), desc(outboundMessages.id))
    .limit(f.limit);
}

export async function getMessageOrThrow(db: Db, id: string): Promise<OutboundMessage> {
  const [msg] = await db.select().from(outboundMessages).where(eq(outboundMessages.id, id));
  if (!msg) throw notFound('Message');
  return msg;
}

/** Sends a dead (or held) message again: one new delivery job, audited. */
export async function replayMessage(db: Db, jobs: Jobs, ctx: RequestContext, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [msg] = await tx.select().from(outboundMessages).where(eq(outboundMessages.id, id)).for('update');
    if (!msg) throw notFound('Message');
    if (msg.status !== 'dead' && msg.status !== 'held') {
      throw new AppError('conflict', 'Seul un message en échec définitif ou retenu peut être renvoyé.');
    }
    await tx.update(outboundMessages).set({ status: 'queued' }).where(eq(outboundMessages.id, id));
    await jobs.enqueue(tx, emailQueue, { messageId: id }, `${msg.idempotencyKey}#${msg.attempts.length}`);
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'outbox.replay',
      entityType: 'outbound_message',
      entityId: id,
    });
  });
}
