import { and, count, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import {
  effectivePreference,
  type NotificationType,
  type NotificationTypeInfo,
  notificationTypeKeys,
  notificationTypes,
} from '../../../shared/notification-types.ts';
import type { NotificationOut } from '../../../shared/schemas/notifications-inbox.ts';
import {
  notificationPreferences,
  notifications,
  type outboundMessages,
  users,
} from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import { loadConfig } from '../../infra/config.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { AppError, notFound } from '../../infra/errors.ts';
import type { Jobs } from '../../infra/jobs.ts';
import { getMatrix } from '../../policy/matrix.service.ts';
import { roles } from '../../../shared/permissions.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { publishEvent } from './events.service.ts';
import { queueEmail } from './outbox.service.ts';

export type NotificationRow = typeof notifications.$inferSelect;

export type NotifyInput = {
  type: NotificationType;
  userIds: readonly string[];
  title: string;
  body?: string | null;
  /** Path in the web app, e.g. `/clients/{id}`. */
  link?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  /** The trigger's key, e.g. `client-assigned:{clientId}:{userId}`: the same trigger twice notifies once. */
  idempotencyKey: string;
  /** Base of the links in emails; defaults to PUBLIC_URL (or http://localhost:$PORT). */
  publicUrl?: string;
};

let envPublicUrl: string | undefined;
function defaultPublicUrl(): string {
  envPublicUrl ??= loadConfig().publicUrl;
  return envPublicUrl;
}

export function presentNotification(n: NotificationRow): NotificationOut {
  return {
    id: n.id,
    type: n.type,
    title: n.title,
    body: n.body,
    link: n.link,
    entityType: n.entityType,
    entityId: n.entityId,
    readAt: n.readAt?.toISOString() ?? null,
    createdAt: n.createdAt.toISOString(),
  };
}

/**
 * Notifies users in the caller's transaction, each per their preferences for `type`: an in-app
 * notification (stored once per user and key, and pushed live as a `notification.created` event
 * to that user only) and, for those who asked for it, an email through the outbox. Disabled users
 * are skipped. Returns how many in-app notifications were created.
 */
export async function notifyUsers(tx: Db, jobs: Jobs | null, input: NotifyInput): Promise<number> {
  const ids = [...new Set(input.userIds)];
  if (ids.length === 0) return 0;
  const recipients = await tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(inArray(users.id, ids), isNull(users.disabledAt)));
  const saved = await tx
    .select()
    .from(notificationPreferences)
    .where(and(inArray(notificationPreferences.userId, ids), eq(notificationPreferences.type, input.type)));
  const prefOf = new Map(saved.map((p) => [p.userId, p]));
  const now = clock.now();
  let created = 0;
  for (const user of recipients) {
    const pref = effectivePreference(input.type, prefOf.get(user.id));
    if (pref.inApp) {
      const [row] = await tx
        .insert(notifications)
        .values({
          userId: user.id,
          type: input.type,
          title: input.title,
          body: input.body ?? null,
          link: input.link ?? null,
          entityType: input.entityType ?? null,
          entityId: input.entityId ?? null,
          idempotencyKey: input.idempotencyKey,
          createdAt: now,
        })
        .onConflictDoNothing({ target: [notifications.userId, notifications.idempotencyKey] })
        .returning();
      if (row) {
        created++;
        await publishEvent(tx, {
          type: 'notification.created',
          payload: { notification: presentNotification(row) },
          userId: user.id,
        });
      }
    }
    if (pref.email) {
      if (!jobs) throw new Error(`notifyUsers(${input.type}): e-mail demandé sans file de tâches`);
      const base = input.publicUrl ?? defaultPublicUrl();
      await queueEmail(tx, jobs, {
        event: 'notification',
        to: user.email,
        data: {
          user: { name: user.name },
          notification: {
            title: input.title,
            body: input.body ?? '',
            url: input.link ? `${base}${input.link}` : base,
          },
        },
        idempotencyKey: `notif:${input.idempotencyKey}:${user.id}`,
        entityType: input.entityType ?? undefined,
        entityId: input.entityId ?? undefined,
      });
    }
  }
  return created;
}

/**
 * Tells the administrators (every role that may read Administration) that an outgoing message was
 * given up, in the transaction that marks it dead. In-app only (`outbox.dead` is never emailed),
 * so it needs no job queue. A message replayed and dead again notifies again (new attempt count).
 */
