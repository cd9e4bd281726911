import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createUserBody, updateUserBody, userListQuery, userOut } from '../../../shared/schemas/admin.ts';
import { idParam, page } from '../../../shared/schemas/common.ts';
import { z } from '../../../shared/zod.ts';
import { detailActions } from '../../infra/action-routes.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { createResetLink } from '../auth/account.service.ts';
import { presentUser } from './users.presenter.ts';
import * as usersService from './users.service.ts';

const route = routeOptions('Utilisateurs');

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config, jobs } = app.deps;

  app.get(
    '/users',
    route('administration:read', 'Lister les utilisateurs', {
      querystring: userListQuery,
      response: { 200: page(userOut) },
    }),
    async (req) => {
      const res = await usersService.listUsers(db, req.query);
      return { items: res.items.map((u) => presentUser(u, ctxOf(req))), nextCursor: res.nextCursor };
    },
  );

  const detail = async (req: FastifyRequest, id: string) =>
    presentUser(await usersService.getUserRowOrThrow(db, id), ctxOf(req));
  app.get(
    '/users/:id',
    route('administration:read', 'Lire un utilisateur', { params: idParam, response: { 200: userOut } }),
    async (req) => detail(req, req.params.id),
  );

  app.post(
    '/users',
    route('administration:create', 'Créer un utilisateur', {
      body: createUserBody,
      response: { 201: userOut },
    }),
    async (req, reply) => {
      const created = await usersService.createUser(db, ctxOf(req), req.body);
      return reply.status(201).send(await detail(req, created.id));
    },
  );

  detailActions(app, route, userOut, detail)(
    'PATCH',
    '/users/:id',
    ['administration:update', 'Modifier, désactiver ou réactiver un utilisateur'],
    updateUserBody,
    (ctx, id, body) => usersService.updateUser(db, ctx, id, body),
  );

  app.post(
    '/users/:id/reset-link',
    route(
      'administration:update',
      'Créer un lien de réinitialisation du mot de passe (60 min, usage unique)',
      { params: idParam, response: { 200: z.object({ url: z.string(), expiresAt: z.string() }) } },
    ),
    async (req) => {
      const link = await createResetLink(db, config, jobs, ctxOf(req), req.params.id);
      return { url: link.url, expiresAt: link.expiresAt.toISOString() };
    },
  );

  app.post(
    '/users/:id/reset-totp',
    route('administration:update', 'Réinitialiser la double authentification d’un utilisateur', {
      params: idParam,
    }),
    async (req, reply) => {
      await usersService.resetUserTotp(db, ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};
