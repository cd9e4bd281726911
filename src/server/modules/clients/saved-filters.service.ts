import { and, asc, eq, sql } from 'drizzle-orm';
import { clientFilterQuery } from '../../../shared/schemas/clients.ts';
import type { SavedFilterList } from '../../../shared/schemas/saved-filters.ts';
import { savedFilters } from '../../db/schema/index.ts';
import type { RequestContext } from '../../infra/context.ts';
import type { Db } from '../../infra/db.ts';
import { conflict, forbidden, notFound, validationFailed } from '../../infra/errors.ts';
import type { Module } from '../../../shared/permissions.ts';

/** For each list: the module one must read to use it, and the filters its URL accepts. */
const lists: Record<SavedFilterList, { module: Module; filters: typeof clientFilterQuery }> = {
  clients: { module: 'clients', filters: clientFilterQuery },
};

/** Saved filters belong to a signed-in user (not an API token) who may read the list's module. */
function ownerOrThrow(ctx: RequestContext, list: SavedFilterList): string {
  const userId = ctx.actor.userId;
  if (!userId) throw forbidden('Les filtres enregistrés sont réservés aux utilisateurs connectés.');
  ctx.policy.authorizeOrThrow(lists[list].module, 'read');
  return userId;
}

export async function listSavedFilters(db: Db, ctx: RequestContext, list: SavedFilterList) {
  const userId = ownerOrThrow(ctx, list);
  return db
    .select()
    .from(savedFilters)
    .where(and(eq(savedFilters.userId, userId), eq(savedFilters.list, list)))
    .orderBy(sql`${savedFilters.name} COLLATE "fr-FR"`, asc(savedFilters.id));
}

export async function createSavedFilter(
  db: Db,
  ctx: RequestContext,
  list: SavedFilterList,
  input: { name: string; query: Record<string, unknown> },
) {
  const userId = ownerOrThrow(ctx, list);
  const parsed = lists[list].filters.safeParse(input.query);
  if (!parsed.success) {
    throw validationFailed(
      parsed.error.issues.map((i) => ({ path: ['query', ...i.path].join('.'), message: i.message })),
    );
  }
  // Only the filters that are set: an empty value means "no filter" and is not kept.
  const query = Object.fromEntries(
    Object.entries(parsed.data).filter(([, v]) => v !== undefined && v !== ''),
  ) as Record<string, unknown>;
  const [row] = await db
    .insert(savedFilters)
    .values({ userId, list, name: input.name, query })
    .onConflictDoNothing()
    .returning();
  if (!row) {
    throw conflict(`Vous avez déjà un filtre nommé « ${input.name} ».`, [
      { path: 'name', message: 'Ce nom est déjà utilisé par un de vos filtres.' },
    ]);
  }
  return row;
}

/** Deletes one of the actor's own filters; someone else's answers 404 like a missing one. */
export async function deleteSavedFilter(db: Db, ctx: RequestContext, id: string) {
  const userId = ctx.actor.userId;
  if (!userId) throw forbidden('Les filtres enregistrés sont réservés aux utilisateurs connectés.');
  const gone = await db
    .delete(savedFilters)
    .where(and(eq(savedFilters.id, id), eq(savedFilters.userId, userId)))
    .returning({ id: savedFilters.id });
  if (gone.length === 0) throw notFound('Filtre');
}

export function presentSavedFilter(row: typeof savedFilters.$inferSelect) {
  return {
    id: row.id,
    list: row.list,
    name: row.name,
    query: row.query,
    createdAt: row.createdAt.toISOString(),
  };
}
