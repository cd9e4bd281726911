import {
  isKnownNafCode,
  type LegalFormCode,
  legalFormLabel,
  nafLabel,
  normalizeNafCode,
} from '../../../shared/client-identity.ts';
import type { CompanyCandidateOut, CompanyLookupOut } from '../../../shared/schemas/clients.ts';

/**
 * Company lookup in the public « Recherche d'entreprises » API (issue 15 item 5):
 * `GET {COMPANY_LOOKUP_URL}/search?q=<siret|siren|name>&page=1&per_page=5`. It only proposes values
 * for the create form; nothing is stored. Off (`COMPANY_LOOKUP_URL=off`) → `enabled: false`;
 * unreachable, slow (3 s) or failing → an empty list with a French note, never an error.
 */
const timeoutMs = 3_000;
const perPage = 5;

type Establishment = {
  siret?: string | null;
  adresse?: string | null;
  code_postal?: string | null;
  libelle_commune?: string | null;
  activite_principale?: string | null;
};
type Company = {
  siren?: string | null;
  nom_complet?: string | null;
  nom_raison_sociale?: string | null;
  nature_juridique?: string | null;
  activite_principale?: string | null;
  siege?: Establishment | null;
  matching_etablissements?: Establishment[] | null;
};

/** INSEE « catégorie juridique » (4 digits) → the Relais legal form, when one fits. */
export function legalFormOfInseeCategory(code: string | null | undefined): LegalFormCode | null {
  if (!code || !/^\d{4}$/.test(code)) return null;
  const exact: Record<string, LegalFormCode> = {
    '1000': 'EI',
    '5498': 'EURL',
    '5485': 'SELARL',
    '5710': 'SAS',
    '5720': 'SASU',
    '5785': 'SELAS',
    '5202': 'SNC',
    '6540': 'SCI',
    '6541': 'SCI',
    '6542': 'SCI',
    '6589': 'SCM',
    '6220': 'GIE',
  };
  if (exact[code]) return exact[code];
  const two = code.slice(0, 2);
  if (two === '54') return 'SARL';
  if (two === '55' || two === '56') return 'SA';
  if (two === '92') return 'ASSO';
  if (two === '72') return 'COLL';
  if (two === '73' || two === '41') return 'EP';
  return null;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** The street part of « 12 RUE DE LA PAIX 75002 PARIS 2 » (the API gives the whole address on one line). */
function streetOf(e: Establishment): string | null {
  const full = text(e.adresse);
  if (!full) return null;
  const cp = text(e.code_postal);
  const at = cp ? full.lastIndexOf(` ${cp}`) : -1;
  return text(at > 0 ? full.slice(0, at) : full);
}

export function toCandidate(c: Company, q: string): CompanyCandidateOut | null {
  const name = text(c.nom_raison_sociale) ?? text(c.nom_complet);
  if (!name) return null;
  const digits = q.replace(/\s/g, '');
  // A SIRET typed: the establishment it names, else the head office.
  const est =
    (/^\d{14}$/.test(digits) ? c.matching_etablissements?.find((e) => e.siret === digits) : undefined) ??
    c.siege ??
    {};
  const rawNaf = text(c.activite_principale) ?? text(est.activite_principale);
  const naf = rawNaf ? normalizeNafCode(rawNaf) : null;
  const nafCode = naf && isKnownNafCode(naf) ? naf : null;
  const category = text(c.nature_juridique);
  const legalForm = legalFormOfInseeCategory(category);
  return {
    name,
    siren: text(c.siren),
    siret: text(est.siret),
    addressLine: streetOf(est),
    postalCode: text(est.code_postal),
    city: text(est.libelle_commune),
    nafCode,
    nafLabel: nafLabel(nafCode),
    legalForm,
    legalFormLabel: legalForm
      ? legalFormLabel(legalForm)
      : category
        ? `Catégorie juridique INSEE ${category}`
        : null,
  };
}

export async function lookupCompanies(
  baseUrl: string | null,
  q: string | undefined,
): Promise<CompanyLookupOut> {
  if (!baseUrl) {
    return { enabled: false, items: [], note: 'La recherche d’entreprises est désactivée sur ce serveur.' };
  }
  const query = q?.trim() ?? '';
  if (query.length < 3) {
    return { enabled: true, items: [], note: query ? 'Saisissez au moins 3 caractères.' : null };
  }
  const url = new URL('search', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  url.searchParams.set('q', /^[\d\s]+$/.test(query) ? query.replace(/\s/g, '') : query);
  url.searchParams.set('page', '1');
  url.searchParams.set('per_page', String(perPage));
  const unreachable = {
    enabled: true,
    items: [],
    note: 'Le répertoire des entreprises ne répond pas : saisissez les informations à la main.',
  };
  let body: { results?: Company[] };
  try {
    const res = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: 'application/json' },
    });
    if (!res.ok) return unreachable;
    body = (await res.json()) as { results?: Company[] };
  } catch {
    return unreachable;
  }
  const items = (Array.isArray(body?.results) ? body.results : [])
    .slice(0, perPage)
    .map((c) => (c && typeof c === 'object' ? toCandidate(c, query) : null))
    .filter((c): c is CompanyCandidateOut => c !== null);
  return { enabled: true, items, note: items.length ? null : 'Aucune entreprise trouvée.' };
}
