import { eq, sql } from 'drizzle-orm';
import { clients, partners, users } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { conflict, notFound } from '../../infra/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { plural } from '../../../shared/plural.ts';

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

// Inside the subquery a bare `${partners.id}` would read `"id"` of the inner table: name the outer
// row explicitly, or every partner counts 0.
const outerPartnerId = sql`${partners}.${sql.identifier('id')}`;
const counts = {
  clientCount: sql<number>`(SELECT count(*)::int FROM ${clients} WHERE ${clients.partnerId} = ${outerPartnerId})`,
  userCount: sql<number>`(SELECT count(*)::int FROM ${users} WHERE ${users.partnerId} = ${outerPartnerId})`,
};

export async function listPartners(db: Db) {
  return db
    .select({ partner: partners, ...counts })
    .from(partners)
    .orderBy(sql`${partners.name} COLLATE "fr-FR"`, partners.id);
}

export async function getPartnerOrThrow(db: Db, id: string) {
  const [row] = await db
    .select({ partner: partners, ...counts })
    .from(partners)
    .where(eq(partners.id, id));
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

/**
 * Why a partner with these counts cannot be deleted (null when it can): its clients would be
 * orphaned (they move to another partner or to direct from the client list), its users too.
 */
export function deletionProblem(clientCount: number, userCount: number): string | null {
  const held = [
    clientCount > 0 ? plural(clientCount, 'client') : null,
    userCount > 0 ? plural(userCount, 'utilisateur') : null,
  ].filter(Boolean);
  if (held.length === 0) return null;
  const steps = [
    clientCount > 0
      ? 'changez le partenaire de ses clients depuis la liste des clients (« Changer de partenaire »)'
      : null,
    userCount > 0
      ? userCount > 1
        ? 'désactivez ses utilisateurs ou rattachez-les à un autre partenaire'
        : 'désactivez-le ou rattachez-le à un autre partenaire'
      : null,
  ].filter(Boolean);
  return `Ce partenaire a encore ${held.join(' et ')} : ${steps.join(', et ')} avant de supprimer le partenaire.`;
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
    const problem = deletionProblem(c?.n ?? 0, u?.n ?? 0);
    if (problem) throw conflict(problem);
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
