import { describe, expect, it } from 'vitest';
import {
  applyDiscount,
  centsToInput,
  formatBp,
  formatCents,
  isVatRate,
  marginBp,
  parseEuros,
  vatOf,
} from './money.ts';

describe('money in cents', () => {
  it('discounts half-up on the cent', () => {
    expect(applyDiscount(1030, 500)).toBe(979); // 978,5 → 979
    expect(applyDiscount(1010, 500)).toBe(960); // 959,5 → 960
    expect(applyDiscount(1234, 1250)).toBe(1080); // 1 079,75 → 1 080
    expect(applyDiscount(999, 0)).toBe(999);
    expect(applyDiscount(999, 10_000)).toBe(0);
    expect(vatOf(1005, 550)).toBe(55); // 55,275 → 55
    expect(vatOf(1010, 550)).toBe(56); // 55,55 → 56
  });

  it('accepts the French VAT rates only', () => {
    expect([2000, 1000, 550, 210].every(isVatRate)).toBe(true);
    expect(isVatRate(1960)).toBe(false);
  });

  it('writes and reads amounts the French way', () => {
    expect(formatCents(123_456)).toBe('1\u202f234,56\u00a0€');
    expect(formatCents(null)).toBe('—');
    expect(formatBp(550)).toBe('5,5 %');
    expect(parseEuros('1 234,5')).toBe(123_450);
    expect(parseEuros('12.50 €')).toBe(1250);
    expect(parseEuros('12,345')).toBeNull();
    expect(parseEuros('-3')).toBeNull();
    expect(centsToInput(1250)).toBe('12,50');
    expect(marginBp(18_900, 11_250)).toBe(4048);
    expect(marginBp(18_900, null)).toBeNull();
  });
});
