import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  clientImportBody,
  clientImportPreviewOut,
  clientImportResultOut,
  duplicatesBody,
  duplicatesOut,
  importMaxBytes,
} from '../../../shared/schemas/client-import.ts';
import { clientListQuery } from '../../../shared/schemas/clients.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { requiredUploadOrThrow, type UploadSpec } from '../../infra/uploads.ts';
import { duplicatesOf } from './duplicates.service.ts';
import { exportClientsCsv } from './export.service.ts';
import { analyseImport, confirmImport } from './import.service.ts';

const route = routeOptions('Clients');
/** The CSV file: one, 10 MB at most. */
const importUpload: UploadSpec = { field: 'file', maxFiles: 1, maxFileBytes: importMaxBytes };
const noFile = 'Joignez le fichier CSV (champ file).';

/** Duplicate guard, CSV import (preview, then confirm in one transaction) and CSV export. */
export const clientImportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.post(
    '/clients/duplicates',
    route('clients:read', 'Doublons probables d’un client en cours de saisie', {
      body: duplicatesBody,
      response: { 200: duplicatesOut },
    }),
    async (req) => ({ items: await duplicatesOf(db, ctxOf(req), req.body) }),
  );
  app.post(
    '/clients/import/preview',
    route(
      'clients:create',
      'Importer des clients (CSV) : aperçu, rien n’est écrit',
      {
        consumes: ['multipart/form-data'],
        body: clientImportBody,
        response: { 200: clientImportPreviewOut },
      },
      { upload: importUpload },
    ),
    async (req) =>
      (await analyseImport(db, ctxOf(req), req.body, requiredUploadOrThrow(req, noFile))).preview,
  );
  app.post(
    '/clients/import/confirm',
    route(
      'clients:create',
      'Importer des clients (CSV) : tout le fichier en une transaction',
      { consumes: ['multipart/form-data'], body: clientImportBody, response: { 201: clientImportResultOut } },
      { upload: importUpload },
    ),
    async (req, reply) =>
      reply
        .status(201)
        .send(await confirmImport(db, ctxOf(req), req.body, requiredUploadOrThrow(req, noFile))),
  );
  app.get(
    '/clients/export.csv',
    route('clients:read', 'Exporter les clients visibles (CSV, filtres de la liste)', {
      querystring: clientListQuery.omit({ limit: true, cursor: true }),
    }),
    async (req, reply) => {
      const ctx = ctxOf(req);
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="clients-${day}.csv"`)
        .header('cache-control', 'no-store')
        .send(exportClientsCsv(db, ctx, req.query));
    },
  );
};
