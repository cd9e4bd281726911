import { centsToInput, parseEuros } from '../../../shared/money.ts';
import { type QuoteLineAmounts, quoteTotals } from '../../../shared/quotes.ts';
import type { CatalogueLineOut } from '../../../shared/schemas/catalogue.ts';
import type { QuoteOut } from '../../../shared/schemas/quotes.ts';

/** A line as the editor holds it: the price as typed (euros), the discount in per cent. */
export type EditLine = {
  key: string;
  productId: string | null;
  reference: string | null;
  label: string;
  quantity: number;
  unitPrice: string;
  discountPercent: number;
  vatRateBp: number;
  billingPeriod: CatalogueLineOut['billingPeriod'];
  commitmentMonths: number | null;
};

export type QuoteFormValues = {
  clientId: string;
  billingSiteId: string | null;
  installationSiteId: string | null;
  contactId: string | null;
  validUntil: string;
  conditions: string;
  lines: EditLine[];
};

let seq = 0;
const newKey = () => `l${++seq}`;

/** An editor line from a catalogue line (an article, a pack's expansion) or a saved one. */
export const editLineOf = (
  l: Pick<CatalogueLineOut, 'label' | 'quantity' | 'unitPriceCents' | 'discountBp' | 'vatRateBp'> & {
    productId: string | null;
    reference: string | null;
    billingPeriod: EditLine['billingPeriod'];
    commitmentMonths: number | null;
  },
): EditLine => ({
  key: newKey(),
  productId: l.productId,
  reference: l.reference,
  label: l.label,
  quantity: l.quantity,
  unitPrice: centsToInput(l.unitPriceCents),
  discountPercent: l.discountBp / 100,
  vatRateBp: l.vatRateBp,
  billingPeriod: l.billingPeriod,
  commitmentMonths: l.commitmentMonths,
});

export const formValuesOf = (q: QuoteOut | undefined, today: string): QuoteFormValues => ({
  clientId: q?.client.id ?? '',
  billingSiteId: q?.billingSite?.id ?? null,
  installationSiteId: q?.installationSite?.id ?? null,
  contactId: q?.contact?.id ?? null,
  validUntil: q?.validUntil ?? today,
  conditions: q?.conditions ?? '',
  lines: (q?.lines ?? []).map(editLineOf),
});

const discountBpOf = (l: EditLine) => Math.round((Number(l.discountPercent) || 0) * 100);

/** The amounts of the editor's lines (a price not typed yet counts as 0), for the live totals. */
export const liveTotals = (lines: EditLine[]) =>
  quoteTotals(
    lines.map(
      (l): QuoteLineAmounts => ({
        quantity: Number(l.quantity) || 0,
        unitPriceCents: parseEuros(l.unitPrice) ?? 0,
        discountBp: discountBpOf(l),
        vatRateBp: l.vatRateBp,
        billingPeriod: l.billingPeriod,
        commitmentMonths: l.commitmentMonths,
      }),
    ),
  );

/** The request body (a price that is not an amount is sent as NaN, refused with its message). */
export function quoteBodyOf(v: QuoteFormValues, creating: boolean) {
  return {
    ...(creating ? { clientId: v.clientId } : {}),
    billingSiteId: v.billingSiteId,
    installationSiteId: v.installationSiteId,
    contactId: v.contactId,
    validUntil: v.validUntil,
    conditions: v.conditions.trim() === '' ? null : v.conditions.trim(),
    lines: v.lines.map((l) => ({
      productId: l.productId,
      label: l.label,
      quantity: Number(l.quantity),
      unitPriceCents: parseEuros(l.unitPrice) ?? Number.NaN,
      discountBp: discountBpOf(l),
      vatRateBp: l.vatRateBp,
      billingPeriod: l.billingPeriod,
      commitmentMonths: l.commitmentMonths,
    })),
  };
}
