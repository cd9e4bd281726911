import { and, eq, isNull, sql } from 'drizzle-orm';
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
