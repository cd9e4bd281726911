/**
 * The PDF of a quote (devis), from the one document renderer (`infra/pdf.ts`): the company's
 * branding — or the partner's, « en partenariat avec » the company, for a partner's client — its
 * legal mentions at the foot, lines grouped as one-off (« Frais de mise en service »), monthly and
 * yearly, VAT per rate, French amounts and dates; when accepted, who signed, when, and the signature.
 */
import { formatBp, formatCents } from '../../../shared/money.ts';
import { longDateFr } from '../../../shared/paris-time.ts';
import type { GroupTotals, QuoteTotals } from '../../../shared/quotes.ts';
import type { QuoteLineOut } from '../../../shared/schemas/quotes.ts';
import type { Db } from '../../infra/db.ts';
import { type DocumentOptions, documentFonts, renderDocument } from '../../infra/pdf.ts';
import { documentBrandingOf } from '../notifications/branding.service.ts';
import { presentQuoteLine, totalsOfLines } from './quotes.presenter.ts';
import type { QuoteView } from './quotes.service.ts';

type Address = { name: string; lines: string[] };

export type QuotePdfData = {
  branding: Pick<DocumentOptions, 'brand' | 'partnerOf' | 'footer' | 'author'>;
  number: string;
  version: number;
  issuedAt: Date;
  validUntil: string;
  client: { name: string; siret: string | null; vatNumber: string | null };
  billing: Address | null;
  installation: Address | null;
  contact: string | null;
  lines: QuoteLineOut[];
  totals: QuoteTotals;
  conditions: string | null;
  acceptance: { signerName: string; at: Date; signaturePng: Buffer | null } | null;
};

const day = (iso: string) => longDateFr(new Date(`${iso}T12:00:00Z`));
const addressOf = (s: QuoteView['parties']['sites'][number]): Address | null =>
  s
    ? {
        name: s.name,
        lines: [s.addressLine, [s.postalCode, s.city].filter(Boolean).join(' ')].filter(
          (l): l is string => !!l,
        ),
      }
    : null;

/** What the PDF of a version shows, from the quote and the branding of its client's partner. */
export async function quotePdfData(
  db: Db,
  v: QuoteView,
  acceptance: QuotePdfData['acceptance'] = null,
): Promise<QuotePdfData> {
  const { row, parties } = v;
  const c = parties.contact;
  return {
    branding: await documentBrandingOf(db, row.partnerId),
    number: row.number,
    version: row.version,
    issuedAt: row.sentAt ?? row.updatedAt,
    validUntil: row.validUntil,
    client: { name: parties.client.name, siret: parties.client.siret, vatNumber: parties.client.vatNumber },
    billing: addressOf(parties.sites[0] ?? null),
    installation: addressOf(parties.sites[1] ?? null),
    contact: c ? [`${c.firstName} ${c.lastName}`.trim(), c.email, c.phone].filter(Boolean).join(' · ') : null,
    lines: row.lines.map(presentQuoteLine),
    totals: totalsOfLines(row.lines),
    conditions: row.conditions,
    acceptance,
  };
}

const columns = [
  { title: 'Désignation', width: 205, align: 'left' },
  { title: 'Qté', width: 40, align: 'right' },
  { title: 'PU HT', width: 70, align: 'right' },
  { title: 'Remise', width: 45, align: 'right' },
  { title: 'TVA', width: 40, align: 'right' },
  { title: 'Total HT', width: 95, align: 'right' },
] as const;

