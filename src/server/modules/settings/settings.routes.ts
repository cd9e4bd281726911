import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { companyOut, companyPatch } from '../../../shared/schemas/admin.ts';
import type { Role } from '../../../shared/permissions.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { notFound } from '../../infra/errors.ts';
import { type CompanySettings, getCompanySettings, updateCompanySettings } from './settings.service.ts';

const route = routeOptions('Société');

function present(s: CompanySettings) {
  const { logo, logoMime: _m, id: _id, ...rest } = s;
  return {
    ...rest,
    totpRequiredRoles: s.totpRequiredRoles as Role[],
    hasLogo: logo !== null,
    updatedAt: s.updatedAt.toISOString(),
  };
}

export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  app.get(
    '/settings/company',
    route('authenticated', 'Identité légale et image de la société', { response: { 200: companyOut } }),
    async () => present(await getCompanySettings(db)),
  );
  app.get('/settings/company/logo', route('authenticated', 'Logo de la société'), async (_req, reply) => {
    const s = await getCompanySettings(db);
    if (!s.logo) throw notFound('Logo');
    return reply.type(s.logoMime ?? 'application/octet-stream').send(s.logo);
  });
  app.patch(
    '/settings/company',
    route('administration:update', 'Modifier l’identité de la société', {
      body: companyPatch,
      response: { 200: companyOut },
    }),
    async (req) => {
      const { logo, ...rest } = req.body;
      return present(
        await updateCompanySettings(db, ctxOf(req), {
          ...rest,
          ...(logo !== undefined
            ? { logo: logo ? { data: Buffer.from(logo.base64, 'base64'), mime: logo.mime } : null }
            : {}),
        }),
      );
    },
  );
};
