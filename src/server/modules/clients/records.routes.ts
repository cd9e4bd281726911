import type { FastifyTypeProviderDefault } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { clientIdParam, recordParams } from '../../../shared/schemas/client-records.ts';
import type { z } from '../../../shared/zod.ts';
import { ctxOf, type RequestContext, type RoutePermission } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];
/** A route of a client's records: the permission it declares, its OpenAPI summary. */
type Declared = readonly [permission: RoutePermission, summary: string];
type Ref = { clientId: string; id: string };

const route = routeOptions('Clients');

/**
 * A kind of record a client holds (sites, contacts, platforms, notes) under
 * `/clients/:clientId/<path>`: `GET` lists it, `POST` adds one (201), `PATCH …/:id` changes one and
 * `DELETE …/:id` deletes it (204). Each `run` calls the kind's service and answers with what its
 * presenter gives, so the four routes of every kind read, authorize and answer alike.
 */
export type ClientRecords<Out extends z.ZodType, Create extends z.ZodType, Patch extends z.ZodType> = {
  path: string;
  out: Out;
  list: readonly [...Declared, run: (ctx: RequestContext, clientId: string) => Promise<z.output<Out>[]>];
  create: readonly [
    ...Declared,
    body: Create,
    run: (ctx: RequestContext, clientId: string, body: z.output<Create>) => Promise<z.output<Out>>,
  ];
  update: readonly [
    ...Declared,
    body: Patch,
    run: (ctx: RequestContext, ref: Ref, body: z.output<Patch>) => Promise<z.output<Out>>,
  ];
  remove: readonly [...Declared, run: (ctx: RequestContext, ref: Ref) => Promise<unknown>];
};

export function clientRecordRoutes<Out extends z.ZodType, Create extends z.ZodType, Patch extends z.ZodType>(
  app: App,
  r: ClientRecords<Out, Create, Patch>,
): void {
  // The schemas validate and serialise as usual; only their generic types are not carried through.
  const api = app.withTypeProvider<FastifyTypeProviderDefault>();
  const out: z.ZodType = r.out;
  const clientIdOf = (req: { params: unknown }) => (req.params as z.output<typeof clientIdParam>).clientId;
  const refOf = (req: { params: unknown }) => req.params as z.output<typeof recordParams>;
  const path = `/clients/:clientId/${r.path}`;
  const [listPermission, listSummary, list] = r.list;
  api.get(
    path,
    route(listPermission, listSummary, { params: clientIdParam, response: { 200: out.array() } }),
    async (req) => list(ctxOf(req), clientIdOf(req)),
  );
  const [createPermission, createSummary, createBody, create] = r.create;
  api.post(
    path,
    route(createPermission, createSummary, {
      params: clientIdParam,
      body: createBody as z.ZodType,
      response: { 201: out },
    }),
    async (req, reply) =>
      reply.status(201).send(await create(ctxOf(req), clientIdOf(req), req.body as z.output<Create>)),
  );
  const [updatePermission, updateSummary, updateBody, update] = r.update;
  api.patch(
    `${path}/:id`,
    route(updatePermission, updateSummary, {
      params: recordParams,
      body: updateBody as z.ZodType,
      response: { 200: out },
    }),
    async (req) => update(ctxOf(req), refOf(req), req.body as z.output<Patch>),
  );
  const [removePermission, removeSummary, remove] = r.remove;
  api.delete(
    `${path}/:id`,
    route(removePermission, removeSummary, { params: recordParams }),
    async (req, reply) => {
      await remove(ctxOf(req), refOf(req));
      return reply.status(204).send();
    },
  );
}
