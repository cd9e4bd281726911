import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginAs, type Session, type TestApp } from './test/harness.ts';

/**
 * Bad input never makes a 5xx: every write route of the OpenAPI document, as admin, gets wrong
 * types, NUL characters, lone surrogates, 100,000-character strings, empty and deeply nested
 * bodies, and must answer a 4xx (or succeed). The cases are the same on every run.
 */

type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  minimum?: number;
  minLength?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};
type Operation = {
  parameters?: { in: string; name: string; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

let t: TestApp;
let admin: Session;
let doc: Document;
beforeAll(async () => {
  t = await createTestApp();
  admin = await loginAs(t.app, 'admin@relais.test');
  doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
}, 300_000); // The app and its database copy: slow on a busy machine.
afterAll(() => t.close());

const fallbackId = '3f1e8a52-6b7c-4d2e-9a10-5c4b3a291807';

function resolve(s: Schema | undefined): Schema {
  let schema = s ?? {};
  while (schema.$ref) schema = doc.components.schemas[schema.$ref.split('/').pop()!] ?? {};
  if (schema.allOf?.length) return resolve(schema.allOf[0]);
  return schema;
}

/** A plausible valid value of a schema, so that one bad field is what reaches the route. */
function sample(s: Schema | undefined, depth = 0): unknown {
  const schema = resolve(s);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length)
    return sample(alternatives.find((a) => resolve(a).type !== 'null') ?? alternatives[0], depth);
  const type = [schema.type].flat().find((x) => x !== 'null') ?? (schema.properties ? 'object' : undefined);
  switch (type) {
    case 'object':
      if (depth > 6) return {};
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([k, v]) => [k, sample(v, depth + 1)]),
      );
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 0) }, () => sample(schema.items, depth + 1));
    case 'integer':
    case 'number':
      return Math.max(1, schema.minimum ?? 1);
    case 'boolean':
      return true;
    case 'string':
      switch (schema.format) {
        case 'uuid':
          return fallbackId;
        case 'email':
          return 'fuzz@relais.test';
        case 'date-time':
          return '2026-03-02T09:00:00.000Z';
        case 'date':
          return '2026-03-02';
        case 'uri':
          return 'https://relais.test/';
        default:
          return 'abc'.padEnd(schema.minLength ?? 3, 'x');
      }
    default:
      return 'abc';
  }
}

/** The same value with every string (key strings included) replaced. */
function everyString(value: unknown, by: string): unknown {
  if (typeof value === 'string') return by;
  if (Array.isArray(value)) return value.map((v) => everyString(v, by));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, everyString(v, by)]));
  }
  return value;
}

function wrongTypes(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 12345;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      typeof v === 'string' ? 12345 : typeof v === 'number' ? 'abc' : 'abc',
    ]),
  );
}

