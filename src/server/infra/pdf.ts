import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

/**
 * Spacing and dash characters of French formatting, and the plain character drawn for each, so that
 * a document's text reads and copies the same in every PDF reader. `Intl.NumberFormat('fr-FR')`
 * groups digits with U+202F (narrow no-break space), which the standard fonts once drew as « / »
 * (« capital de 150 /000 € »).
 */
const notInWinAnsi: Record<string, string> = {
  '\u202f': '\u00a0', // narrow no-break space (fr-FR digit groups, « : ») → no-break space
  '\u2007': '\u00a0', // figure space → no-break space
  '\u2009': ' ', // thin space
  '\u200b': '', // zero-width space
  '\u2010': '-', // hyphen
  '\u2011': '-', // non-breaking hyphen
  '\u2212': '-', // minus sign (negative numbers in fr-FR)
};
const notInWinAnsiPattern = new RegExp(`[${Object.keys(notInWinAnsi).join('')}]`, 'g');

/** `text` with those characters replaced by their plain form. */
export function pdfSafe(text: string): string {
  return text.replace(notInWinAnsiPattern, (c) => notInWinAnsi[c]!);
}

/**
 * A pdfkit document for the product's documents (PV, and every client document after it): the
 * strings given to `text` go through `pdfSafe`, so that no formatted number or date is drawn wrong.
 */
export function createPdf(options: PDFKit.PDFDocumentOptions): PDFKit.PDFDocument {
  const doc = new PDFDocument({ ...options, font: fontFiles.regular });
  doc.registerFont(documentFonts.regular, fontFiles.regular);
  doc.registerFont(documentFonts.bold, fontFiles.bold);
  const text = doc.text.bind(doc) as (...args: unknown[]) => PDFKit.PDFDocument;
  doc.text = ((value: unknown, ...rest: unknown[]) =>
    text(typeof value === 'string' ? pdfSafe(value) : value, ...rest)) as typeof doc.text;
  return doc;
}

const fontFile = (name: string) => createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${name}`);

/**
 * The fonts every document draws with: DejaVu Sans, embedded (subset) in every PDF, never the
 * standard-14 fonts, which a PDF/A document (invoices: PDF/A-3, Factur-X) may not rely on.
 */
export const documentFonts = { regular: 'regular', bold: 'bold' } as const;
const fontFiles = { regular: fontFile('DejaVuSans.ttf'), bold: fontFile('DejaVuSans-Bold.ttf') };

/** Who a document comes from: the company, or a partner for its own clients (co-branding). */
export type DocumentBrand = {
  name: string;
  color: string | null;
  logo: Buffer | null;
  logoMime: string | null;
  /** Phone · e-mail, on the right of the header. */
  contactLine?: string | null;
};

export type DocumentOptions = {
  title: string;
  author: string;
  brand: DocumentBrand;
  /** The company, named under a partner's brand (« en partenariat avec … »). */
  partnerOf?: string | null;
  /** The company's legal mentions, at the foot of every page. */
  footer: string;
  /** `false` keeps the text readable in the bytes (tests). */
  compress?: boolean;
};

/** What a document's body draws on: the pdfkit document, its left margin, width and colour. */
export type DocumentPage = { doc: PDFKit.PDFDocument; left: number; width: number; color: string };

const isColor = (c: string | null | undefined): c is string => /^#[0-9a-f]{6}$/i.test(c ?? '');

/**
 * The one document renderer (PV, devis, and the documents after them): an A4 page with the brand's
 * logo (PNG or JPEG) or name in its colour, its contact line and a rule; `draw` writes the body from
 * y = 115; the legal footer is written at the foot of every page.
 */
export function renderDocument(opts: DocumentOptions, draw: (p: DocumentPage) => void): Promise<Buffer> {
  const doc = createPdf({
    size: 'A4',
    margin: 50,
    bufferPages: true,
    compress: opts.compress ?? true,
    info: { Title: opts.title, Author: opts.author },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const { brand } = opts;
  const color = isColor(brand.color) ? brand.color : '#1c7ed6';
  const left = 50;
  const width = doc.page.width - 100;
  const name = () => doc.font(documentFonts.bold).fontSize(16).fillColor(color).text(brand.name, left, 50);
  if (brand.logo && /^image\/(png|jpe?g)$/.test(brand.logoMime ?? '')) {
    try {
      doc.image(brand.logo, left, 40, { fit: [180, 50] });
    } catch {
      name();
    }
  } else name();
  const right = [brand.contactLine, opts.partnerOf ? `En partenariat avec ${opts.partnerOf}` : null]
    .filter(Boolean)
    .join('\n');
  if (right)
    doc
      .font(documentFonts.regular)
      .fontSize(9)
      .fillColor('#555')
      .text(right, left, 55, { width, align: 'right' });
  doc
    .moveTo(left, 100)
    .lineTo(left + width, 100)
    .lineWidth(2)
    .strokeColor(color)
    .stroke();
  doc.y = 115;
  draw({ doc, left, width, color });
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(documentFonts.regular)
      .fontSize(8)
      .fillColor('#777')
      .text(opts.footer, left, doc.page.height - 40, { width, align: 'center', lineBreak: true });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
