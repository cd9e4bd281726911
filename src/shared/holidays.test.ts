import { describe, expect, it } from 'vitest';
import { easterSunday, holidayRegionOf, isPublicHoliday, publicHolidays } from './holidays.ts';

describe('easterSunday', () => {
  it('computes known Easter dates', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect(easterSunday(2038)).toBe('2038-04-25');
    // The extremes of the Gregorian range: 22 March and 25 April.
    expect(easterSunday(1818)).toBe('1818-03-22');
    expect(easterSunday(2285)).toBe('2285-03-22');
    expect(easterSunday(1943)).toBe('1943-04-25');
  });

  it('refuses years outside the Gregorian calendar', () => {
    expect(() => easterSunday(1500)).toThrow(RangeError);
    expect(() => easterSunday(2026.5)).toThrow(RangeError);
  });
});

describe('holidayRegionOf', () => {
  it('maps départements to holiday regions', () => {
    expect(holidayRegionOf('67')).toBe('alsace_moselle');
    expect(holidayRegionOf('68')).toBe('alsace_moselle');
    expect(holidayRegionOf('57')).toBe('alsace_moselle');
    expect(holidayRegionOf('54')).toBe('metropole');
    expect(holidayRegionOf('75')).toBe('metropole');
    expect(holidayRegionOf('2A')).toBe('metropole');
    expect(holidayRegionOf('971')).toBe('971');
    expect(holidayRegionOf('972')).toBe('972');
    expect(holidayRegionOf('973')).toBe('973');
    expect(holidayRegionOf('974')).toBe('974');
    expect(holidayRegionOf('976')).toBe('976');
    expect(holidayRegionOf(null)).toBe('metropole');
    expect(holidayRegionOf('')).toBe('metropole');
  });
});

describe('publicHolidays', () => {
  it('lists the eleven national holidays of 2026 in metropolitan France', () => {
    expect(publicHolidays(2026, 'metropole')).toEqual([
      { date: '2026-01-01', name: 'Jour de l’an' },
      { date: '2026-04-06', name: 'Lundi de Pâques' },
      { date: '2026-05-01', name: 'Fête du Travail' },
      { date: '2026-05-08', name: 'Victoire 1945' },
      { date: '2026-05-14', name: 'Ascension' },
      { date: '2026-05-25', name: 'Lundi de Pentecôte' },
      { date: '2026-07-14', name: 'Fête nationale' },
      { date: '2026-08-15', name: 'Assomption' },
      { date: '2026-11-01', name: 'Toussaint' },
      { date: '2026-11-11', name: 'Armistice 1918' },
      { date: '2026-12-25', name: 'Noël' },
    ]);
  });

  it('adds Good Friday and Saint-Étienne in Alsace-Moselle', () => {
    const list = publicHolidays(2026, 'alsace_moselle');
    expect(list).toHaveLength(13);
    expect(list.map((h) => h.date)).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-01',
      '2026-05-08',
      '2026-05-14',
      '2026-05-25',
      '2026-07-14',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
      '2026-12-26',
    ]);
    expect(list[1]).toEqual({ date: '2026-04-03', name: 'Vendredi saint' });
    expect(list[12]).toEqual({ date: '2026-12-26', name: 'Saint-Étienne' });
  });

  it('adds the abolition of slavery day in each overseas département', () => {
    const abolition = (region: Parameters<typeof publicHolidays>[1]) =>
      publicHolidays(2026, region).filter((h) => h.name === 'Abolition de l’esclavage');
    expect(abolition('971')).toEqual([{ date: '2026-05-27', name: 'Abolition de l’esclavage' }]);
    expect(abolition('972').map((h) => h.date)).toEqual(['2026-05-22']);
    expect(abolition('973').map((h) => h.date)).toEqual(['2026-06-10']);
    expect(abolition('974').map((h) => h.date)).toEqual(['2026-12-20']);
    expect(abolition('976').map((h) => h.date)).toEqual(['2026-04-27']);
    expect(abolition('metropole')).toEqual([]);
    expect(publicHolidays(2026, '974')).toHaveLength(12);
    expect(publicHolidays(2026, '974').some((h) => h.name === 'Vendredi saint')).toBe(false);
  });

  it('keeps one entry when two holidays fall on the same day (Ascension on 1 May 2008)', () => {
    const list = publicHolidays(2008, 'metropole');
    expect(list).toHaveLength(10);
    expect(list.find((h) => h.date === '2008-05-01')?.name).toBe('Fête du Travail, Ascension');
  });

  it('returns the same cached list for a year and region', () => {
    expect(publicHolidays(2031, 'metropole')).toBe(publicHolidays(2031, 'metropole'));
    expect(publicHolidays(2031, 'metropole')).not.toBe(publicHolidays(2031, 'alsace_moselle'));
  });
});

describe('isPublicHoliday', () => {
  it('names a holiday or returns null', () => {
    expect(isPublicHoliday('2026-07-14', 'metropole')).toBe('Fête nationale');
    expect(isPublicHoliday('2026-07-15', 'metropole')).toBeNull();
    expect(isPublicHoliday('2026-12-26', 'metropole')).toBeNull();
    expect(isPublicHoliday('2026-12-26', 'alsace_moselle')).toBe('Saint-Étienne');
    expect(isPublicHoliday('2027-03-26', 'alsace_moselle')).toBe('Vendredi saint');
    expect(isPublicHoliday('2027-03-29', 'metropole')).toBe('Lundi de Pâques');
    expect(isPublicHoliday('2026-12-20', '974')).toBe('Abolition de l’esclavage');
    expect(isPublicHoliday('2026-12-20', '971')).toBeNull();
  });

  it('refuses a malformed date', () => {
    expect(() => isPublicHoliday('14/07/2026', 'metropole')).toThrow(RangeError);
  });
});
