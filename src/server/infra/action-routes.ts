import type { FastifyRequest, FastifyTypeProviderDefault } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../shared/schemas/common.ts';
import type { z } from '../../shared/zod.ts';
import { ctxOf, type RequestContext, type RoutePermission } from './context.ts';
import type { routeOptions } from './routes.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];

/**
 * The routes that change the record `:id` and answer with its fresh view (200), as `detail` reads
 * it: `action(method, url, [permission, summary], body, run)` declares one, `run(ctx, id, body)`
 * doing the change (`body` null: the route takes none).
 */
export function detailActions<Out extends z.ZodType>(
  app: App,
  route: ReturnType<typeof routeOptions>,
  out: Out,
  detail: (req: FastifyRequest, id: string) => Promise<z.output<Out>>,
) {
  // The schemas validate and serialise as usual; only their generic types are not carried through.
  const api = app.withTypeProvider<FastifyTypeProviderDefault>();
  return <B extends z.ZodType | null>(
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    [permission, summary]: readonly [RoutePermission, string],
    body: B,
    run: (
      ctx: RequestContext,
      id: string,
      body: B extends z.ZodType ? z.output<B> : undefined,
    ) => Promise<unknown>,
  ) =>
    api.route({
      method,
      url,
      ...route(permission, summary, {
        params: idParam,
        ...(body ? { body: body as z.ZodType } : {}),
        response: { 200: out as z.ZodType },
      }),
      handler: async (req) => {
        const { id } = req.params as z.output<typeof idParam>;
        await run(ctxOf(req), id, req.body as Parameters<typeof run>[2]);
        return detail(req, id);
      },
    });
}
