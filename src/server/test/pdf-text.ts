import { execFileSync } from 'node:child_process';

/**
 * The text of a PDF as a reader gets it: poppler's `pdftotext` (Debian `poppler-utils`), in reading
 * order, which decodes the embedded fonts' glyphs through their ToUnicode maps.
 */
export function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', '-', '-'], { input: pdf }).toString('utf8');
}
