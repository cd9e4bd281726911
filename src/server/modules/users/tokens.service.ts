import { desc, eq, isNull, and } from 'drizzle-orm';
import { type Role, roleNeedsPartner } from '../../../shared/permissions.ts';
import { apiTokens, partners } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { notFound, validationFailed } from '../../infra/errors.ts';
import { hashToken, randomToken } from '../../infra/secrets.ts';
import { recordAudit } from '../audit/audit.service.ts';

const columns = {
  id: apiTokens.id,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  role: apiTokens.role,
  partnerId: apiTokens.partnerId,
  partnerName: partners.name,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

export async function listTokens(db: Db) {
  return db
    .select(columns)
    .from(apiTokens)
    .leftJoin(partners, eq(partners.id, apiTokens.partnerId))
    .orderBy(desc(apiTokens.createdAt));
}

/** Creates an API token; the clear value is returned once and only its hash is kept. */
export async function createToken(
  db: Db,
  ctx: RequestContext,
  input: { name: string; role: Role; partnerId?: string | null | undefined },
) {
  if (roleNeedsPartner(input.role) && !input.partnerId) {
    throw validationFailed([
      { path: 'partnerId', message: 'Un jeton partenaire doit être rattaché à un partenaire.' },
    ]);
  }
  if (!roleNeedsPartner(input.role) && input.partnerId) {
    throw validationFailed([
      { path: 'partnerId', message: 'Seul un jeton partenaire est rattaché à un partenaire.' },
    ]);
  }
  const token = randomToken('rls_');
  return db.transaction(async (tx) => {
    if (input.partnerId) {
      const [p] = await tx.select({ id: partners.id }).from(partners).where(eq(partners.id, input.partnerId));
      if (!p) throw validationFailed([{ path: 'partnerId', message: 'Partenaire inconnu.' }]);
    }
    const [row] = await tx
      .insert(apiTokens)
      .values({
        name: input.name,
        tokenHash: hashToken(token),
        prefix: token.slice(0, 10),
        role: input.role,
        partnerId: input.partnerId ?? null,
        createdBy: ctx.actor.userId,
        createdAt: clock.now(),
      })
      .returning();
    await recordAudit(tx, ctx, {
      category: 'security',
      action: 'token.created',
      entityType: 'api_token',
      entityId: row!.id,
      after: { name: row!.name, role: row!.role, partnerId: row!.partnerId },
    });
    return { token, id: row!.id };
  });
}

export async function getTokenOrThrow(db: Db, id: string) {
  const [row] = await db
    .select(columns)
    .from(apiTokens)
    .leftJoin(partners, eq(partners.id, apiTokens.partnerId))
    .where(eq(apiTokens.id, id));
  if (!row) throw notFound('Jeton');
  return row;
}

export async function revokeToken(db: Db, ctx: RequestContext, id: string) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: clock.now() })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning();
    if (!row) throw notFound('Jeton');
    await recordAudit(tx, ctx, {
      category: 'security',
      action: 'token.revoked',
      entityType: 'api_token',
      entityId: id,
      after: { name: row.name },
    });
  });
}
