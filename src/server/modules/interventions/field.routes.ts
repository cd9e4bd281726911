import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  fieldIntervention,
  fieldOp,
  fieldOpOut,
  interventionFileParams,
  interventionIdParam,
  myInterventionsOut,
  myInterventionsQuery,
} from '../../../shared/schemas/field.ts';
import { ctxOf } from '../../infra/context.ts';
import { defaultMaxFileBytes, sendFile } from '../../infra/files.ts';
import { routeOptions } from '../../infra/routes.ts';
import { type UploadSpec, uploadsOf } from '../../infra/uploads.ts';
import {
  applyFieldOp,
  getFieldIntervention,
  interventionFile,
  interventionPv,
  myInterventions,
} from './field.service.ts';

const route = routeOptions('Interventions');
/** A photo or a signature: one image of 10 MB at most. */
const fieldFileUpload: UploadSpec = { field: 'file', maxFiles: 1, maxFileBytes: defaultMaxFileBytes };

/** The technician's phone (offline-first): the day's list, one operation at a time, files, the PV. */
export const fieldRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs } = app.deps;
  app.get(
    '/me/interventions',
    route('interventions:read', 'Mes interventions du jour et du lendemain (téléphone du technicien)', {
      querystring: myInterventionsQuery,
      response: { 200: myInterventionsOut },
    }),
    async (req) => myInterventions(db, ctxOf(req), req.query),
  );
  app.get(
    '/me/interventions/:id',
    route('interventions:read', 'Une intervention, vue du téléphone du technicien', {
      params: interventionIdParam,
      response: { 200: fieldIntervention },
    }),
    async (req) => getFieldIntervention(db, ctxOf(req), req.params.id),
  );
  app.post(
    '/interventions/:id/ops',
    route(
      'interventions:update',
      'Appliquer une opération du téléphone (rejouable : même opId, aucun doublon)',
      {
        description:
          'Une opération en JSON ; une photo ou une signature en formulaire multipart : l’opération en JSON dans `data`, l’image (10 Mo au plus) dans `file`.',
        consumes: ['application/json', 'multipart/form-data'],
        params: interventionIdParam,
        body: fieldOp,
        response: { 200: fieldOpOut },
      },
      { upload: fieldFileUpload },
    ),
    async (req) => applyFieldOp(db, jobs, ctxOf(req), req.params.id, req.body, uploadsOf(req)[0] ?? null),
  );
  app.get(
    '/interventions/:id/files/:fileId',
    route('interventions:read', 'Télécharger un fichier d’une intervention', {
      params: interventionFileParams,
    }),
    async (req, reply) =>
      sendFile(reply, await interventionFile(db, ctxOf(req), req.params.id, req.params.fileId)),
  );
  app.get(
    '/interventions/:id/pv.pdf',
    route('interventions:read', 'Télécharger le procès-verbal de recette (PDF)', {
      params: interventionIdParam,
    }),
    async (req, reply) => sendFile(reply, await interventionPv(db, ctxOf(req), req.params.id)),
  );
};
