import type { FastifyContextConfig, FastifySchema } from 'fastify';
import type { RoutePermission } from './context.ts';

/** A route's zod schemas (params, querystring, body, response…); tag and summary come from `routeOptions`. */
type RouteSchemas = Omit<FastifySchema, 'tags' | 'summary'>;

/**
 * The options of a module's API routes, under one OpenAPI tag: each call gives a route's declared
 * permission first (what `routes.snapshot.txt` lists), its summary, then its zod schemas, so that a
 * declaration reads `route('tickets:read', 'Un ticket', { params: idParam, response: { 200: ticketOut } })`.
 * `config` adds to the permission (`totpExempt`, `rateLimit`).
 */
export function routeOptions(...tags: string[]) {
  return <S extends RouteSchemas = Record<never, never>>(
    permission: RoutePermission,
    summary: string,
    schema?: S,
    config?: Omit<FastifyContextConfig, 'permission'>,
  ) => ({
    schema: { tags, summary, ...schema } as { tags: string[]; summary: string } & S,
    config: { permission, ...config },
  });
}
