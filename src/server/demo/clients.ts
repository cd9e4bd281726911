/**
 * The demo's clients as rows, before they are inserted: each one's sector gives its name, NAF code,
 * legal form, sites and contacts' job titles; its owner gives its region (partner A the west,
 * partner B the south-east, Relais's direct clients the rest), which gives its towns, and each
 * town its telephone prefix. Pure: the same draws give the same rows.
 */
import { frenchVatFromSiren } from '../../shared/client-identity.ts';
import { departmentOf } from '../../shared/geo.ts';
import { mondayToFriday, sameHoursOn, standardWorkingHours } from '../../shared/schemas/client-records.ts';
import { withLuhnKey } from '../../shared/schemas/common.ts';
import { toE164 } from '../../shared/sms.ts';
import type { OpeningHours } from '../db/schema/clients.ts';
import type { clients, contacts, numberRanges, sites, telephonyPlatforms } from '../db/schema/index.ts';
import {
  type Area,
  clientNames,
  jobTitles,
  type Kind,
  lastNames,
  nameParts,
  nearbyTowns,
  ofTown,
  people,
  segments,
  segmentWeights,
  siteNames,
  sizeBandsByKind,
  slug,
  streetNames,
  tagsByKind,
  type Town,
  townsOf,
} from './data.ts';

type Rnd = { next(): number; int(min: number, max: number): number; pick<T>(list: readonly T[]): T };
/** A row whose client (and site, platform) is named by its index until the ids exist. */
type Of<T, K extends string> = Omit<T, 'clientId' | 'siteId' | 'platformId'> & Record<K, number>;

export type DemoClientRows = {
  clientRows: (typeof clients.$inferInsert)[];
  siteRows: Of<typeof sites.$inferInsert, 'client'>[];
  contactRows: Of<typeof contacts.$inferInsert, 'client'>[];
  platformRows: Of<typeof telephonyPlatforms.$inferInsert, 'client' | 'site'>[];
  rangeRows: Of<typeof numberRanges.$inferInsert, 'client' | 'platform'>[];
};

/** « 02 40 » and four more digits that never start with 9 (the SDA ranges' block): a landline there. */
const landline = (rnd: Rnd, town: Town) =>
  `${town.phonePrefix} ${rnd.int(10, 89)} ${rnd.int(10, 99)} ${rnd.int(10, 99)}`;
const pairs = (n: number) => String(n % 100).padStart(2, '0');

/**
 * `count` clients: 2 in 5 of partner A, 1 in 5 of partner B, the others direct; half of them with a
 * telephony platform on their main site and its SDA ranges.
 */
