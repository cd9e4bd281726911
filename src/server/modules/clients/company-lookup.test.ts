import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../infra/config.ts';
import { createTestApp, loginAs, type Session, type TestApp } from '../../test/harness.ts';

/**
 * A local HTTP server playing the « Recherche d'entreprises » API
 * (`GET /search?q=…&page=1&per_page=5`, `{ results: [...] }`): « Panne » answers 503, « Lent »
 * answers after 5 s (beyond the 3 s timeout), « Rien » finds nothing, « Pharmacie » finds a
 * pharmacy SAS and an association, a 14-digit SIRET finds the pharmacy's secondary establishment.
 */
const pharmacy = {
  siren: '443061841',
  nom_complet: 'PHARMACIE DES TERREAUX (PDT)',
  nom_raison_sociale: 'PHARMACIE DES TERREAUX',
  nature_juridique: '5710',
  activite_principale: '47.73Z',
  siege: {
    siret: '44306184100013',
    adresse: '12 PLACE DES TERREAUX 69001 LYON',
    code_postal: '69001',
    libelle_commune: 'LYON',
    activite_principale: '47.73Z',
  },
  matching_etablissements: [
    {
      siret: '44306184100047',
      adresse: '3 RUE DE LA REPUBLIQUE 69002 LYON',
      code_postal: '69002',
      libelle_commune: 'LYON',
      activite_principale: '47.73Z',
    },
  ],
};
const association = {
  siren: '775672272',
  nom_complet: 'AMIS DE LA PHARMACIE',
  nom_raison_sociale: null,
  nature_juridique: '9220',
  activite_principale: '9499Z',
  siege: { siret: '77567227200018', adresse: null, code_postal: '75011', libelle_commune: 'PARIS' },
};
const odd = { siren: '123456789', nom_complet: 'SOCIETE ETRANGE', nature_juridique: '3120', siege: null };

/** The register's answer to one query: [HTTP status, JSON body, delay in ms]. */
function registryAnswer(q: string): [number, object, number?] {
  if (q.includes('Panne')) return [503, { erreur: 'Service Unavailable' }];
  if (q.includes('Lent')) return [200, { results: [pharmacy] }, 5_000];
  if (q.includes('Rien')) return [200, { results: [], total_results: 0 }];
  if (/^\d{14}$/.test(q)) return [200, { results: [pharmacy], total_results: 1 }];
  return [200, { results: [pharmacy, association, odd, { siren: '1' }], total_results: 4 }];
}

function registryServer() {
  const queries: URLSearchParams[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const found = req.method === 'GET' && url.pathname === '/search';
    if (found) queries.push(url.searchParams);
    const [status, body, delay] = found ? registryAnswer(url.searchParams.get('q') ?? '') : [404, {}];
    setTimeout(() => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    }, delay ?? 0).unref();
  });
  return { server, queries };
}

let t: TestApp;
let registry: ReturnType<typeof registryServer>;
let registryUrl: string;
let adv: Session;
beforeAll(async () => {
  registry = registryServer();
  await new Promise<void>((r) => registry.server.listen(0, '127.0.0.1', r));
  registryUrl = `http://127.0.0.1:${(registry.server.address() as AddressInfo).port}`;
  t = await createTestApp({ config: { companyLookupUrl: registryUrl } });
  adv = await loginAs(t.app, 'adv@relais.test');
}, 60_000);
afterAll(async () => {
  await t?.close();
  registry?.server.closeAllConnections();
  await new Promise((r) => registry?.server.close(r));
});

const lookup = (s: Session, q?: string) =>
  s.get(`/api/v1/clients/company-lookup${q === undefined ? '' : `?q=${encodeURIComponent(q)}`}`);

