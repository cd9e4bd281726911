import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { dataField, megabytes, type UploadSpec } from '../../infra/uploads.ts';

/**
 * Operation ids that the rule of `operationIdOf` would make clumsy. A route may also give its own
 * `schema.operationId`. Changing an id breaks generated clients: add, never rename.
 */
const namedOperations: Record<string, string> = {
  'GET /openapi.json': 'getOpenApiDocument',
  'GET /docs': 'getApiReference',
  'GET /auth/me': 'getMe',
  'POST /auth/login': 'login',
  'POST /auth/logout': 'logout',
  'POST /auth/password': 'changePassword',
  'POST /auth/password-reset': 'requestPasswordReset',
  'POST /auth/password-reset/check': 'checkPasswordReset',
  'POST /auth/password-reset/request': 'requestPasswordResetLink',
  'POST /auth/totp/setup': 'setUpTotp',
  'POST /auth/totp/confirm': 'confirmTotp',
  'POST /auth/totp/disable': 'disableTotp',
  'GET /search': 'search',
  'GET /events': 'streamEvents',
  'GET /calls/lookup': 'lookUpCaller',
  'POST /clients/duplicates': 'findClientDuplicates',
  'GET /settings/company': 'getCompanySettings',
  'PATCH /settings/company': 'updateCompanySettings',
  'GET /settings/company/logo': 'getCompanyLogo',
  'GET /sites/unplaced': 'listUnplacedSites',
  'GET /technicians/positions/latest': 'listLatestTechnicianPositions',
  'POST /technicians/me/positions': 'recordMyPosition',
  'PUT /technicians/me/position-sharing': 'setMyPositionSharing',
  'GET /tickets/counts': 'countTickets',
  'POST /tickets/bulk': 'updateTicketsInBulk',
  'POST /tickets/:id/status': 'changeTicketStatus',
  'POST /interventions/:id/status': 'changeInterventionStatus',
  'POST /interventions/:id/ops': 'applyInterventionOps',
  'POST /interventions/:id/rating': 'rateIntervention',
  'PUT /interventions/:id/schedule': 'scheduleIntervention',
  'DELETE /interventions/:id/schedule': 'unscheduleIntervention',
  'POST /notifications/:id/read': 'markNotificationRead',
  'POST /notifications/read-all': 'markAllNotificationsRead',
  'POST /users/:id/reset-link': 'createUserResetLink',
  'GET /map/cards/:layer/at': 'listMapCardsAt',
  'GET /audit-log': 'listAuditLog',
  'GET /outbox': 'listOutboxMessages',
  'GET /outbox/:id': 'getOutboxMessage',
  'POST /outbox/:id/replay': 'replayOutboxMessage',
  'GET /me/interventions': 'listMyInterventions',
  'GET /me/interventions/:id': 'getMyIntervention',
  'GET /technicians/me': 'getMyTechnicianProfile',
  'POST /tickets/inbound-email': 'receiveInboundEmail',
  'POST /sms': 'sendSms',
  'POST /calls/events': 'recordCallEvent',
};

/** Last path segments that name an action rather than a sub-resource (`POST /absences/:id/approve`). */
const verbs = new Set([
  'approve',
  'cancel',
  'check',
  'confirm',
  'escalate',
  'export',
  'geocode',
  'preview',
  'refuse',
  'replay',
  'reset',
  'reset-totp',
]);
/** Plural-looking segments that name one thing (`GET /tickets/assignment-settings` is one object). */
const notCollections = new Set(['settings', 'preferences', 'sms', 'status', 'matrix']);

