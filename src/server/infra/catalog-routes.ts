import type { FastifyTypeProviderDefault } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../shared/schemas/common.ts';
import { z } from '../../shared/zod.ts';
import { ctxOf, type RequestContext, type RoutePermission } from './context.ts';
import type { Db } from './db.ts';
import { routeOptions } from './routes.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];
/** A route of the catalogue: the permission it declares, its OpenAPI summary. */
type Declared = readonly [permission: RoutePermission, summary: string];

/**
 * An administered catalogue (SLA calendars and policies, teams, skills): `GET path` lists it,
 * `POST path` creates (201), `PATCH path/:id` changes and `DELETE path/:id` deletes (204). Each
 * route calls the module's service as `(db, ctx, …)`; a created or changed row is answered through
 * `present`, the list is answered as `list` gives it (a bare array, or `{ items }` with `items`).
 */
export type Catalog<Row, Out extends z.ZodType, Create extends z.ZodType, Patch extends z.ZodType> = {
  tag: string;
  path: string;
  out: Out;
  items?: boolean;
  present: (db: Db, row: Row) => z.output<Out> | Promise<z.output<Out>>;
  list: readonly [...Declared, run: (db: Db, ctx: RequestContext) => Promise<z.output<Out>[]>];
  create: readonly [
    ...Declared,
    body: Create,
    run: (db: Db, ctx: RequestContext, body: z.output<Create>) => Promise<Row>,
  ];
  update: readonly [
    ...Declared,
    body: Patch,
    run: (db: Db, ctx: RequestContext, id: string, body: z.output<Patch>) => Promise<Row>,
  ];
  remove: readonly [...Declared, run: (db: Db, ctx: RequestContext, id: string) => Promise<unknown>];
};

export function catalogRoutes<Row, Out extends z.ZodType, Create extends z.ZodType, Patch extends z.ZodType>(
  app: App,
  c: Catalog<Row, Out, Create, Patch>,
): void {
  const { db } = app.deps;
  const route = routeOptions(c.tag);
  // The schemas validate and serialise as usual; only their generic types are not carried through.
  const api = app.withTypeProvider<FastifyTypeProviderDefault>();
  const out: z.ZodType = c.out;
  const idOf = (req: { params: unknown }) => (req.params as z.output<typeof idParam>).id;
  const [listPermission, listSummary, list] = c.list;
  const listOut = c.items ? z.object({ items: z.array(out) }) : z.array(out);
  api.get(c.path, route(listPermission, listSummary, { response: { 200: listOut } }), async (req) => {
    const rows = await list(db, ctxOf(req));
    return c.items ? { items: rows } : rows;
  });
  const [createPermission, createSummary, createBody, create] = c.create;
  api.post(
    c.path,
    route(createPermission, createSummary, { body: createBody as z.ZodType, response: { 201: out } }),
    async (req, reply) =>
      reply.status(201).send(await c.present(db, await create(db, ctxOf(req), req.body as z.output<Create>))),
  );
  const [updatePermission, updateSummary, updateBody, update] = c.update;
  api.patch(
    `${c.path}/:id`,
    route(updatePermission, updateSummary, {
      params: idParam,
      body: updateBody as z.ZodType,
      response: { 200: out },
    }),
    async (req) => c.present(db, await update(db, ctxOf(req), idOf(req), req.body as z.output<Patch>)),
  );
  const [removePermission, removeSummary, remove] = c.remove;
  api.delete(
    `${c.path}/:id`,
    route(removePermission, removeSummary, { params: idParam }),
    async (req, reply) => {
      await remove(db, ctxOf(req), idOf(req));
      return reply.status(204).send();
    },
  );
}
