import { describe, expect, it } from 'vitest';
import { csvLines, csvStream, unescapeCsvFormula } from './csv.ts';

describe('CSV writer', () => {
  it('prefixes with an apostrophe every cell a spreadsheet would run as a formula', () => {
    const cells = ['=1+1', '+33 6 12 34 56 78', '-2+3', '@SOMME(A1)', '\tx', '+1+cmd|calc', '＝1'];
    const out = csvLines([cells]).trimEnd().split(';');
    expect(out).toEqual([
      "'=1+1",
      "'+33 6 12 34 56 78",
      "'-2+3",
      "'@SOMME(A1)",
      "'\tx",
      "'+1+cmd|calc",
      "'＝1",
    ]);
    // A number is not a formula; text that only contains the characters is left alone.
    expect(csvLines([[-5, 'a=b', 'Dupont-Martin']])).toBe('-5;a=b;Dupont-Martin\r\n');
  });

  it('quotes a cell that holds ; a quote or a line break, and everything in quoteAll mode', () => {
    expect(csvLines([['Export « A » ; Test', 'dit "oui"', 'l1\nl2', null, 3]])).toBe(
      '"Export « A » ; Test";"dit ""oui""";"l1\nl2";;3\r\n',
    );
    expect(csvLines([['a', null, 7, { k: 1 }]], { quoteAll: true })).toBe('"a";"";"7";"{""k"":1}"\r\n');
    expect(csvLines([[new Date('2026-01-02T03:04:05Z'), true]])).toBe('2026-01-02T03:04:05.000Z;true\r\n');
  });

  it('reads back what it escaped', () => {
    for (const s of ['=1+1', '+33 6 12 34 56 78', '-x', '@a', 'plain', "'quoted"]) {
      expect(unescapeCsvFormula(csvLines([[s]]).trimEnd())).toBe(s);
    }
  });

  it('streams the BOM and header before the pages are read, then each page as it comes', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let pagesRead = 0;
    async function* pages() {
      await gate;
      for (let p = 0; p < 3; p++) {
        pagesRead++;
        yield Array.from({ length: 2 }, (_, k) => [p * 2 + k, `ligne ${p * 2 + k}`]);
      }
    }
    const stream = csvStream(['n', 'texte'], pages());
    const it = stream[Symbol.asyncIterator]();
    const first = await it.next();
    expect(String(first.value)).toBe('\uFEFFn;texte\r\n');
    expect(pagesRead).toBe(0);
    release();
    const rest: string[] = [];
    for (let r = await it.next(); !r.done; r = await it.next()) rest.push(String(r.value));
    expect(rest).toEqual([
      '0;ligne 0\r\n1;ligne 1\r\n',
      '2;ligne 2\r\n3;ligne 3\r\n',
      '4;ligne 4\r\n5;ligne 5\r\n',
    ]);
  });
});