export function demoClients(
  rnd: Rnd,
  count: number,
  ids: { partnerIds: { A: string; B: string }; segmentIds: Map<string, string>; managerId: string | null },
): DemoClientRows {
  const rows: DemoClientRows = {
    clientRows: [],
    siteRows: [],
    contactRows: [],
    platformRows: [],
    rangeRows: [],
  };
  const weighted = segments.flatMap((s) => Array.from({ length: segmentWeights[s.kind] }, () => s));
  const usedNames = new Set<string>();
  for (let i = 0; i < count; i++) {
    const owner = i % 5 === 0 || i % 5 === 1 ? 'A' : i % 5 === 2 ? 'B' : null;
    const area: Area = owner === 'A' ? 'ouest' : owner === 'B' ? 'sud-est' : 'direct';
    const segment = rnd.pick(weighted);
    const kind = segment.kind;
    const town = rnd.pick(townsOf(area));
    const { name, naf } = clientName(rnd, kind, town, usedNames);
    const siren = withLuhnKey(String(rnd.int(10_000_000, 99_999_999)));
    const phone = landline(rnd, town);
    rows.clientRows.push({
      name,
      siren,
      siret: withLuhnKey(siren + String(rnd.int(1, 999)).padStart(4, '0')),
      vatNumber: frenchVatFromSiren(siren),
      nafCode: naf,
      legalForm: segment.legalForms[i % segment.legalForms.length]!,
      segmentId: ids.segmentIds.get(segment.label)!,
      sizeBand: sizeBandsByKind[kind][i % sizeBandsByKind[kind].length]!,
      tags: tagsByKind[kind][i % tagsByKind[kind].length]!,
      status: rnd.next() < 0.75 ? 'actif' : rnd.next() < 0.5 ? 'prospect' : 'ancien',
      partnerId: owner ? ids.partnerIds[owner] : null,
      accountManagerId: ids.managerId,
      email: `contact@${slug(name).slice(0, 30)}.test`,
      phone,
      phoneE164: toE164(phone),
      postalCode: town.postalCode,
      department: town.department,
      city: town.name,
    });
    const firstSite = rows.siteRows.length;
    const siteTowns = [town, ...otherSiteTowns(rnd, kind, town)];
    for (const [s, at] of siteTowns.entries()) {
      const n = rows.siteRows.length;
      rows.siteRows.push({
        client: i,
        name: s === 0 ? siteNames[kind].main : `${siteNames[kind].other} ${ofTown(at.name)}`,
        addressLine: `${rnd.int(1, 120)} ${rnd.pick(streetNames)}`,
        postalCode: at.postalCode,
        city: at.name,
        latitude: Math.round((at.lat + (rnd.next() - 0.5) * 0.02) * 1e6) / 1e6,
        longitude: Math.round((at.lng + (rnd.next() - 0.5) * 0.03) * 1e6) / 1e6,
        ...siteExtras(n, kind, at),
      });
    }
    const contactCount = rnd.int(1, 3);
    for (let k = 0; k < contactCount; k++) {
      const person = rnd.pick(people);
      const lastName = rnd.pick(lastNames);
      const titles =
        k === 0 ? jobTitles[kind].head : jobTitles[kind].others[(k - 1 + i) % jobTitles[kind].others.length]!;
      const direct = landline(rnd, town);
      rows.contactRows.push({
        client: i,
        firstName: person.firstName,
        lastName,
        jobTitle: titles[person.female ? 1 : 0],
        email: `${slug(person.firstName)}.${slug(lastName)}@${slug(name).slice(0, 24)}.test`,
        phone: direct,
        ...contactExtras(rows.contactRows.length, direct),
      });
    }
    if (i % 2 === 0) addPlatform(rows, i, firstSite, siteTowns);
  }
  return rows;
}

/**
 * A name of the sector not taken yet: a pattern filled with a surname or place name; when taken,
 * another one, and at last the same with the client's town after it.
 */
function clientName(rnd: Rnd, kind: Kind, town: Town, used: Set<string>): { name: string; naf: string } {
  const { pattern, naf } = rnd.pick(clientNames[kind]);
  const part = pattern.includes('{nom}') ? 'nom' : 'lieu';
  const values = nameParts[part];
  const first = Math.floor(rnd.next() * values.length);
  const fill = (k: number) => pattern.replace(`{${part}}`, values[(first + k) % values.length]!);
  // Pharmacies share the common names (« Pharmacie de la Gare »): the town tells them apart.
  const tries = kind === 'pharmacie' ? 1 : values.length;
  for (let k = 0; k < tries; k++) {
    if (!used.has(fill(k))) return { name: take(used, fill(k)), naf };
  }
  const inTown = `${fill(0)} ${town.name}`;
  return { name: take(used, used.has(inTown) ? `${inTown} ${used.size}` : inTown), naf };
}

const take = (used: Set<string>, name: string) => {
  used.add(name);
  return name;
};

/** A pharmacy has one site; two clients in five of the other sectors have one or two more nearby. */
function otherSiteTowns(rnd: Rnd, kind: Kind, town: Town): Town[] {
  if (kind === 'pharmacie' || rnd.next() < 0.6) return [];
  const near = nearbyTowns(town);
  const wanted = Math.min(rnd.int(1, 2), near.length);
  const out: Town[] = [];
  while (out.length < wanted) {
    const t = rnd.pick(near);
    if (!out.includes(t)) out.push(t);
  }
  return out;
}

const platforms: {
  kind: string;
  provider: string;
  tenantPrefix: string;
  adminUrl: string;
  notes: string | null;
}[] = [
  {
    kind: 'centrex',
    provider: 'Centrex Relais',
    tenantPrefix: 'CTX',
    adminUrl: 'https://centrex.relais.test/admin',
    notes: 'Standard avec serveur vocal et file d’attente.',
  },
  {
    kind: 'ipbx',
    provider: '3CX',
    tenantPrefix: 'PBX',
    adminUrl: 'https://pbx.relais.test/#/app/dashboard',
    notes: 'IPBX hébergé ; identifiants dans le coffre-fort.',
  },
  {
    kind: 'sip_trunk',
    provider: 'Trunk SIP Relais',
    tenantPrefix: 'SIP',
    adminUrl: 'https://sip.relais.test/',
    notes: null,
  },
  {
    kind: 'teams',
    provider: 'Microsoft Teams (Operator Connect)',
    tenantPrefix: 'TMS',
    adminUrl: 'https://admin.teams.microsoft.com/',
    notes: null,
  },
];

