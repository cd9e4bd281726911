import { describe, expect, it } from 'vitest';
import { quoteNumber, quoteTotals } from './quotes.ts';

const line = (over: Partial<Parameters<typeof quoteTotals>[0][number]> = {}) => ({
  quantity: 1,
  unitPriceCents: 1,
  discountBp: 0,
  vatRateBp: 2000,
  billingPeriod: null,
  ...over,
});

describe('quoteTotals', () => {
  it('computes VAT once per rate on the base, not as a sum of rounded line amounts', () => {
    // Three lines of 1 cent: 0,2 c of VAT each (0 once rounded), 0,6 c on the base → 1 c.
    const t = quoteTotals([line(), line(), line()]);
    expect(t.oneOff).toEqual({
      netCents: 3,
      vatCents: 1,
      grossCents: 4,
      vat: [{ vatRateBp: 2000, baseCents: 3, vatCents: 1 }],
    });
  });

  it('rounds a discount half-up on the cent per line', () => {
    // 3 × 333 = 999 at 12,5 % off = 874,125 → 874.
    expect(quoteTotals([line({ quantity: 3, unitPriceCents: 333, discountBp: 1250 })]).oneOff.netCents).toBe(
      874,
    );
    // 1 × 5 at 50 % off = 2,5 → 3 (half-up).
    expect(quoteTotals([line({ unitPriceCents: 5, discountBp: 5000 })]).oneOff.netCents).toBe(3);
  });

  it('keeps monthly and yearly subscriptions apart, with the longest commitment', () => {
    const t = quoteTotals([
      line({ unitPriceCents: 10_000 }),
      line({ unitPriceCents: 1030, quantity: 3, billingPeriod: 'mensuel', commitmentMonths: 36 }),
      line({ unitPriceCents: 12_000, billingPeriod: 'annuel', commitmentMonths: 12 }),
    ]);
    expect([t.oneOff.netCents, t.monthly.netCents, t.yearly.netCents]).toEqual([10_000, 3090, 12_000]);
    expect(t.commitmentMonths).toBe(36);
    expect(quoteTotals([line()]).commitmentMonths).toBeNull();
  });

  it('numbers quotes D-<year>-<rank on six digits>', () => {
    expect(quoteNumber(2026, 123)).toBe('D-2026-000123');
  });
});