function nested(levels: number): unknown {
  let v: unknown = 'fond';
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

/** Cases: name → body (undefined: no body at all). */
function casesFor(body: Schema | undefined): [string, unknown][] {
  const valid = sample(body);
  const firstKey =
    valid && typeof valid === 'object' && !Array.isArray(valid) ? Object.keys(valid)[0] : undefined;
  return [
    ['sans corps', undefined],
    ['corps vide {}', {}],
    ['corps null', null],
    ['corps tableau', [1, 'a', null]],
    ['corps texte', 'abc'],
    ['types faux', wrongTypes(valid)],
    ['NUL', everyString(valid, 'a\u0000b')],
    ['NUL en fin', everyString(valid, 'abc\u0000')],
    ['surrogate seul', everyString(valid, 'a\uD800b')],
    ['surrogate bas seul', everyString(valid, '\uDC00')],
    ['100 000 caractères', everyString(valid, 'x'.repeat(100_000))],
    ['imbriqué 1 000 niveaux', nested(1000)],
    ...(firstKey
      ? [
          [`« ${firstKey} » imbriqué`, { ...(valid as object), [firstKey]: nested(1000) }] as [
            string,
            unknown,
          ],
        ]
      : []),
  ];
}

/** A real id for each path parameter where a list gives one (the prefix of the path), else a uuid. */
const idCache = new Map<string, string>();
async function urlOf(path: string): Promise<string> {
  const parts = path.split('/');
  const out: string[] = [];
  for (const part of parts) {
    const param = /^\{(\w+)\}$/.exec(part);
    if (!param) {
      out.push(part);
      continue;
    }
    const list = out.join('/');
    if (!idCache.has(list)) {
      const res = await admin.get(`${list}?limit=1`);
      let id = fallbackId;
      if (res.statusCode === 200) {
        const json = res.json();
        const first = Array.isArray(json) ? json[0] : (json.items ?? json.data)?.[0];
        if (typeof first?.id === 'string') id = first.id;
      }
      idCache.set(list, id);
    }
    out.push(idCache.get(list)!);
  }
  return out.join('/');
}

const cursorKeys = [1, 2, 3, 4].flatMap((n) => [
  Array.from({ length: n }, () => 'abc'),
  Array.from({ length: n }, () => 1e300),
  Array.from({ length: n }, () => -99999999999),
  Array.from({ length: n }, () => 'a\u0000b'),
  Array.from({ length: n }, () => ({ a: 1 })),
]);

/** The answer, or a 599 when none comes within 15 s (a hung request fails the case, not the run). */
async function answerWithin(request: Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<LightMyRequestResponse>((resolve) => {
    timer = setTimeout(
      () => resolve({ statusCode: 599, body: 'pas de réponse en 15 s' } as LightMyRequestResponse),
      15_000,
    );
  });
  try {
    return await Promise.race([request, hung]);
  } finally {
    clearTimeout(timer);
  }
}

const methods = ['post', 'put', 'patch', 'delete'];

describe('bad input on every write route', () => {
  it('never answers a 5xx', { timeout: 600_000 }, async () => {
    const failures: string[] = [];
    // Deletions last, the session's own routes after everything else.
    const ops = Object.entries(doc.paths)
      .flatMap(([path, byMethod]) =>
        Object.entries(byMethod)
          .filter(([m]) => methods.includes(m))
          .map(([m, op]) => ({ method: m.toUpperCase() as 'POST' | 'PUT' | 'PATCH' | 'DELETE', path, op })),
      )
      .sort(
        (a, b) =>
          Number(a.path.includes('/auth/')) - Number(b.path.includes('/auth/')) ||
          Number(a.method === 'DELETE') - Number(b.method === 'DELETE'),
      );
    expect(ops.length).toBeGreaterThan(80);
    for (const { method, path, op } of ops) {
      const url = await urlOf(path);
      const content = op.requestBody?.content ?? {};
      const body = content['application/json']?.schema ?? content['multipart/form-data']?.schema;
      for (const [name, payload] of casesFor(body)) {
        const send = () =>
          answerWithin(
            t.app.inject({
              method,
              url,
              headers: {
                cookie: admin.cookie,
                'x-relais-csrf': '1',
                ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
              },
              ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
            }),
          );
        let res = await send();
        if (res.statusCode === 401) {
          // A case logged the admin out (logout with an acceptable body): log in again and retry.
          admin = await loginAs(t.app, 'admin@relais.test');
          res = await send();
        }
        if (res.statusCode >= 500) failures.push(`${method} ${path} [${name}] → ${res.statusCode}`);
      }
    }
    // Query strings: NUL and lone surrogates in every query parameter of every route.
    for (const [path, byMethod] of Object.entries(doc.paths)) {
      const op = byMethod.get;
      const query = op?.parameters?.filter((p) => p.in === 'query') ?? [];
      if (!query.length) continue;
      const url = await urlOf(path);
      for (const [name, bad] of [
        ['NUL', '%00'],
        ['surrogate seul', '%ED%A0%80'],
        ['100 000 caractères', 'x'.repeat(100_000)],
      ]) {
        const qs = query.map((p) => `${p.name}=a${bad}`).join('&');
        const res = await admin.get(`${url}?${qs}`);
        if (res.statusCode >= 500)
          failures.push(`GET ${path}?${query.map((p) => p.name).join(',')} [${name}] → ${res.statusCode}`);
      }
      if (!query.some((p) => p.name === 'cursor')) continue;
      // Cursors that decode to keys of the right length but of the wrong types or out of range.
      for (const key of cursorKeys) {
        const cursor = Buffer.from(JSON.stringify(key)).toString('base64url');
        const res = await admin.get(`${url}?cursor=${cursor}`);
        if (res.statusCode >= 500)
          failures.push(`GET ${path}?cursor=${JSON.stringify(key)} → ${res.statusCode}`);
      }
    }
    if (failures.length) console.log(`${failures.length} réponses 5xx :\n${failures.join('\n')}`);
    expect(failures).toEqual([]);
  });
});