export async function notifyOutboxDead(
  tx: Db,
  msg: Pick<typeof outboundMessages.$inferSelect, 'id' | 'channel' | 'recipient' | 'subject' | 'attempts'>,
  lastError?: string | null,
): Promise<number> {
  const matrix = await getMatrix(tx);
  const adminRoles = roles.filter((r) => matrix[r].administration.actions.includes('read'));
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.role, adminRoles), isNull(users.disabledAt), isNull(users.partnerId)));
  const what = msg.channel === 'sms' ? 'SMS' : 'E-mail';
  const error = lastError ?? msg.attempts.at(-1)?.error ?? null;
  return notifyUsers(tx, null, {
    type: 'outbox.dead',
    userIds: admins.map((a) => a.id),
    title: `${what} en échec définitif : ${msg.recipient}`,
    body: [msg.subject, error].filter(Boolean).join(' — ') || null,
    link: `/admin/messages?message=${msg.id}`,
    entityType: 'outbound_message',
    entityId: msg.id,
    idempotencyKey: `outbox-dead:${msg.id}:${msg.attempts.length}`,
  });
}

/** The signed-in user: notifications are personal, whatever the role (API tokens have none). */
function userIdOrThrow(ctx: RequestContext): string {
  if (!ctx.actor.userId) {
    throw new AppError('forbidden', 'Les notifications sont personnelles : connectez-vous avec un compte.');
  }
  return ctx.actor.userId;
}

export async function countUnread(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

/** The user's notifications, newest first, with the unread count. */
export async function listNotifications(
  db: Db,
  ctx: RequestContext,
  q: { unread?: 'true' | 'false' | undefined; limit: number; cursor?: string | undefined },
) {
  const userId = userIdOrThrow(ctx);
  const where: SQL[] = [eq(notifications.userId, userId)];
  if (q.unread === 'true') where.push(isNull(notifications.readAt));
  if (q.unread === 'false') where.push(sql`${notifications.readAt} IS NOT NULL`);
  if (q.cursor) {
    where.push(
      sql`(${notifications.createdAt}, ${notifications.id}) < (SELECT created_at, id FROM notifications WHERE id = ${q.cursor}::uuid AND user_id = ${userId}::uuid)`,
    );
  }
  const rows = await db
    .select()
    .from(notifications)
    .where(and(...where))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(q.limit + 1);
  const items = rows.slice(0, q.limit);
  return {
    items: items.map(presentNotification),
    nextCursor: rows.length > q.limit ? items[items.length - 1]!.id : null,
    unreadCount: await countUnread(db, userId),
  };
}

/** Marks one of the user's notifications read; another user's is 404. */
export async function markRead(db: Db, ctx: RequestContext, id: string): Promise<NotificationOut> {
  const userId = userIdOrThrow(ctx);
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${clock.now()})` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning();
  if (!row) throw notFound('Notification');
  return presentNotification(row);
}

/** Marks every unread notification of the user read. */
export async function markAllRead(db: Db, ctx: RequestContext): Promise<number> {
  const userId = userIdOrThrow(ctx);
  const rows = await db
    .update(notifications)
    .set({ readAt: clock.now() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

/** Every notification type with the user's effective choice (saved or default). */
export async function getPreferences(db: Db, ctx: RequestContext) {
  const userId = userIdOrThrow(ctx);
  const saved = await db
    .select()
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
  const byType = new Map(saved.map((p) => [p.type, p]));
  const offered = notificationTypeKeys.filter((type) => {
    const info: NotificationTypeInfo = notificationTypes[type];
    return !info.module || ctx.policy.can(info.module, 'read');
  });
  return {
    items: offered.map((type) => {
      const info = notificationTypes[type];
      const p = effectivePreference(type, byType.get(type));
      return {
        type,
        label: info.label,
        description: info.description,
        inApp: p.inApp,
        email: p.email,
        emailAllowed: info.emailAllowed,
      };
    }),
  };
}

/** Saves the user's choices (one transaction, audited); email is ignored where not offered. */
export async function savePreferences(
  db: Db,
  ctx: RequestContext,
  items: { type: string; inApp: boolean; email: boolean }[],
) {
  const userId = userIdOrThrow(ctx);
  await db.transaction(async (tx) => {
    for (const item of items) {
      const type = item.type as NotificationType;
      const values = { inApp: item.inApp, email: notificationTypes[type].emailAllowed && item.email };
      await tx
        .insert(notificationPreferences)
        .values({ userId, type, ...values })
        .onConflictDoUpdate({
          target: [notificationPreferences.userId, notificationPreferences.type],
          set: values,
        });
    }
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'notification-preferences.update',
      entityType: 'user',
      entityId: userId,
      after: { items },
    });
  });
  return getPreferences(db, ctx);
}
