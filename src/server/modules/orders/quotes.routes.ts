import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParam, page } from '../../../shared/schemas/common.ts';
import {
  quoteBody,
  quoteListQuery,
  quoteOut,
  quotePackBody,
  quotePatch,
  quoteRefuseBody,
  quoteSummaryOut,
} from '../../../shared/schemas/quotes.ts';
import { z } from '../../../shared/zod.ts';
import { ctxOf } from '../../infra/context.ts';
import { sendFile } from '../../infra/files.ts';
import { routeOptions } from '../../infra/routes.ts';
import { quoteDocument } from './quote-documents.ts';
import { sendQuote } from './quote-sending.service.ts';
import { presentQuote, presentQuoteSummary } from './quotes.presenter.ts';
import * as service from './quotes.service.ts';
import './quotes.timeline.ts';

const route = routeOptions('Devis');
const signerBody = z.strictObject({
  signerName: z
    .string('Nom du signataire attendu.')
    .trim()
    .min(2, 'Indiquez le nom du signataire.')
    .max(200, 'Nom trop long (200 caractères au plus).'),
});

/** Quotes (devis): list, editor, versions, packs, sending and the client's answer. */
export const quoteRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, jobs, config } = app.deps;
  const fx = { jobs, publicUrl: config.publicUrl };
  app.get(
    '/quotes',
    route('orders:read', 'Devis (dernière version de chacun), du plus récent au plus ancien', {
      querystring: quoteListQuery,
      response: { 200: page(quoteSummaryOut) },
    }),
    async (req) => {
      const { items, nextCursor, names } = await service.listQuotes(db, ctxOf(req), req.query);
      return { items: items.map((r) => presentQuoteSummary(r, names)), nextCursor };
    },
  );
  app.get(
    '/quotes/:id',
    route('orders:read', 'Une version d’un devis', { params: idParam, response: { 200: quoteOut } }),
    async (req) =>
      presentQuote(await service.getQuoteOrThrow(db, ctxOf(req), req.params.id), ctxOf(req).policy),
  );
  app.get(
    '/quotes/:id/pdf',
    route('orders:read', 'Télécharger le devis (PDF ; signé une fois accepté en ligne)', { params: idParam }),
    async (req, reply) => sendFile(reply, await quoteDocument(db, ctxOf(req), req.params.id)),
  );
  app.post(
    '/quotes',
    route('orders:create', 'Créer un devis (brouillon v1)', { body: quoteBody, response: { 201: quoteOut } }),
    async (req, reply) => {
      const ctx = ctxOf(req);
      return reply.status(201).send(presentQuote(await service.createQuote(db, ctx, req.body), ctx.policy));
    },
  );
  app.patch(
    '/quotes/:id',
    route('orders:update', 'Modifier un devis (un devis envoyé devient une nouvelle version)', {
      params: idParam,
      body: quotePatch,
      response: { 200: quoteOut },
    }),
    async (req) => {
      const ctx = ctxOf(req);
      return presentQuote(await service.updateQuote(db, ctx, req.params.id, req.body), ctx.policy);
    },
  );
  app.post(
    '/quotes/:id/packs',
    route('orders:update', 'Ajouter les lignes d’un pack au devis', {
      params: idParam,
      body: quotePackBody,
      response: { 200: quoteOut },
    }),
    async (req) => {
      const ctx = ctxOf(req);
      return presentQuote(await service.addPack(db, ctx, req.params.id, req.body.packId), ctx.policy);
    },
  );
  app.delete(
    '/quotes/:id',
    route('orders:delete', 'Supprimer un brouillon de devis', { params: idParam }),
    async (req, reply) => {
      await service.deleteQuote(db, ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/quotes/:id/send',
    route('orders:update', 'Envoyer le devis au contact du client (PDF joint, lien d’acceptation)', {
      params: idParam,
      response: { 200: quoteOut },
    }),
    async (req) => {
      const ctx = ctxOf(req);
      return presentQuote(await sendQuote(db, ctx, fx, req.params.id), ctx.policy);
    },
  );
  app.post(
    '/quotes/:id/accept',
    route('orders:update', 'Enregistrer l’acceptation du client (exemplaire signé reçu)', {
      params: idParam,
      body: signerBody,
      response: { 200: quoteOut },
    }),
    async (req) => {
      const ctx = ctxOf(req);
      const v = await service.recordDecision(db, ctx, req.params.id, { accept: true, ...req.body });
      return presentQuote(v, ctx.policy);
    },
  );
  app.post(
    '/quotes/:id/refuse',
    route('orders:update', 'Enregistrer le refus du client', {
      params: idParam,
      body: quoteRefuseBody,
      response: { 200: quoteOut },
    }),
    async (req) => {
      const ctx = ctxOf(req);
      const v = await service.recordDecision(db, ctx, req.params.id, { accept: false, ...req.body });
      return presentQuote(v, ctx.policy);
    },
  );
};
