import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam } from '../../../shared/schemas/common.ts';
import { skillBody, skillOut, skillPatch } from '../../../shared/schemas/technicians.ts';
import { z } from '../../../shared/zod.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { presentSkill } from './skills.presenter.ts';
import * as service from './skills.service.ts';

const route = routeOptions('Techniciens');

export const skillRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/skills',
    route('planning:read', 'Catalogue des compétences', {
      response: { 200: z.object({ items: z.array(skillOut) }) },
    }),
    async () => ({ items: (await service.listSkills(db)).map(presentSkill) }),
  );
  app.post(
    '/skills',
    route('administration:update', 'Ajouter une compétence au catalogue', {
      body: skillBody,
      response: { 201: skillOut },
    }),
    async (req, reply) =>
      reply.status(201).send(presentSkill(await service.createSkill(db, ctxOf(req), req.body))),
  );
  app.patch(
    '/skills/:id',
    route('administration:update', 'Modifier une compétence', {
      params: idParam,
      body: skillPatch,
      response: { 200: skillOut },
    }),
    async (req) => presentSkill(await service.updateSkill(db, ctxOf(req), req.params.id, req.body)),
  );
  app.delete(
    '/skills/:id',
    route('administration:update', 'Supprimer une compétence inutilisée', { params: idParam }),
    async (req, reply) => {
      await service.deleteSkill(db, ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
};
