import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { skillBody, skillOut, skillPatch } from '../../../shared/schemas/technicians.ts';
import { catalogRoutes } from '../../infra/catalog-routes.ts';
import { presentSkill } from './skills.presenter.ts';
import * as service from './skills.service.ts';

export const skillRoutes: FastifyPluginAsyncZod = async (app) =>
  catalogRoutes(app, {
    tag: 'Techniciens',
    path: '/skills',
    out: skillOut,
    items: true,
    present: (_db, row) => presentSkill(row),
    list: [
      'planning:read',
      'Catalogue des compétences',
      async (db) => (await service.listSkills(db)).map(presentSkill),
    ],
    create: ['administration:update', 'Ajouter une compétence au catalogue', skillBody, service.createSkill],
    update: ['administration:update', 'Modifier une compétence', skillPatch, service.updateSkill],
    remove: ['administration:update', 'Supprimer une compétence inutilisée', service.deleteSkill],
  });
