import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { partnerBody, partnerOut, partnerPatch, type PartnerOut } from '../../../shared/schemas/admin.ts';
import { idParam } from '../../../shared/schemas/common.ts';
import { z } from '../../../shared/zod.ts';
import { detailActions } from '../../infra/action-routes.ts';
import { ctxOf, type RequestContext } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { notFound } from '../../infra/errors.ts';
import * as service from './partners.service.ts';

const route = routeOptions('Partenaires');

function present(
  row: { partner: service.Partner; clientCount: number; userCount: number },
  ctx: RequestContext,
): PartnerOut {
  const { logo, logoMime: _m, createdAt: _c, updatedAt: _u, ...p } = row.partner;
  return {
    ...p,
    hasLogo: logo !== null,
    clientCount: row.clientCount,
    userCount: row.userCount,
    // Delete is offered only when it can succeed (no client, no user left).
    abilities: {
      update: ctx.policy.can('administration', 'update'),
      delete:
        ctx.policy.can('administration', 'delete') &&
        service.deletionProblem(row.clientCount, row.userCount) === null,
    },
    deleteBlockedBy: service.deletionProblem(row.clientCount, row.userCount),
  };
}

export const partnerRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/partners',
    route('administration:read', 'Lister les partenaires', {
      response: { 200: z.object({ items: z.array(partnerOut), nextCursor: z.null() }) },
    }),
    async (req) => ({
      items: (await service.listPartners(db)).map((r) => present(r, ctxOf(req))),
      nextCursor: null,
    }),
  );
  const detail = async (req: FastifyRequest, id: string) =>
    present(await service.getPartnerOrThrow(db, id), ctxOf(req));
  app.get(
    '/partners/:id',
    route('administration:read', 'Lire un partenaire', { params: idParam, response: { 200: partnerOut } }),
    async (req) => detail(req, req.params.id),
  );
  app.get(
    '/partners/:id/logo',
    route('administration:read', 'Logo du partenaire (co-marquage)', { params: idParam }),
    async (req, reply) => {
      const { partner } = await service.getPartnerOrThrow(db, req.params.id);
      if (!partner.logo) throw notFound('Logo');
      return reply
        .type(partner.logoMime ?? 'application/octet-stream')
        .header('content-disposition', 'inline; filename="logo"')
        .send(partner.logo);
    },
  );
  app.post(
    '/partners',
    route('administration:create', 'Créer un partenaire', {
      body: partnerBody,
      response: { 201: partnerOut },
    }),
    async (req, reply) => {
      const row = await service.createPartner(db, ctxOf(req), req.body);
      return reply.status(201).send(await detail(req, row.id));
    },
  );
  detailActions(app, route, partnerOut, detail)(
    'PATCH',
    '/partners/:id',
    ['administration:update', 'Modifier un partenaire'],
    partnerPatch,
    (ctx, id, body) => service.updatePartner(db, ctx, id, body),
  );
  app.delete(
    '/partners/:id',
    route('administration:delete', 'Supprimer un partenaire sans client ni utilisateur', { params: idParam }),
    async (req, reply) => {
      await service.deletePartner(db, ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};
