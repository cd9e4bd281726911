/**
 * The quote's PDF: French amounts and dates, lines grouped one-off / monthly with VAT per rate, the
 * company's legal mentions, co-branding for a partner's client, no purchase cost; the download
 * route answers only within the caller's scope.
 */
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { partners } from '../../db/schema/index.ts';
import { pdfText } from '../../test/pdf-text.ts';
import { quotePdfData, renderQuotePdf } from './quote-pdf.ts';
import { quoteSuite } from './quotes.fixture.ts';
import { loadQuoteView } from './quotes.service.ts';

const s = quoteSuite();

/** The PDF of a quote, uncompressed, and its text with no-break spaces as plain spaces. */
async function render(id: string) {
  const view = (await loadQuoteView(s.f.db, id))!;
  const pdf = await renderQuotePdf(await quotePdfData(s.f.db, view), { compress: false });
  return { pdf, text: pdfText(pdf).replace(/\u00a0/g, ' ') };
}

describe('quote PDF', () => {
  it('shows the lines by group, VAT per rate, French formats and the legal mentions', async () => {
    const res = await s.f.commercial.post('/api/v1/quotes', {
      clientId: s.f.direct.clientId,
      billingSiteId: s.f.direct.siteId,
      installationSiteId: s.f.direct.siteId,
      contactId: s.f.direct.contactId,
      validUntil: '2099-01-15',
      conditions: 'Acompte de 30 % à la commande ; solde à l’installation.',
      lines: [
        { productId: s.f.phone.id, quantity: 3, discountBp: 500 },
        { label: 'Formation des utilisateurs', quantity: 1, unitPriceCents: 12_345, vatRateBp: 1000 },
        { productId: s.f.licence.id, quantity: 3 },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const q = res.json();
    const { pdf, text } = await render(q.id);
    fs.mkdirSync('test-results/documents', { recursive: true });
    fs.writeFileSync('test-results/documents/devis.pdf', pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // Its fonts are embedded (PDF/A needs it), never the standard-14 ones.
    expect(pdf.toString('latin1')).toContain('/FontFile2');
    expect(pdf.toString('latin1')).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);
    for (const s of [
      `Devis ${q.number}`,
      'valable jusqu’au jeudi 15 janvier 2099',
      'Frais de mise en service',
      'Yealink T54W',
      '538,65 €',
      'TVA 20 % sur 538,65 €',
      'TVA 10 % sur 123,45 €',
      'Total TTC',
      'Mensualités — engagement 36 mois',
      'Total HT par mois',
      '30,90 €',
      'Acompte de 30 % à la commande',
      'Bon pour accord',
      'Relais Intégration Télécom',
      'RCS Lyon',
      'Claire Martin',
      '12 rue de la République',
    ])
      expect(text).toContain(s);
    expect(text).not.toContain('En partenariat');
  });

  it('is co-branded for a partner’s client, never shows a purchase cost, and is 404 to partner B', async () => {
    await s.f.db.update(partners).set({ brandColor: '#7048e8' }).where(eq(partners.id, s.f.partnerA));
    const res = await s.f.partner.post('/api/v1/quotes', {
      clientId: s.f.ofPartner.clientId,
      lines: [{ productId: s.f.phone.id, quantity: 2 }],
    });
    const q = res.json();
    const { pdf, text } = await render(q.id);
    fs.writeFileSync('test-results/documents/devis-partenaire.pdf', pdf);
    const [partnerA] = await s.f.db.select().from(partners).where(eq(partners.id, s.f.partnerA));
    expect(text).toContain(partnerA!.name);
    expect(text).toContain('En partenariat avec Relais Intégration Télécom');
    expect(text).toContain('170,10 €');
    expect(text).not.toContain('112,50');
    const download = await s.f.partner.get(`/api/v1/quotes/${q.id}/pdf`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toContain(`Devis-${q.number}.pdf`);
    expect((await s.f.partner2.get(`/api/v1/quotes/${q.id}/pdf`)).statusCode).toBe(404);
  });
});
