import { eq, sql } from 'drizzle-orm';
import { clients, partners, users } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { conflict, notFound } from '../../infra/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';

export type Partner = typeof partners.$inferSelect;
export type PartnerInput = {
  name?: string | undefined;
  siren?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  contactName?: string | null | undefined;
  addressLine?: string | null | undefined;
  postalCode?: string | null | undefined;
  city?: string | null | undefined;
  brandColor?: string | null | undefined;
  logo?: { mime: string; base64: string } | null | undefined;
};

const clientCount = sql<number>`(SELECT count(*)::int FROM ${clients} WHERE ${clients.partnerId} = ${partners.id})`;

export async function listPartners(db: Db) {
  return db.select({ partner: partners, clientCount }).from(partners).orderBy(partners.name);
}

export async function getPartnerOrThrow(db: Db, id: string) {
  const [row] = await db.select({ partner: partners, clientCount }).from(partners).where(eq(partners.id, id));
  if (!row) throw notFound('Partenaire');
  return row;
}

function toValues(input: PartnerInput): Partial<Partner> {
  const { logo, ...fields } = input;
  const values: Partial<Partner> = Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined),
  );
  if (logo !== undefined) {
    values.logo = logo ? Buffer.from(logo.base64, 'base64') : null;
    values.logoMime = logo?.mime ?? null;
  }
  return values;
}

export async function createPartner(db: Db, ctx: RequestContext, input: PartnerInput & { name: string }) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(partners)
      .values({ ...toValues(input), name: input.name })
      .returning();
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'create',
      entityType: 'partner',
      entityId: row!.id,
      partnerId: row!.id,
      after: row,
    });
    return row!;
  });
}

export async function updatePartner(db: Db, ctx: RequestContext, id: string, input: PartnerInput) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(partners).where(eq(partners.id, id)).for('update');
    if (!before) throw notFound('Partenaire');
    const [after] = await tx
      .update(partners)
      .set({ ...toValues(input), updatedAt: clock.now() })
      .where(eq(partners.id, id))
      .returning();
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'partner',
      entityId: id,
      partnerId: id,
      before,
      after,
    });
    return after!;
  });
}

/** A partner with clients or users cannot be deleted: they would be orphaned. */
export async function deletePartner(db: Db, ctx: RequestContext, id: string) {
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(partners).where(eq(partners.id, id)).for('update');
    if (!before) throw notFound('Partenaire');
    const [c] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(clients)
      .where(eq(clients.partnerId, id));
    const [u] = await tx.select({ n: sql<number>`count(*)::int` }).from(users).where(eq(users.partnerId, id));
    if ((c?.n ?? 0) > 0 || (u?.n ?? 0) > 0) {
      throw conflict(
        `Ce partenaire a encore ${c?.n ?? 0} client(s) et ${u?.n ?? 0} utilisateur(s) : rattachez-les ailleurs avant de le supprimer.`,
      );
    }
    await tx.delete(partners).where(eq(partners.id, id));
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'delete',
      entityType: 'partner',
      entityId: id,
      partnerId: id,
      before,
    });
  });
}
