import PDFDocument from 'pdfkit';

/**
 * The characters French typography produces that pdfkit's standard fonts (Helvetica, Times: the
 * WinAnsi code page) cannot draw, and what stands for each. `Intl.NumberFormat('fr-FR')` groups
 * digits with U+202F (narrow no-break space), which pdfkit drew as « / » (« capital de 150 /000 € »).
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

/** `text` with every character the standard PDF fonts lack replaced by one they draw. */
export function pdfSafe(text: string): string {
  return text.replace(notInWinAnsiPattern, (c) => notInWinAnsi[c]!);
}

/**
 * A pdfkit document for the product's documents (PV, and every client document after it): the
 * strings given to `text` go through `pdfSafe`, so that no formatted number or date is drawn wrong.
 */
export function createPdf(options: PDFKit.PDFDocumentOptions): PDFKit.PDFDocument {
  const doc = new PDFDocument(options);
  const text = doc.text.bind(doc) as (...args: unknown[]) => PDFKit.PDFDocument;
  doc.text = ((value: unknown, ...rest: unknown[]) =>
    text(typeof value === 'string' ? pdfSafe(value) : value, ...rest)) as typeof doc.text;
  return doc;
}
