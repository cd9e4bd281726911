import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  changePasswordBody,
  forgotPasswordBody,
  loginBody,
  meResponse,
  passwordBody,
  resetBody,
  resetCheckBody,
  totpCodeBody,
} from '../../../shared/schemas/auth.ts';
import { z } from '../../../shared/zod.ts';
import { ctxOf } from '../../infra/context.ts';
import { routeOptions } from '../../infra/routes.ts';
import { getMatrix } from '../../policy/matrix.service.ts';
import { Policy } from '../../policy/policy.ts';
import { clearSessionCookie, sessionTokenOf, sessionUserOf, setSessionCookie } from './auth.hooks.ts';
import * as account from './account.service.ts';
import * as auth from './auth.service.ts';
import { presentMe } from './auth.presenter.ts';

const route = routeOptions('Authentification');

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config, jobs } = app.deps;

  app.post(
    '/auth/login',
    route(
      'public',
      'Se connecter',
      { body: loginBody, response: { 200: meResponse } },
      { rateLimit: { max: config.loginRateLimitPerMinute } },
    ),
    async (req, reply) => {
      const { token, user } = await auth.login(db, config, req.body, {
        ip: req.ip,
        requestId: req.id,
        userAgent: req.headers['user-agent'] ?? null,
        previousToken: sessionTokenOf(req),
      });
      setSessionCookie(req, reply, token, config);
      const actor = auth.actorOfUser(user);
      return {
        ...presentMe(
          user,
          new Policy(actor, await getMatrix(db)),
          !user.totpEnabledAt && (await auth.isTotpRequired(db, user)),
        ),
        mapTileUrl: config.mapTileUrl ?? null,
      };
    },
  );

  app.post(
    '/auth/logout',
    route('authenticated', 'Se déconnecter', {}, { totpExempt: true }),
    async (req, reply) => {
      await auth.logout(db, ctxOf(req));
      clearSessionCookie(req, reply);
      return reply.status(204).send();
    },
  );

  app.get(
    '/auth/me',
    route(
      'authenticated',
      'Utilisateur connecté et ses droits effectifs',
      { response: { 200: meResponse } },
      { totpExempt: true },
    ),
    async (req) => {
      const ctx = ctxOf(req);
      if (!ctx.actor.userId) {
        return {
          user: {
            id: ctx.actor.tokenId!,
            email: '',
            name: ctx.actor.name,
            role: ctx.actor.role,
            partnerId: ctx.actor.partnerId,
            totpEnabled: false,
          },
          permissions: ctx.policy.permissions(),
          scopes: ctx.policy.scopes(),
          capabilities: ctx.policy.capabilities(),
          navigation: ctx.policy.navigation(),
          home: ctx.policy.home(),
          totpEnrollmentRequired: false,
          mapTileUrl: config.mapTileUrl ?? null,
        };
      }
      const user = sessionUserOf(req) ?? (await auth.getUser(db, ctx.actor.userId));
      return {
        ...presentMe(user, ctx.policy, !user.totpEnabledAt && (await auth.isTotpRequired(db, user))),
        mapTileUrl: config.mapTileUrl ?? null,
      };
    },
  );

  app.post(
    '/auth/password',
    route('authenticated', 'Changer son mot de passe', { body: changePasswordBody }, { totpExempt: true }),
    async (req, reply) => {
      const { token } = await account.changePassword(
        db,
        config,
        ctxOf(req),
        req.body,
        req.headers['user-agent'] ?? null,
      );
      setSessionCookie(req, reply, token, config);
      return reply.status(204).send();
    },
  );

  app.post(
    '/auth/totp/setup',
    route(
      'authenticated',
      'Commencer l’activation de la double authentification',
      { response: { 200: z.object({ secret: z.string(), uri: z.string(), qrCode: z.string() }) } },
      { totpExempt: true },
    ),
    async (req) => account.startTotpEnrolment(db, ctxOf(req)),
  );

  app.post(
    '/auth/totp/confirm',
    route(
      'authenticated',
      'Confirmer la double authentification',
      { body: totpCodeBody },
      { totpExempt: true },
    ),
    async (req, reply) => {
      await account.confirmTotpEnrolment(db, ctxOf(req), req.body.code);
      return reply.status(204).send();
    },
  );

  app.post(
    '/auth/totp/disable',
    route('authenticated', 'Désactiver sa double authentification', { body: passwordBody }),
    async (req, reply) => {
      await account.disableOwnTotp(db, ctxOf(req), req.body.password);
      return reply.status(204).send();
    },
  );

  app.post(
    '/auth/password-reset/request',
    route(
      'public',
      'Demander un lien de réinitialisation (mot de passe oublié)',
      { body: forgotPasswordBody },
      { rateLimit: { max: config.loginRateLimitPerMinute } },
    ),
    async (req, reply) => {
      // The same answer whether the address has an account or not.
      await account.requestResetLink(db, config, jobs, { ip: req.ip, requestId: req.id }, req.body.email);
      return reply.status(202).send();
    },
  );

  app.post(
    '/auth/password-reset/check',
    route(
      'public',
      'Vérifier un lien de réinitialisation',
      { body: resetCheckBody, response: { 200: z.object({ email: z.string() }) } },
      { rateLimit: { max: config.loginRateLimitPerMinute } },
    ),
    async (req) => {
      const { user } = await account.checkResetLink(db, req.body.token);
      return { email: user.email };
    },
  );

  app.post(
    '/auth/password-reset',
    route(
      'public',
      'Choisir un nouveau mot de passe par lien',
      { body: resetBody },
      { rateLimit: { max: config.loginRateLimitPerMinute } },
    ),
    async (req, reply) => {
      await account.resetPassword(db, { ip: req.ip, requestId: req.id }, req.body);
      return reply.status(204).send();
    },
  );
};
