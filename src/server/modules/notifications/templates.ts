import { type FS, Liquid, type LiquidOptions } from 'liquidjs';
import type { ErrorDetail } from '../../infra/errors.ts';
import {
  type EmailEvent,
  eventDef,
  fieldLabels,
  type TemplateField,
  type TemplateFields,
} from './templates.catalog.ts';

/**
 * The rendering of automatic messages in Liquid — a sandboxed template language for end users,
 * never `eval` — and the validation of an admin's template. The events and their default templates
 * are in `templates.catalog.ts`.
 */

/** Includes and layouts would read files: there are none. */
const noFiles: FS = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async () => Promise.reject(new Error('Aucun fichier.')),
  readFileSync: () => {
    throw new Error('Aucun fichier.');
  },
  resolve: (_dir, file) => file,
  contains: async () => false,
  containsSync: () => false,
};

function engine(opts: LiquidOptions): Liquid {
  const liquid = new Liquid({
    strictFilters: true,
    ownPropertyOnly: true,
    fs: noFiles,
    root: [],
    relativeReference: false,
    // Limits against a template that would hang or exhaust the server.
    parseLimit: 200_000,
    renderLimit: 2_000,
    memoryLimit: 20_000_000,
    timezoneOffset: 'Europe/Paris',
    locale: 'fr-FR',
    ...opts,
  });
  for (const tag of ['include', 'render', 'layout', 'block']) delete liquid.tags[tag];
  return liquid;
}

const liquidText = engine({});
/** HTML bodies: every output is escaped, so data can never inject markup. */
const liquidHtml = engine({ outputEscape: 'escape' });

export type Branding = {
  legalName: string;
  color: string;
  footer: string;
  /** An absolute URL (real emails) or a data: URL (preview); null without a logo. */
  logoSrc: string | null;
};

function scopeOf(data: Record<string, unknown>, brand: Branding) {
  return {
    ...data,
    brand: { color: brand.color },
    company: { legalName: brand.legalName, ...(data.company as object) },
  };
}