/**
 * Client `i`'s platform on its main site, with a range of 100 numbers of its town (« 02 40 9iii 00 »
 * to « … 99 ») and, one client in four with a second site, a range of that site's town (« … 8iii … »).
 */
function addPlatform(rows: DemoClientRows, i: number, mainSite: number, siteTowns: Town[]) {
  const p = platforms[(i / 2) % platforms.length]!;
  const platform = rows.platformRows.length;
  rows.platformRows.push({
    client: i,
    site: mainSite,
    kind: p.kind,
    provider: p.provider,
    tenantId: `${p.tenantPrefix}-${String(10_400 + i)}`,
    adminUrl: p.adminUrl,
    notes: p.notes,
  });
  const block = String(i % 1000).padStart(3, '0');
  const ranges: [Town, string, string][] = [[siteTowns[0]!, '9', 'Standard et postes']];
  if (i % 4 === 0 && siteTowns[1]) ranges.push([siteTowns[1], '8', `Numéros ${siteTowns[1].name}`]);
  for (const [town, lead, label] of ranges) {
    const start = Number(`33${town.phonePrefix.replace(/\D/g, '').slice(1)}${lead}${block}00`);
    rows.rangeRows.push({
      client: i,
      platform,
      startE164: `+${start}`,
      endE164: `+${start + 99}`,
      startNum: start,
      endNum: start + 99,
      label,
    });
  }
}

const officeHours: OpeningHours[] = [
  {
    ...sameHoursOn(['mon', 'tue', 'wed', 'thu'], [['09:00', '18:00']]),
    fri: [['09:00', '17:00']],
    note: 'Fermé la 2e quinzaine d’août.',
  },
  { ...sameHoursOn(['mon', 'tue', 'thu'], standardWorkingHours.mon!), fri: [['08:00', '12:00']] },
];
const pharmacyHours: OpeningHours = {
  ...sameHoursOn(mondayToFriday, [
    ['08:30', '12:30'],
    ['14:00', '19:30'],
  ]),
  sat: [['09:00', '12:30']],
};
const accessNotes = [
  'Entrée par la cour, code portail 4512B. Baie de brassage au sous-sol.',
  'Se présenter à l’accueil, badge visiteur obligatoire.',
  '2e étage sans ascenseur. Interphone « Direction ».',
  null,
  'Parking visiteurs à l’arrière du bâtiment. Local technique derrière la réserve.',
];

/** Hours (by sector), access instructions, département, geocoding state and phone of site number `n`. */
function siteExtras(n: number, kind: Kind, town: Town): Partial<typeof sites.$inferInsert> {
  const phone = `${town.phonePrefix} ${pairs(10 + (n % 80))} ${pairs(20 + (n % 80))} ${pairs(n)}`;
  return {
    department: departmentOf(town.postalCode),
    geocodeStatus: 'ok',
    geocodeScore: 0.82 + (n % 17) / 100,
    geocodedAt: new Date('2026-01-05T09:00:00Z'),
    openingHours: kind === 'pharmacie' ? pharmacyHours : officeHours[n % officeHours.length]!,
    accessInstructions: accessNotes[n % accessNotes.length] ?? null,
    phone: n % 3 === 0 ? phone : null,
    phoneE164: n % 3 === 0 ? toE164(phone) : null,
  };
}

/** E.164 twins, mobile, preferred channel and GDPR basis of contact number `n`. */
function contactExtras(n: number, phone: string): Partial<typeof contacts.$inferInsert> {
  const mobile =
    n % 2 === 0 ? `0${6 + (n % 4 === 0 ? 1 : 0)} ${pairs(10 + (n % 90))} 45 ${pairs(n)} 12` : null;
  const basis = (['contract', 'legitimate_interest', 'consent'] as const)[n % 3]!;
  return {
    phoneE164: toE164(phone),
    mobile,
    mobileE164: mobile ? toE164(mobile) : null,
    preferredChannel: (['email', 'phone', 'sms'] as const)[n % 3]!,
    legalBasis: basis,
    consentAt: basis === 'consent' ? new Date('2025-09-15T10:00:00Z') : null,
  };
}
