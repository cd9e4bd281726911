import type { Page } from 'playwright-core';
import {
  interventionKinds,
  interventionStatuses,
  absenceKinds,
  absenceStatuses,
  conflictKinds,
} from '../src/shared/interventions.ts';
import { notificationTypes } from '../src/shared/notification-types.ts';
import { actions, modules, roles, scopes } from '../src/shared/permissions.ts';
import {
  legalBases,
  geocodeStatuses,
  platformKinds,
  preferredChannels,
  weekdays,
} from '../src/shared/schemas/client-records.ts';
import { productCategories, productKinds, productUnits } from '../src/shared/schemas/catalogue.ts';
import { clientStatuses } from '../src/shared/schemas/clients.ts';
import { contractStatuses } from '../src/shared/schemas/contracts.ts';
import { mapLayers, technicianMapStatuses, ticketMapSlaStates } from '../src/shared/schemas/map.ts';
import { outboxStatuses } from '../src/shared/schemas/notifications.ts';
import { templateChannels } from '../src/shared/schemas/templates.ts';
import { certificationStates, technicianKinds } from '../src/shared/schemas/technicians.ts';
import { assignmentFactorKeys, messageVisibilities, ticketQueues } from '../src/shared/schemas/tickets.ts';
import { slaMetrics, slaStates, ticketChannels, ticketStatuses, ticketTypes } from '../src/shared/tickets.ts';

export type Problem = {
  /** `refused`: the page shows « Accès refusé »; `audit`: a new « Accès refusé » entry in the audit log. */
  kind: 'console' | 'http' | 'truncated' | 'code' | 'english' | 'refused' | 'audit';
  detail: string;
};

/** The single-word audit actions the server writes (`action` of `audit_log`); dotted ones are caught by their shape. */
const auditVerbs = [
  'approve',
  'auto_assign',
  'cancel',
  'deactivate',
  'import',
  'rating',
  'schedule',
  'status',
  'unschedule',
];

/** The codes of the API's enums, permissions, notifications and audit log: never shown as such. */
const apiCodes: string[] = [
  ...roles,
  ...modules,
  ...actions,
  ...scopes,
  ...ticketTypes,
  ...ticketStatuses,
  ...ticketChannels,
  ...ticketQueues,
  ...slaMetrics,
  ...slaStates,
  ...messageVisibilities,
  ...assignmentFactorKeys,
  ...interventionKinds,
  ...interventionStatuses,
  ...absenceKinds,
  ...absenceStatuses,
  ...conflictKinds,
  ...mapLayers,
  ...technicianMapStatuses,
  ...ticketMapSlaStates,
  ...outboxStatuses,
  ...geocodeStatuses,
  ...preferredChannels,
  ...legalBases,
  ...platformKinds,
  ...weekdays,
  ...templateChannels,
  ...contractStatuses,
  ...clientStatuses,
  ...certificationStates,
  ...technicianKinds,
  ...productKinds,
  ...productCategories,
  ...productUnits,
  ...Object.keys(notificationTypes),
  ...auditVerbs,
];
/** Codes that are also plain French (or a name the product shows as is): allowed in text. */
const frenchToo = new Set([
  'met', // « le logiciel met plusieurs minutes » (the SLA code `met` is never shown raw)
  'admin',
  'support',
  'commercial',
  'staging',
  'compta',
  'partenaire',
  'clients',
  'tickets',
  'planning',
  'interventions',
  'stock',
  'administration',
  'incident',
  'demande',
  'projet',
  'sav',
  'ouvert',
  'escalade',
  'clos',
  'email',
  'portail',
  'api',
  'ok',
  'installation',
  'maintenance',
  'audit',
  'maladie',
  'formation',
  'autre',
  'absence',
  'zone',
  'sites',
  'installations',
  'libre',
  'indisponible',
  'public',
  'actif',
  'ancien',
  'prospect',
  'expire',
  'terrain',
  'interne',
  'sms',
  'centrex',
  'ipbx',
  'distance',
  'sla',
  'stage',
  'mon',
  'tue',
  'import',
  'status',
  'adv',
  'service',
  'abonnement',
  'postes',
  'accessoires',
  'licences',
  'prestations',
  'heure',
  'jour',
  'forfait',
  'licence',
  'canal',
]);
/** English words of a user interface (and what a bad value prints): never shown to a French user. */
const englishWords = [
  'Save',
  'Cancel',
  'Delete',
  'Edit',
  'Loading',
  'Submit',
  'Search',
  'Close',
  'Next',
  'Previous',
  'Back',
  'Settings',
  'Error',
  'Success',
  'Warning',
  'Yes',
  'Name',
  'Status',
  'Priority',
  'Assigned',
  'Unassigned',
  'Nothing found',
  'No results',
  'No data',
  'Select',
  'Clear',
  'Today',
  'Tomorrow',
  'Yesterday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
  'January',
  'February',
  'April',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
  'Sign in',
  'Log in',
  'Login',
  'Logout',
  'Password',
  'Username',
  'Add',
  'Remove',
  'Update',
  'Create',
  'Confirm',
  'Open',
  'Closed',
  'Pending',
  'Unknown',
  'Show more',
  'Load more',
  'Invalid Date',
  'Invalid date',
  'undefined',
  'null',
  'NaN',
  'true',
  'false',
  '[object Object]',
  'Something went wrong',
  'Show Error',
  'Infinity',
];