/** Renders subject, text and HTML (escaped, inside the company's branded frame). */
export async function renderEmail(t: TemplateFields, data: Record<string, unknown>, brand: Branding) {
  const scope = scopeOf(data, brand);
  const [subject, text, body] = await Promise.all([
    liquidText.parseAndRender(t.subject, scope),
    liquidText.parseAndRender(t.text, scope),
    liquidHtml.parseAndRender(t.html, scope),
  ]);
  const color = /^#[0-9a-f]{3,8}$/i.test(brand.color) ? brand.color : '#1c7ed6';
  const header = brand.logoSrc
    ? `<div style="padding:16px 24px;border-bottom:4px solid ${color}"><img src="${escapeHtml(brand.logoSrc)}" alt="${escapeHtml(brand.legalName)}" style="max-height:48px;max-width:240px;display:block"></div>`
    : `<div style="background:${color};color:#fff;padding:16px 24px;font-size:18px;font-weight:bold">${escapeHtml(brand.legalName)}</div>`;
  const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head><body style="margin:0;background:#f4f6f8;font-family:Arial,sans-serif;color:#1f2937">
<div style="max-width:600px;margin:0 auto;background:#fff">
${header}
<div style="padding:24px">${body}</div>
<div style="padding:16px 24px;font-size:12px;color:#6b7280;border-top:1px solid #e5e7eb">${escapeHtml(brand.footer)}</div>
</div></body></html>`;
  return {
    subject: subject.replace(/\s+/g, ' ').trim(),
    text: `${text.trim()}\n\n--\n${brand.footer}\n`,
    html,
  };
}

/** Renders the SMS text of an event (plain text, whitespace folded). */
export async function renderSms(
  sms: string,
  data: Record<string, unknown>,
  brand: Branding,
): Promise<string> {
  const out = await liquidText.parseAndRender(sms, scopeOf(data, brand));
  return out.replace(/[ \t]+/g, ' ').trim();
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Sample data built from the variables' examples: every offered variable is defined. */
export function sampleData(event: EmailEvent): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const v of eventDef(event).variables) {
    const parts = v.name.split('.');
    let node = out;
    for (const p of parts.slice(0, -1)) {
      node[p] ??= {};
      node = node[p] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]!] = v.example;
  }
  return out;
}

/** Liquid's English messages, in French, without their position (given separately). */
function frenchMessage(raw: string): string {
  const msg = raw.replace(/,? line:\d+, col:\d+$/, '').trim();
  const rules: [RegExp, (m: RegExpMatchArray) => string][] = [
    [/^undefined filter: (.+)$/, (m) => `filtre inconnu « ${m[1]} »`],
    [
      /^tag "(include|render|layout|block)" not found$/,
      (m) => `la balise « ${m[1]} » n’est pas permise (un modèle ne peut pas inclure de fichier)`,
    ],
    [/^tag "(.+)" not found$/, (m) => `balise inconnue « ${m[1]} »`],
    [/^tag (\{%.*%\}) not closed$/, (m) => `le bloc ${m[1]} n’est pas fermé (balise de fin manquante)`],
    [/^tag "(.+)" not closed$/, (m) => `la balise « ${m[1]} » n’est pas fermée (« %} » manquant)`],
    [/^output "(.+)" not closed$/, (m) => `la variable « ${m[1]} » n’est pas fermée (« }} » manquant)`],
    [/^illegal tag: (.+)$/, (m) => `balise incomplète ${m[1]}`],
    [/^memory alloc limit exceeded$/, () => 'le modèle produit trop de contenu'],
    [/^template render limit exceeded$/i, () => 'le modèle met trop de temps à s’afficher'],
    [/^parse length limit exceeded$/i, () => 'le modèle est trop long'],
  ];
  for (const [re, fr] of rules) {
    const m = msg.match(re);
    if (m) return fr(m);
  }
  return `syntaxe invalide (${msg})`;
}

type LiquidErrorLike = Error & { token?: { getPosition?: () => [number, number] } };

function detail(field: TemplateField, line: number | undefined, message: string): ErrorDetail {
  return { path: field, message: `${fieldLabels[field]}${line ? `, ligne ${line}` : ''} : ${message}.` };
}

/** Allowed names: every offered variable and each of its parents (`{% if notification %}`). */
function allowedNames(event: EmailEvent): Set<string> {
  const names = new Set<string>();
  for (const v of eventDef(event).variables) {
    const parts = v.name.split('.');
    for (let i = 1; i <= parts.length; i++) names.add(parts.slice(0, i).join('.'));
  }
  return names;
}

/**
 * Checks a draft: it must parse, use only known filters and the event's variables (each error with
 * its field and line, in French), and render within the limits on sample data.
 */
export async function validateTemplate(
  event: EmailEvent,
  t: Partial<TemplateFields>,
): Promise<ErrorDetail[]> {
  const errors: ErrorDetail[] = [];
  const allowed = allowedNames(event);
  const known = eventDef(event)
    .variables.map((v) => v.name)
    .join(', ');
  const sample = scopeOf(sampleData(event), {
    legalName: 'Relais Intégration Télécom',
    color: '#1c7ed6',
    footer: '',
    logoSrc: null,
  });
  for (const field of ['subject', 'html', 'text', 'sms'] as const) {
    const source = t[field];
    if (source === undefined || source === null) continue;
    const liquid = field === 'html' ? liquidHtml : liquidText;
    let tpl: ReturnType<Liquid['parse']>;
    try {
      tpl = liquid.parse(source);
    } catch (e) {
      const err = e as LiquidErrorLike;
      errors.push(detail(field, err.token?.getPosition?.()[0], frenchMessage(err.message)));
      continue;
    }
    const analysis = liquid.analyzeSync(tpl, { partials: false });
    let unknown = false;
    for (const uses of Object.values(analysis.globals)) {
      for (const v of uses) {
        const segments = v.toArray();
        const dynamic = segments.some((s) => typeof s !== 'string');
        const name = segments
          .filter((s) => typeof s === 'string')
          .join('.')
          .replace(/\.(size|first|last)$/, '');
        if (dynamic) {
          errors.push(
            detail(
              field,
              v.location.row,
              `accès calculé « ${v.toString()} » non permis : écrivez le nom complet`,
            ),
          );
          unknown = true;
        } else if (!allowed.has(name)) {
          errors.push(
            detail(field, v.location.row, `variable inconnue « ${name} » (variables disponibles : ${known})`),
          );
          unknown = true;
        }
      }
    }
    if (unknown) continue;
    try {
      await liquid.render(tpl, sample, { strictVariables: true });
    } catch (e) {
      const err = e as LiquidErrorLike;
      errors.push(detail(field, err.token?.getPosition?.()[0], frenchMessage(err.message)));
    }
  }
  return errors;
}