const pascal = (segment: string) =>
  segment
    .split(/[-_.]/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
const singular = (segment: string) => {
  const last = segment.split('-').at(-1)!;
  if (notCollections.has(last)) return segment;
  if (segment.endsWith('ies')) return `${segment.slice(0, -3)}y`;
  if (/(ss|us)$/.test(segment) || !segment.endsWith('s')) return segment;
  return segment.slice(0, -1);
};
const isCollection = (segment: string) =>
  segment.endsWith('s') && !notCollections.has(segment.split('-').at(-1)!);

/**
 * A readable, stable operation id from the method and URL: `GET /clients/:id` → `getClient`,
 * `GET /clients` → `listClients`, `POST /clients/:clientId/sites` → `createClientSite`,
 * `POST /tickets/:id/escalate` → `escalateTicket`, `PUT /technicians/:id/skills` → `setTechnicianSkills`.
 */
export function operationIdOf(method: string, url: string): string {
  const path = url.replace(/^\/api(\/v1)?/, '') || '/';
  const named = namedOperations[`${method} ${path}`];
  if (named) return named;
  const segments = path.split('/').filter(Boolean);
  const last = segments.at(-1) ?? '';
  const endsWithParam = last.startsWith(':');
  const action = !endsWithParam && verbs.has(last.replace(/\..*$/, '')) ? segments.pop()! : null;
  const nouns = segments.filter((s) => !s.startsWith(':'));
  const words = segments
    .map((s, i) => {
      if (s.startsWith(':')) return '';
      const isLast = i === segments.length - 1;
      const pluralKept = isLast && !action && (method === 'GET' || method === 'PUT');
      return pascal(pluralKept || (action && isLast && !endsWithParam) ? s : singular(s));
    })
    .join('');
  if (action) {
    const [verb, ...rest] = action.replace(/\..*$/, '').split('-');
    return `${verb}${words}${pascal(rest.join('-'))}`;
  }
  const lastNoun = nouns.at(-1) ?? '';
  const verb =
    method === 'GET'
      ? !endsWithParam && isCollection(lastNoun)
        ? 'list'
        : 'get'
      : method === 'POST'
        ? 'create'
        : method === 'PATCH'
          ? 'update'
          : method === 'PUT'
            ? 'set'
            : method === 'DELETE'
              ? 'delete'
              : method.toLowerCase();
  return `${verb}${words}`;
}

/** The error responses every operation may answer with, all in the one error shape. */
const errorResponses: Record<string, string> = {
  400: 'Invalid input (`validation_failed`, `bad_request`).',
  401: 'No session or a dead one (`unauthenticated`, `invalid_credentials`).',
  403: 'The role may not do this (`forbidden`, `csrf_failed`).',
  404: 'No such record, or the record is outside your scope (`not_found`).',
  409: 'The state forbids it (`conflict`, `schedule_conflict`, `invalid_transition`).',
  429: 'Throttled (`rate_limited`); retry after the `Retry-After` header.',
};
const errorRef = { $ref: '#/components/schemas/Error' };

/**
 * The request body of a route that takes files: for each content type it consumes, the JSON body,
 * or the form (the same JSON as text in `data`, and the files).
 */
function uploadBody(upload: UploadSpec, consumes: string[], json: unknown) {
  const file = {
    type: 'string',
    format: 'binary',
    description: `${megabytes(upload.maxFileBytes)} au plus.`,
  };
  const form = {
    type: 'object',
    properties: {
      [dataField]: {
        type: 'string',
        contentMediaType: 'application/json',
        contentSchema: json,
        description: 'Le corps JSON de la requête, en texte.',
      },
      [upload.field]: upload.maxFiles > 1 ? { type: 'array', items: file, maxItems: upload.maxFiles } : file,
    },
  };
  return {
    content: Object.fromEntries(
      consumes.map((type) => [type, { schema: type === 'multipart/form-data' ? form : json }]),
    ),
  };
}

/**
 * The type provider names every registered schema twice, `X` for responses and `XInput` for
 * requests; the resources are response schemas, so drop the `XInput` twins no operation uses.
 */
function withoutUnusedInputs<T>(doc: T): T {
  const { components, ...rest } = doc as { components?: { schemas?: Record<string, unknown> } };
  const schemas = components?.schemas;
  if (!schemas) return doc;
  // An input schema kept may reference another one: repeat until nothing more is kept.
  let used = JSON.stringify(rest);
  let kept: [string, unknown][] = [];
  for (let size = -1; kept.length !== size; ) {
    size = kept.length;
    kept = Object.entries(schemas).filter(
      ([name]) => !name.endsWith('Input') || used.includes(`"#/components/schemas/${name}"`),
    );
    used = JSON.stringify([rest, kept]);
  }
  return { ...doc, components: { ...components, schemas: Object.fromEntries(kept) } };
}

/**
 * The OpenAPI document at /api/openapi.json: every route gets an operation id (derived here unless
 * it gives one, unique or the app does not start), its permission as `x-permission`, the error
 * responses of api-conventions with the one `Error` schema, and the shared schemas registered with
 * an id (`.meta({ id })`) as named components. Documentation only: the error responses are added to
 * the document, not to the routes, so they never take part in serialising a reply.
 */
export async function registerOpenApi(app: FastifyInstance) {
  const taken = new Map<string, string>();
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const methods = [route.method].flat().filter((m) => m !== 'HEAD');
    if (methods.length === 0) return;
    if (methods.length > 1) throw new Error(`La route ${route.url} sert plusieurs verbes : un par route.`);
    const schema = route.schema ?? {};
    const operationId =
      (schema as { operationId?: string }).operationId ?? operationIdOf(methods[0]!, route.url);
    const holder = taken.get(operationId);
    if (holder) {
      throw new Error(`operationId « ${operationId} » en double : ${holder} et ${methods[0]} ${route.url}.`);
    }
    taken.set(operationId, `${methods[0]} ${route.url}`);
    route.schema = { ...schema, operationId } as typeof route.schema;
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'API Relais',
        version: process.env.npm_package_version ?? '0.1.0',
        description: 'API publique de Relais. Voir api-conventions.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'relais_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: (arg) => {
      const out = jsonSchemaTransform(arg);
      if ((out.schema as { hide?: boolean }).hide) return out;
      const config = arg.route.config as { permission?: string; upload?: UploadSpec } | undefined;
      const permission = config?.permission;
      const consumes = (out.schema as { consumes?: string[] }).consumes;
      const body = config?.upload
        ? { body: uploadBody(config.upload, consumes ?? ['multipart/form-data'], out.schema.body ?? {}) }
        : {};
      const response: Record<string, unknown> = { ...(out.schema.response as object) };
      const errors = config?.upload
        ? { ...errorResponses, 413: 'A file over its limit, or too many files (`payload_too_large`).' }
        : errorResponses;
      for (const [status, description] of Object.entries(errors)) {
        response[status] ??= { description, content: { 'application/json': { schema: errorRef } } };
      }
      const schema = { ...out.schema, ...body, response, 'x-permission': permission };
      return { ...out, schema: schema as typeof out.schema };
    },
    transformObject: (arg) => withoutUnusedInputs(jsonSchemaTransformObject(arg)),
  });
}