const boundary = (w: string) =>
  new RegExp(`(?<![\\p{L}\\d_.@/-])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\d_@/-])`, 'u');
export const textCodes = [...new Set(apiCodes)].filter((c) => !frenchToo.has(c));
const codeRes = textCodes.map((c) => [c, boundary(c)] as const);
const englishRes = englishWords.map((w) => [w, boundary(w)] as const);
/** Any lowercase snake_case or dotted code (`in_progress`, `ticket.escalated`), but not an address or a file. */
const codeShape = /(?<![\p{L}\d@._/-])[a-z]+(?:[._][a-z]+)+(?![\p{L}\d@_/-])/gu;
const notCode = /\.(fr|com|test|net|org|eu|io|pdf|jpe?g|png|webp|csv|txt|xlsx?|docx?|json|html)$/;
const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** The raw codes and English in a page's visible text (lines of it). */
export function textProblems(text: string): Problem[] {
  const out: Problem[] = [];
  for (const line of text.split('\n')) {
    // The variables of a message template (`{{ user.name }}`) are what the admin types: shown as such.
    const l = line.replace(/\{\{[^}]*\}\}/g, '{{}}').trim();
    if (!l) continue;
    const codes = new Set<string>();
    for (const [c, re] of codeRes) if (re.test(l)) codes.add(c);
    for (const m of l.matchAll(codeShape)) if (!notCode.test(m[0])) codes.add(m[0]);
    if (uuid.test(l)) codes.add('UUID');
    if (l.includes('{"')) codes.add('JSON');
    for (const c of codes) out.push({ kind: 'code', detail: `« ${c} » in « ${l.slice(0, 120)} »` });
    for (const [w, re] of englishRes)
      if (re.test(l)) out.push({ kind: 'english', detail: `« ${w} » in « ${l.slice(0, 120)} »` });
  }
  return out;
}

/**
 * Elements whose text is cut by their box: a clipped or ellipsed overflow, or a line clamp,
 * narrower (or shorter) than their content.
 */
async function truncated(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      if (el.closest('.leaflet-container, [aria-hidden="true"]')) continue;
      const cs = getComputedStyle(el);
      const clipX = cs.textOverflow === 'ellipsis' || cs.overflowX === 'hidden' || cs.overflowX === 'clip';
      const clamp = cs.webkitLineClamp !== 'none' && cs.webkitLineClamp !== '';
      if (!clipX && !clamp) continue;
      if (cs.visibility === 'hidden' || el.getClientRects().length === 0) continue;
      // Screen-reader-only text is meant to be hidden.
      if (el.clientWidth <= 1 || el.clientHeight <= 1) continue;
      const text = el.innerText?.trim();
      if (!text) continue;
      const cutX = clipX && el.scrollWidth > el.clientWidth + 1;
      const cutY = clamp && el.scrollHeight > el.clientHeight + 1;
      if (!cutX && !cutY) continue;
      // Report the innermost box only.
      const inner = [...el.querySelectorAll<HTMLElement>('*')].some((c) => {
        const s = getComputedStyle(c);
        return (
          (s.textOverflow === 'ellipsis' || s.overflowX === 'hidden') &&
          c.scrollWidth > c.clientWidth + 1 &&
          c.innerText?.trim()
        );
      });
      if (inner) continue;
      // Named by its Mantine part (`mantine-Badge-label`) when it has one.
      const classes = typeof el.className === 'string' ? el.className.split(' ') : [];
      const part = classes.find((c) => /^mantine-[A-Z]/.test(c)) ?? classes[0] ?? '';
      const size = cutX
        ? `${el.scrollWidth}>${el.clientWidth} px wide`
        : `${el.scrollHeight}>${el.clientHeight} px high`;
      out.push(`${el.tagName.toLowerCase()}.${part} « ${text.replace(/\s+/g, ' ').slice(0, 60)} » ${size}`);
    }
    // A field's value or placeholder wider than the field (« Tous les chargés de com »), measured in
    // its font: a placeholder does not count in the field's scroll width.
    const ctx = document.createElement('canvas').getContext('2d')!;
    const fields = document.querySelectorAll<HTMLInputElement>(
      'input:not([type]), input[type=text], input[type=search]',
    );
    for (const el of fields) {
      const text = el.value || el.placeholder;
      if (!text || el.getClientRects().length === 0 || el.clientWidth <= 1) continue;
      const cs = getComputedStyle(el);
      ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const room = el.clientWidth - Number.parseFloat(cs.paddingLeft) - Number.parseFloat(cs.paddingRight);
      const width = Math.ceil(ctx.measureText(text).width);
      if (width > room + 1) out.push(`input « ${text.slice(0, 60)} » ${width}>${Math.floor(room)} px wide`);
    }
    return out;
  });
}

/** What the page shows wrong: truncated text, raw codes, English. */
export async function pageProblems(page: Page): Promise<Problem[]> {
  const text = await page.evaluate(() => {
    const placeholders = [
      ...document.querySelectorAll<HTMLInputElement>('input[placeholder], textarea[placeholder]'),
    ]
      .filter((i) => i.getClientRects().length > 0)
      .map((i) => i.placeholder);
    return [document.body.innerText, ...placeholders].join('\n');
  });
  return [
    ...(await truncated(page)).map((detail) => ({ kind: 'truncated' as const, detail })),
    ...textProblems(text),
  ];
}
