import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { registerOpenApi } from './openapi.ts';

type Schema = { $ref?: string; description?: string; properties?: Record<string, Schema> };
type Operation = {
  operationId?: string;
  requestBody?: { content: Record<string, { schema: Schema & { type?: string; format?: string } }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

let t: TestApp;
let doc: Document;
let operations: [string, Operation][];
beforeAll(async () => {
  t = await createTestApp({ seed: false });
  doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as [string, Operation]),
  );
});
afterAll(() => t.close());

const resources = [
  'Client',
  'Site',
  'Contact',
  'Ticket',
  'Intervention',
  'Technician',
  'User',
  'Error',
] as const;

describe('OpenAPI document', () => {
  it('documents every API route except the document itself', () => {
    const documented = operations.length;
    const routes = t.app.routeTable.filter((r) => r.url !== '/api/openapi.json' && r.url !== '/api/docs');
    expect(documented).toBe(routes.length);
  });

  it('gives every operation a unique operation id', () => {
    const ids = operations.map(([, op]) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const byRoute = Object.fromEntries(operations.map(([route, op]) => [route, op.operationId]));
    expect(byRoute).toMatchObject({
      'GET /api/v1/clients/{id}': 'getClient',
      'GET /api/v1/clients': 'listClients',
      'POST /api/v1/clients/{clientId}/sites': 'createClientSite',
      'POST /api/v1/tickets/{id}/escalate': 'escalateTicket',
      'PATCH /api/v1/tickets/{id}': 'updateTicket',
      'DELETE /api/v1/clients/{clientId}/contacts/{id}': 'deleteClientContact',
    });
  });

  it('refuses to start when two routes would share an operation id', async () => {
    const app = Fastify();
    await registerOpenApi(app);
    app.get('/api/v1/clients/:id', async () => 'x');
    app.get('/api/v1/clients/:id/card', { schema: { operationId: 'getClientCard' } }, async () => 'x');
    expect(() =>
      app.get('/api/v1/client-cards/:id', { schema: { operationId: 'getClient' } }, async () => 'x'),
    ).toThrow(/operationId « getClient » en double/);
    await app.close();
  });

  it('holds the main resources as named schemas, referenced by the routes', () => {
    for (const name of resources) expect(doc.components.schemas[name], name).toBeDefined();
    expect(doc.components.schemas.ClientInput, 'no unused request twin').toBeUndefined();
    const getTicket = operations.find(([, op]) => op.operationId === 'getTicket')![1];
    expect(getTicket.responses['200']!.content!['application/json']!.schema.$ref).toBe(
      '#/components/schemas/Ticket',
    );
  });

  it('describes every field of the main resources', () => {
    for (const name of resources.filter((r) => r !== 'Error')) {
      const schema = doc.components.schemas[name]!;
      expect(schema.description, name).toBeTruthy();
      const undocumented = Object.entries(schema.properties ?? {})
        .filter(([, field]) => !field.description)
        .map(([field]) => field);
      expect(undocumented, name).toEqual([]);
    }
  });

  it('declares the error responses of the conventions on every operation, with the one error schema', () => {
    for (const [route, op] of operations) {
      for (const status of ['400', '401', '403', '404', '409', '429']) {
        expect(op.responses[status]?.content?.['application/json']?.schema, `${route} ${status}`).toEqual({
          $ref: '#/components/schemas/Error',
        });
      }
    }
    expect(doc.components.schemas.Error!.properties!.error).toBeDefined();
  });

  it('describes the routes that take files as multipart forms: the JSON in `data`, the files', () => {
    const ops = doc.paths['/api/v1/interventions/{id}/ops']!.post!;
    expect(Object.keys(ops.requestBody!.content)).toEqual(['application/json', 'multipart/form-data']);
    const form = ops.requestBody!.content['multipart/form-data']!.schema;
    expect(form.properties!.file).toMatchObject({ type: 'string', format: 'binary' });
    expect(form.properties!.data).toMatchObject({ type: 'string', contentMediaType: 'application/json' });
    expect(ops.responses['413']?.content?.['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/Error',
    });
    const imports = doc.paths['/api/v1/clients/import/preview']!.post!;
    expect(Object.keys(imports.requestBody!.content)).toEqual(['multipart/form-data']);
    const attachments = doc.paths['/api/v1/tickets/{id}/messages']!.post!.requestBody!.content;
    expect(attachments['multipart/form-data']!.schema.properties!.attachments).toMatchObject({
      type: 'array',
      items: { type: 'string', format: 'binary' },
    });
  });
});
