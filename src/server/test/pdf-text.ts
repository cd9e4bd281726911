/**
 * The text drawn in an uncompressed PDF made by pdfkit with the standard fonts: the strings of the
 * TJ operators, hex-encoded in WinAnsi (œ = 9C, € = 80, — = 97).
 */
export function pdfText(pdf: Buffer): string {
  const src = pdf.toString('latin1');
  const winAnsi: Record<number, string> = {
    128: '€',
    156: 'œ',
    146: '’',
    140: 'Œ',
    150: '–',
    151: '—',
    171: '«',
    187: '»',
  };
  const out: string[] = [];
  for (const m of src.matchAll(/\[([^\]]*)\] TJ/g)) {
    let line = '';
    for (const h of m[1]!.matchAll(/<([0-9a-fA-F]*)>/g)) {
      const bytes = Buffer.from(h[1]!, 'hex');
      for (const b of bytes) line += winAnsi[b] ?? String.fromCharCode(b);
    }
    out.push(line);
  }
  return out.join('\n');
}
