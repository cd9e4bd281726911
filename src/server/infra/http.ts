import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { databaseErrorOf } from './db.ts';
import { AppError, conflict, type ErrorDetail, validationFailed } from './errors.ts';

/**
 * What the database refused because of the request's data, as the 4xx a service would have
 * answered: a reference to a missing row (400 on its field), a row still referenced (409), a
 * duplicate (409), a value out of range or of the wrong form (400). Anything else stays a 500.
 */
function databaseRefusal(e: unknown): AppError | null {
  const err = databaseErrorOf(e);
  if (!err) return null;
  const column = /^Key \((\w+)\)/.exec(err.detail ?? '')?.[1];
  const path = column?.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()) ?? '';
  switch (err.code) {
    // restrict_violation: a RESTRICT foreign key (e.g. a client that still has interventions).
    case '23001':
      return conflict('Cet élément est encore utilisé ailleurs : retirez d’abord ce qui s’y rattache.');
    case '23503':
      return /still referenced/.test(err.detail ?? '') || /^update or delete/.test(err.message)
        ? conflict('Cet élément est encore utilisé ailleurs : retirez d’abord ce qui s’y rattache.')
        : validationFailed([{ path, message: 'Élément lié introuvable.' }]);
    case '23505':
      return conflict('Cet élément existe déjà.', path ? [{ path, message: 'Valeur déjà utilisée.' }] : []);
    case '23502':
    case '23514':
      return validationFailed([{ path, message: 'Valeur refusée.' }]);
  }
  // Class 22, data exceptions: out of range, wrong date or number form, bad characters.
  return err.code.startsWith('22')
    ? new AppError('bad_request', 'Une valeur envoyée est invalide ou hors limites.')
    : null;
}

export function sendError(reply: FastifyReply, err: AppError) {
  for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
  return reply.status(err.status).send({
    error: { code: err.code, message: err.message, ...(err.details.length ? { details: err.details } : {}) },
  });
}

/** Maps every error to the one shape of the conventions; 5xx never carry their text or stack. */
export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      if (error.status >= 500) req.log.error({ err: error }, 'application error');
      return sendError(reply, error);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details: ErrorDetail[] = error.validation.map((v) => ({
        path: [
          v.instancePath.replace(/^\//, '').replaceAll('/', '.'),
          ...((v.params as { keys?: string[] }).keys ?? []),
        ]
          .filter(Boolean)
          .join('.'),
        message: v.message ?? 'Valeur invalide.',
      }));
      return sendError(reply, new AppError('validation_failed', 'Certains champs sont invalides.', details));
    }
    const status = error.statusCode ?? 500;
    if (status === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendError(reply, new AppError('payload_too_large', 'Le contenu envoyé est trop volumineux.'));
    }
    if (status === 429) {
      return sendError(
        reply,
        new AppError('rate_limited', 'Trop de requêtes. Patientez un instant puis réessayez.'),
      );
    }
    if (status >= 400 && status < 500) {
      const message =
        error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
          ? 'Le corps de la requête n’est pas un JSON valide.'
          : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
            ? 'Type de contenu non pris en charge : envoyez du JSON.'
            : 'Requête invalide.';
      return sendError(reply, new AppError('bad_request', message));
    }
    const refused = databaseRefusal(error);
    if (refused) {
      req.log.warn({ err: error }, 'refused by the database');
      return sendError(reply, refused);
    }
    req.log.error({ err: error }, 'unhandled error');
    return sendError(reply, new AppError('internal_error', `Erreur interne. Référence : ${req.id}.`));
  });
}
