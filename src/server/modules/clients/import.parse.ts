import type { z } from 'zod';
import { frenchVatFromSiren, legalForms, sizeBands } from '../../../shared/client-identity.ts';
import {
  type clientImportBody,
  type ImportField,
  type ImportMapping,
  importFieldKeys,
  importFieldsOf,
} from '../../../shared/schemas/client-import.ts';
import { email as emailSchema } from '../../../shared/schemas/auth.ts';
import { isValidSiren, isValidSiret } from '../../../shared/schemas/common.ts';
import { clientBody } from '../../../shared/schemas/clients.ts';
import { departmentOf } from '../../../shared/geo.ts';
import { toE164 } from '../../../shared/sms.ts';
import type { clients, contacts, sites } from '../../db/schema/index.ts';

/**
 * The CSV side of the client import, without a database: decoding (UTF-8 or Windows-1252), the
 * separator, the column mapping guessed from French or English headers, and one line turned into
 * the client, site and contact to write, or French errors by field.
 */

export type ImportBody = z.infer<typeof clientImportBody>;
type ClientValues = typeof clients.$inferInsert;
type SiteValues = Omit<typeof sites.$inferInsert, 'clientId'>;
type ContactValues = Omit<typeof contacts.$inferInsert, 'clientId'>;

/** Lower case, no accents, words separated by one space: how headers and labels are compared. */
export const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** UTF-8 when the bytes are valid UTF-8 (BOM removed), Windows-1252 otherwise (Excel's French default). */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: 'UTF-8' | 'Windows-1252' } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.replace(/^\uFEFF/, ''), encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'Windows-1252' };
  }
}

/** `;` or `,`: whichever appears more often outside quotes in the header line. */
export function detectSeparator(text: string): ';' | ',' {
  let semi = 0;
  let comma = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ';') semi++;
    else if (!quoted && ch === ',') comma++;
  }
  return comma > semi ? ',' : ';';
}

/** The field a French (or English) header most likely means, or null. */
export function guessField(header: string): ImportField | null {
  const h = fold(header);
  const has = (...w: string[]) => w.some((x) => ` ${h} `.includes(` ${x} `) || h.includes(x));
  const word = (...w: string[]) => w.some((x) => ` ${h} `.includes(` ${x} `));
  if (has('contact') || has('prenom')) {
    if (has('prenom')) return 'contactFirstName';
    if (has('mobile', 'portable')) return 'contactMobile';
    if (has('mail', 'courriel')) return 'contactEmail';
    if (word('tel') || has('telephone', 'phone')) return 'contactPhone';
    if (has('fonction', 'poste', 'role')) return 'contactJobTitle';
    return 'contactLastName';
  }
  if (has('mobile', 'portable')) return 'contactMobile';
  if (has('fonction')) return 'contactJobTitle';
  if (has('site', 'adresse')) {
    if (has('code postal') || word('cp')) return 'sitePostalCode';
    if (has('ville', 'commune')) return 'siteCity';
    if (word('tel') || has('telephone', 'phone')) return 'sitePhone';
    if (has('adresse', 'rue', 'voie')) return 'siteAddress';
    return 'siteName';
  }
  if (
    has('raison sociale', 'denomination', 'societe', 'entreprise', 'company') ||
    h === 'nom' ||
    h === 'client'
  )
    return 'name';
  if (h.startsWith('nom') && !has('contact')) return 'name';
  if (has('siret')) return 'siret';
  if (has('siren')) return 'siren';
  if (word('tva') || has('vat')) return 'vatNumber';
  if (word('naf', 'ape')) return 'nafCode';
  if (has('forme juridique')) return 'legalForm';
  if (has('segment') || h === 'type') return 'segment';
  if (has('effectif')) return 'sizeBand';
  if (has('statut', 'status')) return 'status';
  if (has('etiquette', 'tags')) return 'tags';
  if (has('mail', 'courriel')) return 'email';
  if (word('tel') || has('telephone', 'phone')) return 'phone';
  if (has('code postal') || word('cp')) return 'postalCode';
  if (has('ville', 'commune')) return 'city';
  return null;
}

export function guessMapping(headers: string[]): ImportMapping {
  const m: ImportMapping = {};
  headers.forEach((h, i) => {
    const f = guessField(h);
    if (f && m[f] === undefined) m[f] = i;
  });
  return m;
}

const statusByWord: Record<string, 'prospect' | 'actif' | 'ancien'> = {
  prospect: 'prospect',
  actif: 'actif',
  active: 'actif',
  client: 'actif',
  ancien: 'ancien',
  ancienne: 'ancien',
  inactif: 'ancien',
};

export type Prepared = {
  line: number;
  name: string;
  errors: { field: string; message: string }[];
  client?: ClientValues;
  site?: SiteValues;
  contact?: ContactValues;
  phones: (string | null)[];
  emails: (string | null)[];
};