/** Renders the quote. `compress: false` keeps the text readable in the bytes (tests). */
export function renderQuotePdf(d: QuotePdfData, opts: { compress?: boolean } = {}): Promise<Buffer> {
  const title = `Devis ${d.number}${d.version > 1 ? ` (version ${d.version})` : ''}`;
  return renderDocument(
    { ...d.branding, title, compress: opts.compress ?? true },
    ({ doc, left, width, color }) => {
      const bottom = () => doc.page.height - 90;
      const ensure = (h: number) => {
        if (doc.y + h > bottom()) {
          doc.addPage();
          doc.y = 60;
        }
      };
      doc.font(documentFonts.bold).fontSize(20).fillColor('#111').text(title, left, doc.y, { width });
      doc
        .font(documentFonts.regular)
        .fontSize(10)
        .fillColor('#333')
        .text(`Émis le ${longDateFr(d.issuedAt)} — valable jusqu’au ${day(d.validUntil)}`, { width });
      doc.moveDown();

      // The client and its sites, side by side.
      const top = doc.y;
      const block = (x: number, heading: string, lines: string[]) => {
        doc
          .font(documentFonts.bold)
          .fontSize(9)
          .fillColor(color)
          .text(heading, x, top, { width: width / 2 - 10 });
        doc.font(documentFonts.regular).fontSize(10).fillColor('#222');
        for (const l of lines) doc.text(l, x, doc.y, { width: width / 2 - 10 });
        return doc.y;
      };
      const identity = [
        d.client.siret ? `SIRET ${d.client.siret}` : null,
        d.client.vatNumber ? `TVA ${d.client.vatNumber}` : null,
      ].filter((l): l is string => !!l);
      const y1 = block(left, 'CLIENT', [
        d.client.name,
        ...(d.billing ? [`Facturation : ${d.billing.name}`, ...d.billing.lines] : []),
        ...identity,
        ...(d.contact ? [`Contact : ${d.contact}`] : []),
      ]);
      const y2 = block(
        left + width / 2 + 10,
        'SITE D’INSTALLATION',
        d.installation ? [d.installation.name, ...d.installation.lines] : ['—'],
      );
      doc.y = Math.max(y1, y2) + 15;

      const header = () => {
        ensure(40);
        let x = left;
        const y = doc.y;
        doc.rect(left, y - 3, width, 16).fill(color);
        doc.font(documentFonts.bold).fontSize(8.5).fillColor('#fff');
        for (const c of columns) {
          doc.text(c.title, x + 3, y, { width: c.width - 6, align: c.align });
          x += c.width;
        }
        doc.y = y + 17;
      };
      const line = (l: QuoteLineOut) => {
        const label = `${l.label}${l.reference ? `\nRéf. ${l.reference}` : ''}`;
        doc.font(documentFonts.regular).fontSize(9);
        const h = Math.max(doc.heightOfString(label, { width: columns[0].width - 6 }), 11) + 5;
        if (doc.y + h > bottom()) {
          doc.addPage();
          doc.y = 60;
          header();
        }
        const y = doc.y;
        const cells = [
          label,
          String(l.quantity),
          formatCents(l.unitPriceCents),
          l.discountBp ? formatBp(l.discountBp) : '—',
          formatBp(l.vatRateBp),
          formatCents(l.netCents),
        ];
        let x = left;
        doc.fillColor('#222');
        cells.forEach((text, i) => {
          doc.text(text, x + 3, y, { width: columns[i]!.width - 6, align: columns[i]!.align });
          x += columns[i]!.width;
        });
        doc.y = y + h;
        doc
          .moveTo(left, doc.y - 2)
          .lineTo(left + width, doc.y - 2)
          .lineWidth(0.3)
          .strokeColor('#ccc')
          .stroke();
      };
      const totals = (t: GroupTotals, suffix: string) => {
        const rows: [string, string, boolean][] = [[`Total HT${suffix}`, formatCents(t.netCents), false]];
        for (const v of t.vat)
          rows.push([
            `TVA ${formatBp(v.vatRateBp)} sur ${formatCents(v.baseCents)}`,
            formatCents(v.vatCents),
            false,
          ]);
        rows.push([`Total TTC${suffix}`, formatCents(t.grossCents), true]);
        ensure(rows.length * 14 + 10);
        doc.moveDown(0.3);
        for (const [label, amount, strong] of rows) {
          const y = doc.y;
          doc
            .font(strong ? documentFonts.bold : documentFonts.regular)
            .fontSize(9.5)
            .fillColor('#111');
          doc.text(label, left + width - 300, y, { width: 200, align: 'right' });
          doc.text(amount, left + width - 95, y, { width: 92, align: 'right' });
          doc.y = y + 14;
        }
        doc.moveDown(0.8);
      };
      const group = (heading: string, lines: QuoteLineOut[], t: GroupTotals, suffix: string) => {
        if (lines.length === 0) return;
        ensure(60);
        doc.font(documentFonts.bold).fontSize(12).fillColor(color).text(heading, left, doc.y, { width });
        doc.moveDown(0.3);
        header();
        for (const l of lines) line(l);
        totals(t, suffix);
      };
      const commitment = d.totals.commitmentMonths
        ? ` — engagement ${d.totals.commitmentMonths} mois`
        : ' — sans engagement';
      group(
        'Frais de mise en service',
        d.lines.filter((l) => l.billingPeriod === null),
        d.totals.oneOff,
        '',
      );
      group(
        `Mensualités${commitment}`,
        d.lines.filter((l) => l.billingPeriod === 'mensuel'),
        d.totals.monthly,
        ' par mois',
      );
      group(
        `Annuités${commitment}`,
        d.lines.filter((l) => l.billingPeriod === 'annuel'),
        d.totals.yearly,
        ' par an',
      );
      if (d.lines.length === 0)
        doc.font(documentFonts.regular).fontSize(10).fillColor('#222').text('Aucune ligne.', left, doc.y);

      if (d.conditions) {
        ensure(50);
        doc.font(documentFonts.bold).fontSize(12).fillColor(color).text('Conditions', left, doc.y, { width });
        doc.moveDown(0.3);
        doc
          .font(documentFonts.regular)
          .fontSize(9.5)
          .fillColor('#222')
          .text(d.conditions, left, doc.y, { width });
        doc.moveDown();
      }

      ensure(150);
      doc
        .font(documentFonts.bold)
        .fontSize(12)
        .fillColor(color)
        .text('Bon pour accord', left, doc.y, { width });
      doc.moveDown(0.3);
      doc.font(documentFonts.regular).fontSize(9.5).fillColor('#222');
      if (d.acceptance) {
        doc.text(
          `Devis accepté électroniquement par ${d.acceptance.signerName} le ${longDateFr(d.acceptance.at)} à ${d.acceptance.at.toLocaleTimeString('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' })}.`,
          left,
          doc.y,
          { width },
        );
        if (d.acceptance.signaturePng) {
          const y = doc.y + 6;
          doc.rect(left, y, 220, 90).lineWidth(0.5).strokeColor('#999').stroke();
          try {
            doc.image(d.acceptance.signaturePng, left + 5, y + 5, { fit: [210, 80] });
          } catch {
            // An unreadable image: the name and time above still say who accepted.
          }
          doc.y = y + 100;
        }
      } else {
        doc.text(
          'Date, nom et signature du client, précédés de la mention « Bon pour accord » — ou acceptation en ligne par le lien reçu avec ce devis.',
          left,
          doc.y,
          { width },
        );
      }
    },
  );
}
