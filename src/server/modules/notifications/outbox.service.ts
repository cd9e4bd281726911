import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { type DeliveryAttempt, outboundMessages, storedFiles } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { AppError, notFound } from '../../infra/errors.ts';
import type { Jobs } from '../../infra/jobs.ts';
import { DeliveryError, deliveryJob } from '../../infra/delivery.ts';
import type { Mailer } from '../../infra/mail.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { notifyOutboxDead } from './inbox.service.ts';
import { smsQueue } from './sms.service.ts';
import type { EmailEvent } from './templates.catalog.ts';
import { renderEventEmail } from './templates.service.ts';

export const emailQueue = 'email';
export type OutboundMessage = typeof outboundMessages.$inferSelect;

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
  /**
   * Who receives it: `staff` (a user of Relais, the default) or `client` (a client's contact). A
   * client of a partner that has a logo or a colour gets the email in the partner's co-branding.
   */
  audience?: 'staff' | 'client';
  /** Stored files (stored_files ids) sent as attachments, read at delivery time. */
  attachments?: { fileId: string; filename: string }[];
};

/**
 * Renders and stores an email, and enqueues its delivery, in the caller's transaction: a rolled-back
 * change sends nothing, a committed one sends once. Returns false when the key was already used.
 */
export async function queueEmail(tx: Db, jobs: Jobs, input: QueueEmailInput): Promise<boolean> {
  const coBrand = input.audience === 'client' ? input.partnerId : null;
  const rendered = await renderEventEmail(tx, input.event, input.data, coBrand);
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
      attachments: input.attachments?.length ? input.attachments : null,
      status: 'queued',
      createdAt: clock.now(),
    })
    .onConflictDoNothing({ target: outboundMessages.idempotencyKey })
    .returning({ id: outboundMessages.id });
  if (!row) return false;
  await jobs.enqueue(tx, emailQueue, { messageId: row.id }, `${input.idempotencyKey}#0`, deliveryJob);
  return true;
}

const attempt = (a: Omit<DeliveryAttempt, 'at'>) =>
  sql`${outboundMessages.attempts} || ${JSON.stringify([{ at: clock.now().toISOString(), ...a }])}::jsonb`;

/** Sends one stored message through its channel; returns the provider's id for it. */
export type Sender = (msg: OutboundMessage) => Promise<string>;

/**
 * How long after a send began a message still marked `sending` may be sent again: longer than a
 * delivery job's 90 s expiry, itself longer than any live SMTP transaction (`smtpTimeouts` in
 * infra/mail.ts). By then the sender that marked it is surely dead or done; whether the server
 * got the message before it died is unknown, so the new send is flagged as possibly duplicated.
 */
export const sendingStaleAfterMs = 2 * 60_000;

/** Where a delivery job found its message `sending` too recently: schedules its next look. */
export type Redelivery = (msg: OutboundMessage, at: Date) => Promise<void>;

/**
 * Delivers one stored message (email or SMS). One already sent is not sent again (a replayed job is
 * harmless); a temporary failure throws so the queue retries it; a permanent one is marked dead at
 * once and admins are notified. Without a sender (no SMTP / SMS settings) the message is held in
 * the outbox, readable there.
 *
 * The message is marked `sending` (with the time), committed on its own, just before the SMTP
 * transaction and `sent` right after. A retry that finds it still `sending` — its sender died
 * mid-transaction — waits until `sendingStaleAfterMs` after that mark (`later`), then sends it and
 * flags it as possibly sent twice.
 */
