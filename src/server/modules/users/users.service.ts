import { and, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { type Role, roleNeedsPartner } from '../../../shared/permissions.ts';
import { partners, users } from '../../db/schema/index.ts';
import { clock } from '../../infra/clock.ts';
import type { RequestContext } from '../../infra/context.ts';
import { type Db, likeContains } from '../../infra/db.ts';
import { AppError, conflict, notFound, validationFailed } from '../../infra/errors.ts';
import { decodeCursor, pageOf } from '../../infra/pagination.ts';
import { randomToken } from '../../infra/secrets.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { assertNewPasswordOrThrow } from '../auth/account.service.ts';
import { killUserSessions } from '../auth/auth.service.ts';
import { hashPassword } from '../auth/password.ts';

const columns = {
  id: users.id,
  email: users.email,
  name: users.name,
  phone: users.phone,
  role: users.role,
  partnerId: users.partnerId,
  partnerName: partners.name,
  totpEnabledAt: users.totpEnabledAt,
  totpRequired: users.totpRequired,
  disabledAt: users.disabledAt,
  createdAt: users.createdAt,
};
export type UserRow = { [K in keyof typeof columns]: (typeof columns)[K]['_']['data'] | null } & {
  id: string;
  email: string;
  name: string;
  role: string;
  totpRequired: boolean;
  createdAt: Date;
};

/** Lists users by name (French order), keyset-paginated. */
export async function listUsers(
  db: Db,
  q: {
    q?: string | undefined;
    role?: Role | undefined;
    partnerId?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) {
  const where: SQL[] = [];
  if (q.q) where.push(or(ilike(users.name, likeContains(q.q)), ilike(users.email, likeContains(q.q)))!);
  if (q.role) where.push(eq(users.role, q.role));
  if (q.partnerId) where.push(eq(users.partnerId, q.partnerId));
  const after = decodeCursor<[string, string]>(q.cursor, 2);
  if (after) where.push(sql`(${users.name}, ${users.id}) > (${after[0]}, ${after[1]}::uuid)`);
  const rows = await db
    .select(columns)
    .from(users)
    .leftJoin(partners, eq(partners.id, users.partnerId))
    .where(and(...where))
    .orderBy(users.name, users.id)
    .limit(q.limit + 1);
  return pageOf(rows as UserRow[], q.limit, (r) => [r.name, r.id]);
}

export async function getUserRowOrThrow(db: Db, id: string): Promise<UserRow> {
  const [row] = await db
    .select(columns)
    .from(users)
    .leftJoin(partners, eq(partners.id, users.partnerId))
    .where(eq(users.id, id));
  if (!row) throw notFound('Utilisateur');
  return row as UserRow;
}

/** A partner user belongs to a partner; nobody else does. */
async function assertRolePartnerOrThrow(db: Db, role: string, partnerId: string | null | undefined) {
  if (roleNeedsPartner(role as Role)) {
    if (!partnerId)
      throw validationFailed([
        { path: 'partnerId', message: 'Un compte partenaire doit être rattaché à un partenaire.' },
      ]);
    const [p] = await db.select({ id: partners.id }).from(partners).where(eq(partners.id, partnerId));
    if (!p) throw validationFailed([{ path: 'partnerId', message: 'Partenaire inconnu.' }]);
  } else if (partnerId) {
    throw validationFailed([
      { path: 'partnerId', message: 'Seul un compte partenaire peut être rattaché à un partenaire.' },
    ]);
  }
}

/**
 * Creates a user. Without a password, the account gets an unusable random one and the admin sends
 * a reset link so the user chooses their own.
 */
export async function createUser(
  db: Db,
  ctx: RequestContext,
  input: {
    email: string;
    name: string;
    phone?: string | null | undefined;
    role: Role;
    partnerId?: string | null | undefined;
    password?: string | undefined;
  },
) {
  await assertRolePartnerOrThrow(db, input.role, input.partnerId);
  if (input.password !== undefined) await assertNewPasswordOrThrow(db, input.password, input);
  const passwordHash = await hashPassword(input.password ?? randomToken());
  return db.transaction(async (tx) => {
    const [exists] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    if (exists)
      throw conflict('Un utilisateur existe déjà avec cette adresse e-mail.', [
        { path: 'email', message: 'Adresse déjà utilisée.' },
      ]);
    const [created] = await tx
      .insert(users)
      .values({
        email: input.email,
        name: input.name,
        phone: input.phone ?? null,
        role: input.role,
        partnerId: input.partnerId ?? null,
        passwordHash,
      })
      .returning();
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'create',
      entityType: 'user',
      entityId: created!.id,
      partnerId: created!.partnerId,
      after: created,
    });
    return created!;
  });
}

/** Updates a user; disabling ends their sessions at once; a role change is a security event. */
export async function updateUser(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: {
    name?: string | undefined;
    phone?: string | null | undefined;
    role?: Role | undefined;
    partnerId?: string | null | undefined;
    disabled?: boolean | undefined;
    totpRequired?: boolean | undefined;
  },
) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!before) throw notFound('Utilisateur');
    const role = input.role ?? before.role;
    const partnerId =
      input.partnerId !== undefined
        ? input.partnerId
        : roleNeedsPartner(role as Role)
          ? before.partnerId
          : null;
    await assertRolePartnerOrThrow(tx, role, partnerId);
    if (id === ctx.actor.userId && (input.disabled === true || (input.role && input.role !== before.role))) {
      throw new AppError(
        'conflict',
        'Vous ne pouvez pas désactiver votre propre compte ni changer votre propre rôle.',
      );
    }
    const now = clock.now();
    const [after] = await tx
      .update(users)
      .set({
        name: input.name ?? before.name,
        phone: input.phone !== undefined ? input.phone : before.phone,
        role,
        partnerId,
        totpRequired: input.totpRequired ?? before.totpRequired,
        disabledAt:
          input.disabled === undefined
            ? before.disabledAt
            : input.disabled
              ? (before.disabledAt ?? now)
              : null,
        updatedAt: now,
      })
      .where(eq(users.id, id))
      .returning();
    await recordAudit(tx, ctx, {
      category: 'business',
      action: 'update',
      entityType: 'user',
      entityId: id,
      partnerId: after!.partnerId,
      before,
      after,
    });
    if (before.role !== role || before.partnerId !== partnerId) {
      await recordAudit(tx, ctx, {
        category: 'security',
        action: 'role.changed',
        entityType: 'user',
        entityId: id,
        before: { role: before.role, partnerId: before.partnerId },
        after: { role, partnerId },
      });
      await killUserSessions(tx, id);
    }
    if (!before.disabledAt && after!.disabledAt) {
      await killUserSessions(tx, id);
      await recordAudit(tx, ctx, {
        category: 'security',
        action: 'user.disabled',
        entityType: 'user',
        entityId: id,
      });
    }
    if (!before.totpRequired && after!.totpRequired) {
      await recordAudit(tx, ctx, {
        category: 'security',
        action: 'totp.forced',
        entityType: 'user',
        entityId: id,
      });
    }
    return after!;
  });
}

/** Removes a user's second factor (lost phone); they enrol again at next login if required. */
export async function resetUserTotp(db: Db, ctx: RequestContext, id: string) {
  await db.transaction(async (tx) => {
    const [u] = await tx
      .update(users)
      .set({ totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null })
      .where(eq(users.id, id))
      .returning({ id: users.id });
    if (!u) throw notFound('Utilisateur');
    await killUserSessions(tx, id);
    await recordAudit(tx, ctx, {
      category: 'security',
      action: 'totp.reset',
      entityType: 'user',
      entityId: id,
    });
  });
}
