import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { users } from '../../db/schema/index.ts';
import type { Db } from '../../infra/db.ts';

/** What other modules read about users. They go through these functions, never the table. */

/** An enabled user of partner `partnerId` with that e-mail (any case), or undefined. */
export async function findActivePartnerUserByEmail(db: Db, partnerId: string, email: string) {
  const [row] = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(
      and(
        eq(users.partnerId, partnerId),
        isNull(users.disabledAt),
        sql`lower(${users.email}) = ${email.toLowerCase()}`,
      ),
    );
  return row;
}

/** Those of these users whose account is disabled (one query). */
export async function disabledUserIds(db: Db, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.id, [...userIds]), sql`${users.disabledAt} IS NOT NULL`));
  return new Set(rows.map((d) => d.id));
}
