import type { FastifyPluginAsync } from 'fastify';

type OpenApi = {
  info: { title: string; description?: string };
  paths: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        tags?: string[];
        'x-permission'?: string;
        requestBody?: unknown;
        parameters?: unknown[];
      }
    >
  >;
};

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A readable reference of the OpenAPI document, server-rendered: no script, fits the CSP. */
function renderDocs(doc: OpenApi): string {
  const byTag = new Map<string, string[]>();
  for (const [p, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = op.tags?.[0] ?? 'Autres';
      const rows = byTag.get(tag) ?? [];
      rows.push(
        `<tr><td><code class="m ${esc(method)}">${esc(method.toUpperCase())}</code></td><td><code>${esc(p)}</code></td><td>${esc(op.summary ?? '')}</td><td><code>${esc(op['x-permission'] ?? '')}</code></td></tr>`,
      );
      byTag.set(tag, rows);
    }
  }
  const sections = [...byTag]
    .map(
      ([tag, rows]) =>
        `<h2>${esc(tag)}</h2><table><thead><tr><th>Verbe</th><th>Chemin</th><th>Rôle</th><th>Permission</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    )
    .join('');
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(doc.info.title)} — référence</title>
<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#1f2937}table{border-collapse:collapse;width:100%;margin-bottom:2rem}td,th{border-bottom:1px solid #e5e7eb;padding:.4rem;text-align:left;vertical-align:top}code.m{font-weight:700}.get{color:#047857}.post{color:#1d4ed8}.patch,.put{color:#b45309}.delete{color:#b91c1c}</style></head>
<body><h1>${esc(doc.info.title)}</h1><p>Document OpenAPI 3.1 complet (schémas des requêtes et réponses) : <a href="/api/openapi.json">/api/openapi.json</a>. Erreurs : <code>{"error":{"code","message","details"}}</code>. Authentification : cookie de session (avec l’en-tête <code>X-Relais-CSRF: 1</code> sur les requêtes qui modifient) ou <code>Authorization: Bearer</code>.</p>${sections}</body></html>`;
}

export const docsRoutes: FastifyPluginAsync = async (app) => {
  app.get('/openapi.json', { schema: { hide: true }, config: { permission: 'public' } }, async () =>
    app.swagger(),
  );
  app.get('/docs', { schema: { hide: true }, config: { permission: 'public' } }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(renderDocs(app.swagger() as unknown as OpenApi)),
  );
};
