/**
 * French public holidays (jours fériés) for any year, by holiday region. Shared by the server (SLA
 * clocks) and the web app. Dates are calendar days (`YYYY-MM-DD`), meant as Europe/Paris days.
 *
 * Sources: Code du travail L3133-1 (the eleven national days), L3134-13 (Alsace-Moselle: Good Friday
 * and 26 December) and loi n° 83-550 / décret n° 83-1003 (abolition of slavery, one day per overseas
 * département). Whit Monday stays in the list: it is still a public holiday even where companies use it
 * as the « journée de solidarité ».
 */

export type HolidayRegion = 'metropole' | 'alsace_moselle' | '971' | '972' | '973' | '974' | '976';

export type PublicHoliday = { date: string; name: string };

export const holidayRegions: readonly HolidayRegion[] = [
  'metropole',
  'alsace_moselle',
  '971',
  '972',
  '973',
  '974',
  '976',
];

export const holidayRegionLabels: Record<HolidayRegion, string> = {
  metropole: 'Métropole',
  alsace_moselle: 'Alsace-Moselle',
  '971': 'Guadeloupe',
  '972': 'Martinique',
  '973': 'Guyane',
  '974': 'La Réunion',
  '976': 'Mayotte',
};

const alsaceMoselle = new Set(['57', '67', '68']);

/**
 * Abolition of slavery (décret n° 83-1003), a public holiday only in its overseas département. The
 * dates recall the local abolition (or, for Mayotte, the 1846 abolition there); Saint-Barthélemy and
 * Saint-Martin (postal codes 971xx) keep Guadeloupe's day here.
 */
const abolitionDay: Record<'971' | '972' | '973' | '974' | '976', string> = {
  '971': '05-27',
  '972': '05-22',
  '973': '06-10',
  '974': '12-20',
  '976': '04-27',
};

/** The holiday region of a département code (`'67'`, `'974'`, `'2A'`…); unknown or null → métropole. */
export function holidayRegionOf(department: string | null): HolidayRegion {
  if (!department) return 'metropole';
  const d = department.trim().toUpperCase();
  if (alsaceMoselle.has(d)) return 'alsace_moselle';
  if (d === '971' || d === '972' || d === '973' || d === '974' || d === '976') return d;
  return 'metropole';
}

/** Easter Sunday of a Gregorian year (anonymous Gregorian computus, a.k.a. Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  assertYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDay(Date.UTC(year, month - 1, day));
}

type YearHolidays = { list: readonly PublicHoliday[]; byDate: ReadonlyMap<string, string> };

const cache = new Map<string, YearHolidays>();

function holidaysOf(year: number, region: HolidayRegion): YearHolidays {
  const key = `${year}:${region}`;
  const hit = cache.get(key);
  if (hit) return hit;
  assertYear(year);
  const easter = Date.parse(`${easterSunday(year)}T00:00:00Z`);
  const fromEaster = (days: number) => isoDay(easter + days * 86_400_000);
  const y = String(year).padStart(4, '0');
  const list: PublicHoliday[] = [
    { date: `${y}-01-01`, name: 'Jour de l’an' },
    { date: fromEaster(1), name: 'Lundi de Pâques' },
    { date: `${y}-05-01`, name: 'Fête du Travail' },
    { date: `${y}-05-08`, name: 'Victoire 1945' },
    { date: fromEaster(39), name: 'Ascension' },
    { date: fromEaster(50), name: 'Lundi de Pentecôte' },
    { date: `${y}-07-14`, name: 'Fête nationale' },
    { date: `${y}-08-15`, name: 'Assomption' },
    { date: `${y}-11-01`, name: 'Toussaint' },
    { date: `${y}-11-11`, name: 'Armistice 1918' },
    { date: `${y}-12-25`, name: 'Noël' },
  ];
  if (region === 'alsace_moselle') {
    list.push(
      { date: fromEaster(-2), name: 'Vendredi saint' },
      { date: `${y}-12-26`, name: 'Saint-Étienne' },
    );
  } else if (region !== 'metropole') {
    list.push({ date: `${y}-${abolitionDay[region]}`, name: 'Abolition de l’esclavage' });
  }
  list.sort((p, q) => (p.date < q.date ? -1 : p.date > q.date ? 1 : 0));
  // Ascension can fall on 1 or 8 May (e.g. 2008: 1 May): keep one entry per day, both names.
  const byDate = new Map<string, string>();
  for (const h of list) byDate.set(h.date, byDate.has(h.date) ? `${byDate.get(h.date)}, ${h.name}` : h.name);
  const merged = Object.freeze(
    [...byDate].map(([date, name]) => Object.freeze({ date, name })),
  ) as readonly PublicHoliday[];
  const entry = { list: merged, byDate };
  cache.set(key, entry);
  return entry;
}

/** The public holidays of a year in a region, sorted by date (one entry per day). */
export function publicHolidays(year: number, region: HolidayRegion): readonly PublicHoliday[] {
  return holidaysOf(year, region).list;
}

/** The French name of the public holiday on `date` (`YYYY-MM-DD`) in `region`, or null on a normal day. */
export function isPublicHoliday(date: string, region: HolidayRegion): string | null {
  const year = Number(date.slice(0, 4));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || year < 1583) throw new RangeError(`Date invalide : ${date}`);
  return holidaysOf(year, region).byDate.get(date) ?? null;
}

function assertYear(year: number): void {
  // The computus is Gregorian; France adopted the Gregorian calendar in December 1582.
  if (!Number.isInteger(year) || year < 1583 || year > 9999) throw new RangeError(`Année invalide : ${year}`);
}

function isoDay(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 10);
}
