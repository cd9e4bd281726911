import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, page } from '../../../shared/schemas/common.ts';
import {
  heldSkillOut,
  positionBody,
  positionOut,
  positionSharingBody,
  technicianCandidateOut,
  technicianCreateBody,
  technicianDeleteOut,
  technicianDetailOut,
  technicianListQuery,
  technicianOut,
  technicianPatch,
  technicianSkillsBody,
} from '../../../shared/schemas/technicians.ts';
import { z } from '../../../shared/zod.ts';
import { detailActions } from '../../infra/action-routes.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { latestPositions, recordPosition, setPositionSharing } from './positions.ts';
import { presentHeldSkill, presentTechnician, presentTechnicianDetail } from './technicians.presenter.ts';
import { kindOfRole } from './technicians.repo.ts';
import * as service from './technicians.service.ts';
import './technicians.search.ts';

const route = routeOptions('Techniciens');

/**
 * /technicians: profiles (module planning: office full, commercial and internal technicians read,
 * a field technician himself only, partners nothing), the caller's own profile and live position.
 */
export const technicianRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs } = app.deps;
  const detail = async (req: FastifyRequest, id: string) => {
    const ctx = ctxOf(req);
    const { row, held } = await service.getTechnicianDetail(db, ctx, id);
    return presentTechnicianDetail(row, held, ctx);
  };
  app.get(
    '/technicians',
    route('planning:read', 'Lister les techniciens visibles', {
      querystring: technicianListQuery,
      response: { 200: page(technicianOut) },
    }),
    async (req) => {
      const ctx = ctxOf(req);
      const res = await service.listTechnicians(db, ctx, req.query);
      return { items: res.items.map((r) => presentTechnician(r, res.held, ctx)), nextCursor: res.nextCursor };
    },
  );
  app.get(
    '/technicians/candidates',
    route('planning:create', 'Utilisateurs techniciens sans fiche (formulaire de création)', {
      response: { 200: z.object({ items: z.array(technicianCandidateOut) }) },
    }),
    async (req) => ({
      items: (await service.listCandidates(db, ctxOf(req))).map((u) => ({
        id: u.id,
        name: u.name,
        email: u.email,
        kind: kindOfRole(u.role),
      })),
    }),
  );
  app.get(
    '/technicians/me',
    route('planning:read', 'Ma fiche technicien', { response: { 200: technicianDetailOut } }),
    async (req) => {
      const ctx = ctxOf(req);
      const { row, held } = await service.getMyTechnician(db, ctx);
      return presentTechnicianDetail(row, held, ctx);
    },
  );
  app.put(
    '/technicians/me/position-sharing',
    route('planning:read+own', 'Activer ou couper le partage de ma position', {
      body: positionSharingBody,
      response: { 200: z.object({ positionSharing: z.boolean() }) },
    }),
    async (req) => ({ positionSharing: await setPositionSharing(db, ctxOf(req), req.body.enabled) }),
  );
  app.post(
    '/technicians/me/positions',
    route('planning:read+own', 'Envoyer ma position (en service et partage activé seulement)', {
      body: positionBody,
      response: { 201: z.object({ recordedAt: z.string() }) },
    }),
    async (req, reply) => {
      const pos = await recordPosition(db, ctxOf(req), req.body);
      return reply.status(201).send({ recordedAt: pos.recordedAt.toISOString() });
    },
  );
  app.get(
    '/technicians/positions/latest',
    route('planning:read', 'Dernière position (2 h au plus) des techniciens qui la partagent', {
      response: { 200: z.object({ items: z.array(positionOut) }) },
    }),
    async (req) => ({ items: await latestPositions(db, ctxOf(req)) }),
  );
  app.get(
    '/technicians/:id',
    route('planning:read', 'Fiche technicien', { params: idParam, response: { 200: technicianDetailOut } }),
    async (req) => detail(req, req.params.id),
  );
  app.post(
    '/technicians',
    route('planning:create', 'Créer la fiche technicien d’un utilisateur', {
      body: technicianCreateBody,
      response: { 201: technicianDetailOut },
    }),
    async (req, reply) => {
      const created = await service.createTechnician(db, ctxOf(req), req.body, jobs);
      return reply.status(201).send(await detail(req, created.id));
    },
  );
  detailActions(app, route, technicianDetailOut, detail)(
    'PATCH',
    '/technicians/:id',
    ['planning:update', 'Modifier une fiche technicien'],
    technicianPatch,
    (ctx, id, body) => service.updateTechnician(db, ctx, id, body, jobs),
  );
  app.delete(
    '/technicians/:id',
    route('planning:delete', 'Supprimer une fiche technicien (désactivée si des interventions la citent)', {
      params: idParam,
      response: { 200: technicianDeleteOut },
    }),
    async (req) => ({ outcome: await service.deleteTechnician(db, ctxOf(req), req.params.id) }),
  );
  app.put(
    '/technicians/:id/skills',
    route('planning:update', 'Remplacer les compétences d’un technicien', {
      params: idParam,
      body: technicianSkillsBody,
      response: { 200: z.object({ items: z.array(heldSkillOut) }) },
    }),
    async (req) => ({
      items: (await service.replaceSkills(db, ctxOf(req), req.params.id, req.body)).map((s) =>
        presentHeldSkill(s),
      ),
    }),
  );
};
