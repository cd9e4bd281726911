import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditOut, auditQuery } from '../../../shared/schemas/admin.ts';
import type { z } from '../../../shared/zod.ts';
import { page } from '../../../shared/schemas/common.ts';
import { nextDay, parisDayStart } from '../../../shared/paris-time.ts';
import { exportAuditCsv, listAudit } from './audit.service.ts';
import { decodeIdCursor } from '../../infra/pagination.ts';

const tags = ['Journal d’audit'];
type AuditQuery = z.infer<typeof auditQuery>;

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const filterOf = (q: AuditQuery) => {
    // A bare date is a day in Paris, as the admin reads it on screen.
    const dayStart = (d: string) => (d.length === 10 ? parisDayStart(d) : new Date(d));
    const dayEnd = (d: string) =>
      d.length === 10 ? new Date(parisDayStart(nextDay(d)).getTime() - 1) : new Date(d);
    return {
      category: q.category,
      action: q.action,
      entityType: q.entityType,
      entityId: q.entityId,
      actorUserId: q.actorUserId,
      from: q.from ? dayStart(q.from) : undefined,
      to: q.to ? dayEnd(q.to) : undefined,
      beforeId: decodeIdCursor(q.cursor),
    };
  };

  app.get(
    '/audit-log',
    {
      schema: {
        tags,
        summary: 'Consulter le journal d’audit',
        querystring: auditQuery,
        response: { 200: page(auditOut) },
      },
      config: { permission: 'administration:read' },
    },
    async (req) => {
      const q = req.query;
      const rows = await listAudit(db, { ...filterOf(q), limit: q.limit + 1 });
      const items = rows.slice(0, q.limit);
      return {
        items: items.map((r) => ({ ...r, at: r.at.toISOString() })),
        nextCursor: rows.length > q.limit ? String(items[items.length - 1]!.id) : null,
      };
    },
  );

  app.get(
    '/audit-log/export',
    {
      schema: { tags, summary: 'Exporter le journal d’audit filtré en CSV', querystring: auditQuery },
      config: { permission: 'administration:read' },
    },
    async (req, reply) => {
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="journal-audit.csv"')
        .send(exportAuditCsv(db, filterOf(req.query)));
    },
  );
};