export async function deliverMessage(
  db: Db,
  send: Sender | null,
  messageId: string,
  later?: Redelivery,
): Promise<void> {
  const [msg] = await db.select().from(outboundMessages).where(eq(outboundMessages.id, messageId));
  if (!msg || msg.status === 'sent' || msg.status === 'dead') return;
  if (!send) {
    await db.update(outboundMessages).set({ status: 'held' }).where(eq(outboundMessages.id, msg.id));
    return;
  }
  let possiblyDuplicated = msg.possiblyDuplicated;
  if (msg.status === 'sending' && msg.sendingAt) {
    const due = new Date(msg.sendingAt.getTime() + sendingStaleAfterMs);
    if (clock.now() < due) {
      if (!later) throw new DeliveryError('Envoi déjà en cours.', false, null);
      await later(msg, due);
      return;
    }
    possiblyDuplicated = true;
  }
  // The mark commits before the transaction starts; it is taken only from the state read above,
  // so of two deliveries of one message only one sends.
  const [claimed] = await db
    .update(outboundMessages)
    .set({
      status: 'sending',
      sendingAt: clock.now(),
      possiblyDuplicated,
      // The cut send shows in the attempts, before the new one.
      ...(msg.status === 'sending'
        ? {
            attempts: attempt({
              ok: false,
              error: 'Envoi interrompu par l’arrêt de l’instance qui l’envoyait.',
            }),
          }
        : {}),
    })
    .where(
      and(
        eq(outboundMessages.id, msg.id),
        eq(outboundMessages.status, msg.status),
        msg.sendingAt ? eq(outboundMessages.sendingAt, msg.sendingAt) : isNull(outboundMessages.sendingAt),
      ),
    )
    .returning({ id: outboundMessages.id });
  if (!claimed) return;
  try {
    const providerId = await send(msg);
    await db
      .update(outboundMessages)
      .set({ status: 'sent', sentAt: clock.now(), providerId, attempts: attempt({ ok: true }) })
      .where(eq(outboundMessages.id, msg.id));
  } catch (err) {
    const e = err instanceof DeliveryError ? err : new DeliveryError(String(err), false, null);
    await db.transaction(async (tx) => {
      const [dead] = await tx
        .update(outboundMessages)
        .set({
          status: e.permanent ? 'dead' : 'retrying',
          attempts: attempt({ ok: false, error: e.message.slice(0, 500), code: e.code }),
        })
        .where(eq(outboundMessages.id, msg.id))
        .returning();
      if (e.permanent && dead) await notifyOutboxDead(tx, dead);
    });
    if (!e.permanent) throw e;
  }
}

/** The queue gave up after its last retry. */
export async function markDead(db: Db, messageId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [dead] = await tx
      .update(outboundMessages)
      .set({ status: 'dead' })
      .where(and(eq(outboundMessages.id, messageId), sql`${outboundMessages.status} NOT IN ('sent', 'dead')`))
      .returning();
    // Admins learn of it in the app (Administration › Messages sortants).
    if (dead) await notifyOutboxDead(tx, dead);
  });
}

/** Starts the workers of a channel's queue and of its dead letters. */
export async function startDeliveryWorkers(db: Db, jobs: Jobs, queue: string, send: Sender | null) {
  await jobs.defineQueue(queue);
  await jobs.work<{ messageId: string }>(queue, (data, job) =>
    deliverMessage(db, send, data.messageId, (msg, at) =>
      // One look per job that found it `sending` (the job's id in the key).
      db.transaction((tx) =>
        jobs.enqueue(tx, queue, data, `${msg.idempotencyKey}#${job.id}`, { ...deliveryJob, startAfter: at }),
      ),
    ),
  );
  await jobs.work<{ messageId: string }>(`${queue}-dead`, (data) => markDead(db, data.messageId));
}

/**
 * The email sender over SMTP, or null without SMTP settings. Attachments (stored_files ids) are
 * read from `db` at delivery time.
 */
export function emailSender(mailer: Mailer | null, db?: Db): Sender | null {
  if (!mailer) return null;
  return async (msg) => {
    const wanted = msg.attachments ?? [];
    const files =
      wanted.length && db
        ? await db
            .select({ id: storedFiles.id, content: storedFiles.content, mimeType: storedFiles.mimeType })
            .from(storedFiles)
            .where(
              inArray(
                storedFiles.id,
                wanted.map((a) => a.fileId),
              ),
            )
        : [];
    const attachments = wanted.flatMap((a) => {
      const f = files.find((x) => x.id === a.fileId);
      return f ? [{ filename: a.filename, content: f.content, contentType: f.mimeType }] : [];
    });
    return (
      await mailer.send({
        to: msg.recipient,
        subject: msg.subject ?? '',
        html: msg.html ?? '',
        text: msg.body,
        idempotencyKey: msg.idempotencyKey,
        ...(attachments.length ? { attachments } : {}),
      })
    ).messageId;
  };
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
    const queue = msg.channel === 'sms' ? smsQueue : emailQueue;
    await jobs.enqueue(
      tx,
      queue,
      { messageId: id },
      `${msg.idempotencyKey}#${msg.attempts.length}`,
      deliveryJob,
    );
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'outbox.replay',
      entityType: 'outbound_message',
      entityId: id,
    });
  });
}