describe('company lookup (issue 15 item 5)', () => {
  it('maps the register’s companies to candidates: name, SIRET, address, NAF, legal form', async () => {
    const res = await lookup(adv, 'Pharmacie Terreaux');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.enabled).toBe(true);
    expect(body.note).toBeNull();
    expect(registry.queries.at(-1)?.get('per_page')).toBe('5');
    expect(registry.queries.at(-1)?.get('page')).toBe('1');
    expect(body.items).toEqual([
      {
        name: 'PHARMACIE DES TERREAUX',
        siren: '443061841',
        siret: '44306184100013',
        addressLine: '12 PLACE DES TERREAUX',
        postalCode: '69001',
        city: 'LYON',
        nafCode: '47.73Z',
        nafLabel: 'Commerce de détail de produits pharmaceutiques en magasin spécialisé',
        legalForm: 'SAS',
        legalFormLabel: 'SAS — Société par actions simplifiée',
      },
      {
        name: 'AMIS DE LA PHARMACIE',
        siren: '775672272',
        siret: '77567227200018',
        addressLine: null,
        postalCode: '75011',
        city: 'PARIS',
        nafCode: '94.99Z',
        nafLabel: expect.any(String),
        legalForm: 'ASSO',
        legalFormLabel: 'Association loi 1901',
      },
      {
        name: 'SOCIETE ETRANGE',
        siren: '123456789',
        siret: null,
        addressLine: null,
        postalCode: null,
        city: null,
        nafCode: null,
        nafLabel: null,
        legalForm: null,
        legalFormLabel: 'Catégorie juridique INSEE 3120',
      },
    ]);
  });

  it('a SIRET typed with spaces finds the establishment it names, not only the head office', async () => {
    const res = await lookup(adv, '443 061 841 00047');
    expect(registry.queries.at(-1)?.get('q')).toBe('44306184100047');
    expect(res.json().items[0]).toMatchObject({
      siret: '44306184100047',
      addressLine: '3 RUE DE LA REPUBLIQUE',
      postalCode: '69002',
    });
  });

  it('nothing found, a query too short, or no query: an empty list, no call for the last two', async () => {
    expect((await lookup(adv, 'Rien du tout')).json()).toEqual({
      enabled: true,
      items: [],
      note: 'Aucune entreprise trouvée.',
    });
    const calls = registry.queries.length;
    expect((await lookup(adv, 'ab')).json()).toMatchObject({
      items: [],
      note: 'Saisissez au moins 3 caractères.',
    });
    expect((await lookup(adv)).json()).toEqual({ enabled: true, items: [], note: null });
    expect(registry.queries.length).toBe(calls);
  });

  it('register failing, too slow or unreachable: an empty list with a French note, never a 500', async () => {
    const note = 'Le répertoire des entreprises ne répond pas : saisissez les informations à la main.';
    for (const q of ['Panne générale', 'Lent']) {
      const res = await lookup(adv, q);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ enabled: true, items: [], note });
    }
    t.config.companyLookupUrl = 'http://127.0.0.1:9';
    try {
      const res = await lookup(adv, 'Pharmacie');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ enabled: true, items: [], note });
    } finally {
      t.config.companyLookupUrl = registryUrl;
    }
  }, 15_000);

  it('COMPANY_LOOKUP_URL=off: 200 with enabled false and « désactivée », the register is never called', async () => {
    const calls = registry.queries.length;
    t.config.companyLookupUrl = null;
    try {
      const res = await lookup(adv, 'Pharmacie');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        enabled: false,
        items: [],
        note: 'La recherche d’entreprises est désactivée sur ce serveur.',
      });
    } finally {
      t.config.companyLookupUrl = registryUrl;
    }
    expect(registry.queries.length).toBe(calls);
  });

  it('needs the right to create clients (a field technician gets 403)', async () => {
    const tech = await loginAs(t.app, 'tech.terrain@relais.test');
    expect((await lookup(tech, 'Pharmacie')).statusCode).toBe(403);
  });

  it('COMPANY_LOOKUP_URL: the public API by default, `off` disables, anything else but a URL is refused', () => {
    const env = (v?: string) =>
      ({ ...(v === undefined ? {} : { COMPANY_LOOKUP_URL: v }) }) as NodeJS.ProcessEnv;
    expect(loadConfig(env()).companyLookupUrl).toBe('https://recherche-entreprises.api.gouv.fr');
    expect(loadConfig(env('off')).companyLookupUrl).toBeNull();
    expect(() => loadConfig(env('non'))).toThrow(/COMPANY_LOOKUP_URL : une URL http\(s\), ou « off »/);
  });
});
