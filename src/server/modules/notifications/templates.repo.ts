import { asc, desc, eq } from 'drizzle-orm';
import { messageTemplates, notifications, users } from '../../db/schema/index.ts';
import type { Db } from '../../infra/db.ts';

/** An admin's version of an event's template (the defaults are in `templates.catalog.ts`). */
export type TemplateOverride = typeof messageTemplates.$inferSelect;

export async function findOverride(db: Db, event: string): Promise<TemplateOverride | undefined> {
  const [row] = await db.select().from(messageTemplates).where(eq(messageTemplates.event, event));
  return row;
}

export function listOverrides(db: Db): Promise<TemplateOverride[]> {
  return db.select().from(messageTemplates);
}

export async function upsertOverride(
  tx: Db,
  event: string,
  values: Omit<typeof messageTemplates.$inferInsert, 'event'>,
) {
  await tx
    .insert(messageTemplates)
    .values({ event, ...values })
    .onConflictDoUpdate({ target: messageTemplates.event, set: values });
}

/** Deletes the admin's version; the row deleted, or undefined when there was none. */
export async function deleteOverride(tx: Db, event: string): Promise<TemplateOverride | undefined> {
  const [row] = await tx.delete(messageTemplates).where(eq(messageTemplates.event, event)).returning();
  return row;
}

/** A user's latest in-app notification (the preview of the notification email). */
export async function latestNotificationOf(db: Db, userId: string) {
  const [row] = await db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt))
    .limit(1);
  return row;
}

/**
 * Users by name (up to `limit`): the records an admin previews a template on. Read here rather than
 * through users: users and auth send emails, so notifications imports neither.
 */
export function listUsersByName(db: Db, limit: number) {
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .orderBy(asc(users.name))
    .limit(limit);
}

/** User `id` (or, without one, the first by name): name and e-mail, or undefined. */
export async function findUserOrFirst(db: Db, id: string | undefined) {
  const [row] = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(id ? eq(users.id, id) : undefined)
    .orderBy(asc(users.name))
    .limit(1);
  return row;
}
