import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditOut, auditQuery } from '../../../shared/schemas/admin.ts';
import { page } from '../../../shared/schemas/common.ts';
import { routeOptions } from '../../infra/routes.ts';
import { presentAuditEntry } from './audit.presenter.ts';
import { exportAuditCsv, listAudit } from './audit.service.ts';

const route = routeOptions('Journal d’audit');

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/audit-log',
    route('administration:read', 'Consulter le journal d’audit', {
      querystring: auditQuery,
      response: { 200: page(auditOut) },
    }),
    async (req) => {
      const { items, nextCursor } = await listAudit(db, req.query);
      return { items: items.map(presentAuditEntry), nextCursor };
    },
  );

  app.get(
    '/audit-log/export',
    route('administration:read', 'Exporter le journal d’audit filtré en CSV', { querystring: auditQuery }),
    async (req, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="journal-audit.csv"')
        .send(exportAuditCsv(db, req.query)),
  );
};
