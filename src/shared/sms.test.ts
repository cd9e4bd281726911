import { describe, expect, it } from 'vitest';
import { nonGsmCharacters, smsLength, toE164 } from './sms.ts';

describe('toE164', () => {
  it.each([
    ['06 12 34 56 78', '+33612345678'],
    ['0612345678', '+33612345678'],
    ['06.12.34.56.78', '+33612345678'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['+33 (0)6 12 34 56 78', '+33612345678'],
    ['0033 6 12 34 56 78', '+33612345678'],
    ['07 81 23 45 67', '+33781234567'],
    ['01 42 68 53 00', '+33142685300'],
    ['+32 470 12 34 56', '+32470123456'],
    ['  06 12 34 56 78  ', '+33612345678'],
  ])('reads %s as %s', (input, e164) => {
    expect(toE164(input)).toBe(e164);
  });

  it.each(['', '06 12', '12345', 'bonjour', '06 12 34 56 78 90 12', '+33 0 00 00 00 00'])(
    'refuses %j',
    (input) => {
      expect(toE164(input)).toBeNull();
    },
  );
});

describe('smsLength', () => {
  it('counts an empty text as no SMS', () => {
    expect(smsLength('')).toEqual({ encoding: 'GSM-7', units: 0, segments: 0, remaining: 160 });
  });

  it('keeps plain French without circumflex in GSM-7: é, è, à, ù are in the GSM alphabet', () => {
    const r = smsLength("Votre technicien arrivera à 9h. Merci de préparer l'accès.");
    expect(r.encoding).toBe('GSM-7');
    expect(r.segments).toBe(1);
  });

  it('switches to UCS-2 for ê, ç, î, ô, a typographic apostrophe or an emoji', () => {
    for (const t of ['Fenêtre', 'Garçon', 'Île', 'Hôtel', 'l’accès', 'OK 👍']) {
      expect(smsLength(t).encoding, t).toBe('UCS-2');
    }
    // Capital Ç is in the GSM alphabet, small ç is not.
    expect(smsLength('Ç').encoding).toBe('GSM-7');
  });

  it('fits 160 GSM-7 characters in one SMS and splits the 161st into two parts of 153', () => {
    expect(smsLength('a'.repeat(160))).toMatchObject({ segments: 1, units: 160, remaining: 0 });
    expect(smsLength('a'.repeat(161))).toMatchObject({ segments: 2, units: 161, remaining: 306 - 161 });
    expect(smsLength('a'.repeat(306))).toMatchObject({ segments: 2, remaining: 0 });
    expect(smsLength('a'.repeat(307))).toMatchObject({ segments: 3 });
  });

  it('counts the GSM-7 extension characters (€, [, ], {, }, ~, ^, |, \\) as two', () => {
    expect(smsLength('€')).toMatchObject({ encoding: 'GSM-7', units: 2 });
    expect(smsLength('Prix : 10 €')).toMatchObject({ units: 12 });
    expect(smsLength('€'.repeat(80))).toMatchObject({ segments: 1, remaining: 0 });
    expect(smsLength('€'.repeat(81))).toMatchObject({ segments: 2 });
  });

  it('fits 70 UCS-2 characters in one SMS and splits beyond into parts of 67', () => {
    expect(smsLength('ê'.repeat(70))).toMatchObject({ encoding: 'UCS-2', segments: 1, remaining: 0 });
    expect(smsLength('ê'.repeat(71))).toMatchObject({ segments: 2, remaining: 134 - 71 });
    expect(smsLength('ê'.repeat(135))).toMatchObject({ segments: 3 });
  });

  it('counts an emoji as two UCS-2 units', () => {
    expect(smsLength('👍')).toMatchObject({ encoding: 'UCS-2', units: 2 });
    expect(smsLength('👍'.repeat(35))).toMatchObject({ segments: 1, remaining: 0 });
  });
});

describe('nonGsmCharacters', () => {
  it('lists each character that forces UCS-2 once, in order', () => {
    expect(nonGsmCharacters('Fenêtre, fenêtre l’été 👍 €')).toEqual(['ê', '’', '👍']);
    expect(nonGsmCharacters('Prix : 10 € [TTC]')).toEqual([]);
  });
});