/** One CSV line → the rows to write, or French errors by field. Nothing touches the database. */
export function prepareLine(
  line: number,
  get: (f: ImportField) => string,
  segments: Map<string, string>,
  partnerId: string | null,
): Prepared {
  const errors: Prepared['errors'] = [];
  const err = (field: ImportField, message: string) => {
    if (!errors.some((e) => e.field === field)) errors.push({ field, message });
  };
  const opt = (f: ImportField) => get(f) || undefined;

  let legalForm: string | undefined;
  const lf = get('legalForm');
  if (lf) {
    const f = fold(lf);
    legalForm =
      legalForms.find((x) => fold(x.code) === f || fold(x.label) === f || fold(x.label).startsWith(`${f} `))
        ?.code ?? undefined;
    if (!legalForm) err('legalForm', `Forme juridique inconnue : « ${lf} ».`);
  }
  let sizeBand: string | undefined;
  const sb = get('sizeBand');
  if (sb) {
    const f = fold(sb);
    sizeBand = sizeBands.find((x) => fold(x.code) === f || fold(x.label) === f)?.code;
    if (!sizeBand) err('sizeBand', `Tranche d’effectif inconnue : « ${sb} ».`);
  }
  let status: string | undefined;
  const st = get('status');
  if (st) {
    status = statusByWord[fold(st)];
    if (!status) err('status', `Statut inconnu : « ${st} » (attendu Prospect, Actif ou Ancien).`);
  }
  let segmentId: string | undefined;
  const seg = get('segment');
  if (seg) {
    segmentId = segments.get(seg.trim().toLowerCase());
    if (!segmentId) err('segment', `Segment inconnu : « ${seg} ».`);
  }
  const siretRaw = get('siret').replace(/\s/g, '');
  const derived = siretRaw.length === 14 && isValidSiret(siretRaw) ? siretRaw.slice(0, 9) : '';
  const sirenRaw = get('siren').replace(/\s/g, '') || (isValidSiren(derived) ? derived : '');
  const tagsRaw = get('tags');
  const parsed = clientBody.safeParse({
    name: get('name'),
    siren: sirenRaw || undefined,
    siret: siretRaw || undefined,
    vatNumber: opt('vatNumber'),
    nafCode: opt('nafCode'),
    tags: tagsRaw
      ? tagsRaw
          .split(/[|,]/)
          .map((t) => t.trim())
          .filter(Boolean)
      : undefined,
    email: opt('email'),
    phone: opt('phone'),
    postalCode: opt('postalCode'),
    city: opt('city'),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'name');
      const field = (importFieldKeys as readonly string[]).includes(key) ? (key as ImportField) : 'name';
      err(field, field === 'name' && !get('name') ? 'Raison sociale manquante.' : issue.message);
    }
  }
  const phone = get('phone');
  const phoneE164 = phone ? toE164(phone) : null;
  if (phone && !phoneE164) err('phone', `Téléphone invalide : « ${phone} ».`);
  const v = parsed.success ? parsed.data : null;
  if (v?.siren && v.siret && !v.siret.startsWith(v.siren)) {
    err('siret', 'Le SIRET doit commencer par le SIREN du client.');
  }
  if (v?.siren && v.vatNumber?.startsWith('FR') && v.vatNumber.slice(4) !== v.siren) {
    err('vatNumber', `Le numéro de TVA ne correspond pas au SIREN (attendu ${frenchVatFromSiren(v.siren)}).`);
  }

  // First site: when any of its columns is filled.
  let site: SiteValues | undefined;
  const siteCols = importFieldsOf('site');
  if (siteCols.some((c) => get(c))) {
    const pc = get('sitePostalCode');
    if (pc && !/^\d{5}$/.test(pc)) err('sitePostalCode', 'Code postal du site : 5 chiffres.');
    const sp = get('sitePhone');
    const spE164 = sp ? toE164(sp) : null;
    if (sp && !spE164) err('sitePhone', `Téléphone du site invalide : « ${sp} ».`);
    site = {
      name: get('siteName') || get('siteCity') || 'Siège',
      addressLine: get('siteAddress') || null,
      postalCode: pc || null,
      city: get('siteCity') || null,
      department: departmentOf(pc),
      phone: sp || null,
      phoneE164: spE164,
    };
  }
  // First contact: when any of its columns is filled; the last name is then required.
  let contact: ContactValues | undefined;
  const contactCols = importFieldsOf('contact');
  if (contactCols.some((c) => get(c))) {
    if (!get('contactLastName')) err('contactLastName', 'Nom du contact manquant.');
    const ce = get('contactEmail');
    const ceOk = ce ? emailSchema.safeParse(ce) : null;
    if (ceOk && !ceOk.success) err('contactEmail', `E-mail du contact invalide : « ${ce} ».`);
    const cp = get('contactPhone');
    const cpE164 = cp ? toE164(cp) : null;
    if (cp && !cpE164) err('contactPhone', `Téléphone du contact invalide : « ${cp} ».`);
    const cm = get('contactMobile');
    const cmE164 = cm ? toE164(cm) : null;
    if (cm && !cmE164) err('contactMobile', `Mobile du contact invalide : « ${cm} ».`);
    contact = {
      firstName: get('contactFirstName'),
      lastName: get('contactLastName'),
      jobTitle: get('contactJobTitle') || null,
      email: ceOk?.success ? ceOk.data : null,
      phone: cp || null,
      phoneE164: cpE164,
      mobile: cm || null,
      mobileE164: cmE164,
    };
  }
  const prepared: Prepared = {
    line,
    name: get('name'),
    errors,
    phones: [phoneE164, site?.phoneE164 ?? null, contact?.phoneE164 ?? null, contact?.mobileE164 ?? null],
    emails: [v?.email ?? null, contact?.email ?? null],
  };
  if (errors.length || !v) return prepared;
  prepared.client = {
    name: v.name,
    siren: v.siren ?? null,
    siret: v.siret ?? null,
    vatNumber: v.vatNumber ?? null,
    nafCode: v.nafCode ?? null,
    legalForm: legalForm ?? null,
    segmentId: segmentId ?? null,
    sizeBand: sizeBand ?? null,
    tags: v.tags ?? [],
    status: status ?? 'prospect',
    partnerId,
    email: v.email ?? null,
    phone: v.phone ?? null,
    phoneE164,
    postalCode: v.postalCode ?? null,
    department: departmentOf(v.postalCode),
    city: v.city ?? null,
  };
  if (site) prepared.site = site;
  if (contact) prepared.contact = contact;
  return prepared;
}
