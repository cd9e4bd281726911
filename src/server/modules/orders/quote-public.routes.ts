import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  publicAcceptBody,
  publicQuoteOut,
  publicRefuseBody,
  quoteTokenParam,
} from '../../../shared/schemas/quotes.ts';
import { sendFile } from '../../infra/files.ts';
import { routeOptions } from '../../infra/routes.ts';
import { acceptByLink, publicQuote, publicQuotePdf, refuseByLink } from './quote-sending.service.ts';

const route = routeOptions('Devis (page publique)');

/**
 * The client's acceptance page, without an account: everything hangs on the link's token (an
 * unknown one is 404). Limited per IP like the sign-in, so that tokens cannot be tried in bulk.
 */
export const quotePublicRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const limit = { rateLimit: { max: config.loginRateLimitPerMinute } };
  const origin = (req: { ip: string; id: string }) => ({ ip: req.ip, requestId: req.id });
  app.get(
    '/public/quotes/:token',
    route(
      'public',
      'Le devis d’un lien d’acceptation',
      { params: quoteTokenParam, response: { 200: publicQuoteOut } },
      limit,
    ),
    async (req) => publicQuote(db, req.params.token),
  );
  app.get(
    '/public/quotes/:token/pdf',
    route(
      'public',
      'Le PDF du devis d’un lien d’acceptation (signé une fois accepté)',
      { params: quoteTokenParam },
      limit,
    ),
    async (req, reply) => sendFile(reply, await publicQuotePdf(db, req.params.token)),
  );
  app.post(
    '/public/quotes/:token/accept',
    route(
      'public',
      'Accepter le devis : nom et signature du client',
      { params: quoteTokenParam, body: publicAcceptBody, response: { 200: publicQuoteOut } },
      limit,
    ),
    async (req) => acceptByLink(db, origin(req), req.params.token, req.body),
  );
  app.post(
    '/public/quotes/:token/refuse',
    route(
      'public',
      'Refuser le devis, avec son motif',
      { params: quoteTokenParam, body: publicRefuseBody, response: { 200: publicQuoteOut } },
      limit,
    ),
    async (req) => refuseByLink(db, origin(req), req.params.token, req.body),
  );
};
