import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { SmsQuotaOut, SmsSendBody } from '../../../shared/schemas/sms.ts';
import { smsMaxSegments } from '../../../shared/schemas/sms.ts';
import { smsLength, toE164 } from '../../../shared/sms.ts';
import { outboundMessages } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { AppError, forbidden, validationFailed } from '../../infra/errors.ts';
import type { Jobs } from '../../infra/jobs.ts';
import { deliveryJob } from '../../infra/delivery.ts';
import type { SmsProvider } from '../../infra/sms.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Sender } from './outbox.service.ts';

export const smsQueue = 'sms';
const hourMs = 3_600_000;

export type QueueSmsInput = {
  /** Any French or international spelling; stored in E.164. */
  to: string;
  text: string;
  /** e.g. `intervention-reminder:{id}:J-1`: the same key twice sends once. */
  idempotencyKey: string;
  event: string;
  /** The user whose action sends it (counted in that user's hourly quota). */
  requestedBy?: string | null;
  entityType?: string;
  entityId?: string;
  clientId?: string | null;
  partnerId?: string | null;
};

/** Checks and normalises an SMS: the number in E.164, the text within the length accepted. */
function prepare(to: string, text: string) {
  const number = toE164(to);
  const details = [];
  if (!number) {
    details.push({
      path: 'to',
      message:
        'Numéro de téléphone invalide : saisissez un numéro français (06 12 34 56 78) ou international (+32…).',
    });
  }
  const length = smsLength(text);
  if (length.segments === 0) details.push({ path: 'text', message: 'Écrivez le texte du SMS.' });
  if (length.segments > smsMaxSegments) {
    details.push({
      path: 'text',
      message: `Le texte est trop long : ${length.segments} SMS, ${smsMaxSegments} au plus.`,
    });
  }
  if (details.length) throw validationFailed(details);
  return { number: number!, length };
}

/**
 * Stores an SMS and enqueues its delivery in the caller's transaction: a rolled-back change sends
 * nothing, a committed one sends once. Returns the message id, or null when the key was already used.
 */
export async function queueSms(tx: Db, jobs: Jobs, input: QueueSmsInput): Promise<string | null> {
  const { number, length } = prepare(input.to, input.text);
  const [row] = await tx
    .insert(outboundMessages)
    .values({
      channel: 'sms',
      event: input.event,
      idempotencyKey: input.idempotencyKey,
      recipient: number,
      body: input.text,
      entityType: input.entityType ?? null,
      entityId: input.entityId ?? null,
      clientId: input.clientId ?? null,
      partnerId: input.partnerId ?? null,
      requestedBy: input.requestedBy ?? null,
      smsEncoding: length.encoding,
      smsSegments: length.segments,
      status: 'queued',
      createdAt: clock.now(),
    })
    .onConflictDoNothing({ target: outboundMessages.idempotencyKey })
    .returning({ id: outboundMessages.id });
  if (!row) return null;
  await jobs.enqueue(tx, smsQueue, { messageId: row.id }, `${input.idempotencyKey}#0`, deliveryJob);
  return row.id;
}

/** The SMS sender through the configured provider, or null without SMS settings. */
export function smsSender(provider: SmsProvider | null, sender: string): Sender | null {
  if (!provider) return null;
  return async (msg) =>
    (await provider.send({ to: msg.recipient, text: msg.body, sender, idempotencyKey: msg.idempotencyKey }))
      .providerId;
}

/** The SMS a user sent by hand in the last hour, oldest first. */
async function sentInLastHour(db: Db, userId: string): Promise<Date[]> {
  const rows = await db
    .select({ at: outboundMessages.createdAt })
    .from(outboundMessages)
    .where(
      and(
        eq(outboundMessages.channel, 'sms'),
        eq(outboundMessages.requestedBy, userId),
        gt(outboundMessages.createdAt, new Date(clock.now().getTime() - hourMs)),
      ),
    )
    .orderBy(asc(outboundMessages.createdAt));
  return rows.map((r) => r.at);
}

function quotaOf(sent: Date[], limit: number): SmsQuotaOut {
  const remaining = Math.max(0, limit - sent.length);
  // Rolling hour: a slot frees when the oldest SMS that keeps the user at the limit turns one hour old.
  const freeing = remaining === 0 ? sent[sent.length - limit] : undefined;
  return {
    limit,
    remaining,
    nextAt: freeing ? new Date(freeing.getTime() + hourMs).toISOString() : null,
  };
}

const parisTime = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  hour: '2-digit',
  minute: '2-digit',
});

/** The user sending an SMS by hand: API tokens may not (403). */
export function smsUserOrThrow(ctx: RequestContext): string {
  if (!ctx.actor.userId) {
    throw forbidden(
      'L’envoi de SMS à la main est réservé aux utilisateurs connectés (pas aux jetons d’API).',
    );
  }
  return ctx.actor.userId;
}

/** How many SMS the signed-in user may still send this hour. */
export async function getSmsQuota(db: Db, ctx: RequestContext, limit: number): Promise<SmsQuotaOut> {
  return quotaOf(await sentInLastHour(db, smsUserOrThrow(ctx)), limit);
}

/**
 * An SMS typed by a user (support agent, technician) to a client's contact or any number. A user
 * sends at most `limit` SMS per rolling hour (429 beyond, nothing stored). `client` is the client
 * the SMS is for, already checked by the caller against the actor's scope (`clients/sms.service.ts`:
 * a partner only its own, and a partner must always name one).
 */
export async function sendSmsByHand(
  db: Db,
  jobs: Jobs,
  ctx: RequestContext,
  input: Pick<SmsSendBody, 'to' | 'text'>,
  client: { id: string; partnerId: string | null } | null,
  limit: number,
): Promise<{ id: string; quota: SmsQuotaOut }> {
  const userId = smsUserOrThrow(ctx);
  prepare(input.to, input.text);
  return db.transaction(async (tx) => {
    // One user's concurrent requests queue here, so the quota cannot be overrun by a burst.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`sms-quota:${userId}`}))`);
    const sent = await sentInLastHour(tx, userId);
    const before = quotaOf(sent, limit);
    if (before.remaining === 0) {
      const nextAt = new Date(before.nextAt!);
      const wait = Math.max(1, Math.ceil((nextAt.getTime() - clock.now().getTime()) / 1000));
      throw new AppError(
        'rate_limited',
        `Vous avez atteint la limite de ${limit} SMS par heure. Vous pourrez en envoyer de nouveau à ${parisTime
          .format(nextAt)
          .replace(':', ' h ')}.`,
        [],
        { 'retry-after': String(wait) },
      );
    }
    const id = await queueSms(tx, jobs, {
      to: input.to,
      text: input.text,
      idempotencyKey: `sms-manual:${randomUUID()}`,
      event: 'manual-sms',
      requestedBy: userId,
      entityType: client ? 'client' : undefined,
      entityId: client?.id,
      clientId: client?.id ?? null,
      partnerId: client?.partnerId ?? null,
    });
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'sms.send',
      entityType: 'outbound_message',
      entityId: id!,
      clientId: client?.id ?? null,
      partnerId: client?.partnerId ?? null,
      after: { to: toE164(input.to), text: input.text },
    });
    return { id: id!, quota: quotaOf([...sent, clock.now()], limit) };
  });
}
