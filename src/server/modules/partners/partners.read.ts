import { eq } from 'drizzle-orm';
import { partners } from '../../db/schema/index.ts';
import type { Db } from '../../infra/db.ts';

/** What other modules read about partners. They go through these functions, never the table. */

/** A partner's name, logo and colour, for co-branded emails and their logo route; undefined if unknown. */
export async function findPartnerBranding(db: Db, id: string) {
  const [row] = await db.select().from(partners).where(eq(partners.id, id));
  return row;
}

/** Whether a partner of that id exists. */
export async function partnerExists(db: Db, id: string): Promise<boolean> {
  const [row] = await db.select({ id: partners.id }).from(partners).where(eq(partners.id, id));
  return row !== undefined;
}
