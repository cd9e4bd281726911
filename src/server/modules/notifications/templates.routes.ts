import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  templateIn,
  templateListOut,
  templateOut,
  templatePreviewIn,
  templatePreviewOut,
} from '../../../shared/schemas/templates.ts';
import { z } from '../../../shared/zod.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { getCompanyLogoOrThrow, getPartnerLogoOrThrow, setEmailAssetsBaseUrl } from './branding.service.ts';
import {
  getTemplateOrThrow,
  listTemplates,
  previewTemplate,
  resetTemplate,
  saveTemplate,
} from './templates.service.ts';

const route = routeOptions('Modèles de messages');

/** A logo for mail clients: cached a day, and inert (no script even if the image were SVG). */
function sendLogo(reply: FastifyReply, logo: { content: Buffer; mime: string }) {
  return reply
    .header('cache-control', 'public, max-age=86400')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
    .type(logo.mime)
    .send(logo.content);
}
const eventParam = z.strictObject({ event: z.string().max(100) });

export const templateRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  setEmailAssetsBaseUrl(config.publicUrl);

  app.get(
    '/templates',
    route('administration:read', 'Messages automatiques et leurs modèles', {
      response: { 200: templateListOut },
    }),
    async () => ({ items: await listTemplates(db), nextCursor: null }),
  );
  app.get(
    '/templates/:event',
    route('administration:read', 'Modèle d’un message automatique, ses variables et les fiches de l’aperçu', {
      params: eventParam,
      response: { 200: templateOut },
    }),
    async (req) => getTemplateOrThrow(db, req.params.event),
  );
  app.put(
    '/templates/:event',
    route('administration:update', 'Enregistrer le modèle d’un message automatique', {
      description:
        'Le modèle (Liquid) est vérifié : syntaxe, filtres et variables de l’événement. Une erreur donne 400 avec le champ et la ligne.',
      params: eventParam,
      body: templateIn,
      response: { 200: templateOut },
    }),
    async (req) => saveTemplate(db, ctxOf(req), req.params.event, req.body),
  );
  app.delete(
    '/templates/:event',
    route('administration:update', 'Rétablir le modèle par défaut', { params: eventParam }),
    async (req, reply) => {
      await resetTemplate(db, ctxOf(req), req.params.event);
      return reply.status(204).send();
    },
  );
  app.post(
    '/templates/:event/preview',
    route('administration:read', 'Aperçu d’un brouillon de modèle sur une fiche réelle', {
      params: eventParam,
      body: templatePreviewIn,
      response: { 200: templatePreviewOut },
    }),
    async (req) => previewTemplate(db, config.publicUrl, req.params.event, req.body),
  );

  // Public on purpose: emails show the logo by this URL, and a mail client has no session.
  app.get(
    '/branding/logo',
    route('public', 'Logo de la société, tel qu’affiché dans les e-mails'),
    async (_req, reply) => sendLogo(reply, await getCompanyLogoOrThrow(db)),
  );

  app.get(
    '/branding/partners/:id/logo',
    route('public', 'Logo d’un partenaire, pour les e-mails envoyés à ses clients en co-marquage', {
      params: z.strictObject({ id: z.uuid() }),
    }),
    async (req, reply) => sendLogo(reply, await getPartnerLogoOrThrow(db, req.params.id)),
  );
};
