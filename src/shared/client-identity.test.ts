import { describe, expect, it } from 'vitest';
import {
  checkIdentityNumber,
  euVatProblem,
  frenchVatFromSiren,
  isKnownNafCode,
  legalForms,
  nafCodes,
  nafLabel,
  sirenOf,
  normalizeNafCode,
  sectorOfNaf,
  sizeBands,
} from './client-identity.ts';
import { euVatNumber, nafCode } from './schemas/clients.ts';
import { isValidSiren, isValidSiret, withLuhnKey } from './schemas/common.ts';

describe('SIREN and SIRET check digits', () => {
  it('accepts Luhn-valid numbers and refuses a wrong key', () => {
    expect(isValidSiren('732829320')).toBe(true);
    expect(isValidSiren('732829321')).toBe(false);
    expect(isValidSiren('73282932')).toBe(false);
    expect(isValidSiret('73282932000074')).toBe(true);
    expect(isValidSiret('73282932000075')).toBe(false);
  });
  it('applies La Poste’s exception: SIREN 356000000, SIRET digits summing to a multiple of 5', () => {
    expect(isValidSiren('356000000')).toBe(true);
    expect(isValidSiret('35600000000001')).toBe(true); // digits sum to 15
    expect(isValidSiret('35600000000002')).toBe(false); // 16
    expect(isValidSiret('35600000000048')).toBe(false); // 26
  });
});

describe('intra-EU VAT numbers', () => {
  it('computes the French key from the SIREN', () => {
    expect(frenchVatFromSiren('732829320')).toBe('FR44732829320');
    expect(frenchVatFromSiren('552100554')).toBe('FR96552100554');
    expect(frenchVatFromSiren('000000001')).toBe('FR15000000001');
  });
  it('refuses a French number whose key does not match its SIREN, with a French message', () => {
    expect(euVatProblem('FR44732829320')).toBeNull();
    expect(euVatProblem('FR45732829320')).toMatch(/clé ne correspond pas au SIREN \(attendu FR44732829320\)/);
    expect(euVatProblem('FR44732829321')).toMatch(/SIREN qu’elle contient est invalide/);
    expect(euVatProblem('FR4473282932')).toMatch(/TVA française/);
  });
  it('checks the format only for the other member states', () => {
    expect(euVatProblem('DE123456789')).toBeNull();
    expect(euVatProblem('BE0123456789')).toBeNull();
    expect(euVatProblem('NL123456789B01')).toBeNull();
    expect(euVatProblem('DE12345678')).toMatch(/\(DE\) : format invalide/);
    expect(euVatProblem('US123456789')).toMatch(/code pays/);
  });
  it('normalises spaces and case, and turns a blank into null', () => {
    expect(euVatNumber.parse('fr 44 732 829 320')).toBe('FR44732829320');
    expect(euVatNumber.parse('  ')).toBeNull();
    expect(euVatNumber.safeParse('FR00732829320').success).toBe(false);
  });
});

describe('NAF codes', () => {
  it('holds the 732 NAF rév. 2 sub-classes with their French labels', () => {
    expect(nafCodes).toHaveLength(732);
    expect(nafLabel('47.73Z')).toBe('Commerce de détail de produits pharmaceutiques en magasin spécialisé');
    expect(nafLabel('66.22Z')).toBe("Activités des agents et courtiers d'assurances");
    expect(isKnownNafCode('86.21Z')).toBe(true);
    expect(isKnownNafCode('47.73')).toBe(false);
    expect(isKnownNafCode('99.99Z')).toBe(false);
  });
  it('normalises the usual spellings and refuses unknown codes', () => {
    expect(normalizeNafCode('4773z')).toBe('47.73Z');
    expect(normalizeNafCode('47 73 Z')).toBe('47.73Z');
    expect(nafCode.parse('4773Z')).toBe('47.73Z');
    const bad = nafCode.safeParse('12.34X');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/Code NAF inconnu/);
  });
  it('derives the sector from the NAF section', () => {
    expect(sectorOfNaf('47.73Z')).toEqual({
      code: 'G',
      label: 'Commerce ; réparation d’automobiles et de motocycles',
    });
    expect(sectorOfNaf('86.21Z')?.code).toBe('Q');
    expect(sectorOfNaf('66.22Z')?.code).toBe('K');
    expect(sectorOfNaf(null)).toBeNull();
    // every sub-class falls into a section
    expect(nafCodes.every((c) => sectorOfNaf(c.code) !== null)).toBe(true);
  });
});

describe('reference lists', () => {
  it('have unique codes', () => {
    expect(new Set(legalForms.map((f) => f.code)).size).toBe(legalForms.length);
    expect(new Set(sizeBands.map((b) => b.code)).size).toBe(sizeBands.length);
  });
});

describe('checkIdentityNumber: the SIREN and SIRET checked as typed (issue 15 item 5)', () => {
  const siren = withLuhnKey('73282932');
  const siret = withLuhnKey(`${siren}0007`);
  it('counts the digits until the last one, then checks the key', () => {
    expect(checkIdentityNumber('siren', '732 82')).toEqual({ error: null, hint: '5 chiffres sur 9.' });
    expect(checkIdentityNumber('siren', siren)).toEqual({ error: null, hint: '✓ Clé de contrôle correcte.' });
    const wrong = `${siren.slice(0, 8)}${(Number(siren[8]) + 1) % 10}`;
    expect(checkIdentityNumber('siren', wrong).error).toMatch(/Clé de contrôle incorrecte/);
    expect(
      checkIdentityNumber('siret', `${siret.slice(0, 13)}${(Number(siret[13]) + 1) % 10}`).error,
    ).toMatch(/Clé de contrôle incorrecte/);
    expect(checkIdentityNumber('siret', siret, siren).hint).toBe('✓ Clé de contrôle correcte.');
    expect(checkIdentityNumber('siren', '12a').error).toMatch(/que des chiffres/);
  });
  it('wants the SIRET to start with the SIREN, and derives the SIREN from the SIRET', () => {
    expect(checkIdentityNumber('siret', siret, withLuhnKey('55210055')).error).toMatch(
      /commencer par le SIREN/,
    );
    expect(sirenOf(null, siret)).toBe(siren);
    expect(sirenOf('', siret)).toBe(siren);
    expect(sirenOf(siren, null)).toBe(siren);
    expect(sirenOf(null, null)).toBeNull();
  });
});
