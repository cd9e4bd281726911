import { Readable } from 'node:stream';
import { type Options, stringify } from 'csv-stringify/sync';

/**
 * The one CSV dialect of the exports, the one French Excel opens without an import dialog: UTF-8
 * with a BOM (else Excel reads it as Windows-1252), `;` (the list separator of a French Windows),
 * CRLF. A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`
 * so that a spreadsheet shows it instead of running it (OWASP « CSV injection »); a number stays a
 * number, so `-5` is not touched.
 */
const dialect: Options = {
  delimiter: ';',
  record_delimiter: '\r\n',
  // A cell holding a lone \n or \r is quoted too (the library stops when record_delimiter is set).
  quote_record_delimiter: true,
  escape_formulas: true,
  cast: {
    // An ISO instant, not the library's milliseconds; true/false as JSON writes them.
    date: (d) => d.toISOString(),
    boolean: (b) => String(b),
  },
};

/** A string, a number, a boolean, a Date, null/undefined (empty) or an object (written as JSON). */
export type CsvCell = unknown;

export type CsvOptions = {
  /** Quote every data cell, even an empty one (the audit export does, for tools that want it). */
  quoteAll?: boolean;
};

/** Some rows as CSV text in the export dialect (no BOM, no header). */
export function csvLines(rows: readonly (readonly CsvCell[])[], options: CsvOptions = {}): string {
  if (!rows.length) return '';
  return stringify(rows as CsvCell[][], {
    ...dialect,
    quoted: options.quoteAll ?? false,
    quoted_empty: options.quoteAll ?? false,
  });
}

/**
 * A CSV file as a stream for `reply.send()`: the BOM and the header line, then each page of rows
 * as it arrives, so that a large export is never held whole in memory and the first bytes leave
 * before the last page is read. Pages are pulled only as fast as the client reads.
 */
export function csvStream(
  header: readonly string[],
  pages: AsyncIterable<readonly (readonly CsvCell[])[]>,
  options: CsvOptions = {},
): Readable {
  async function* chunks() {
    yield `\uFEFF${csvLines([header])}`;
    for await (const rows of pages) {
      const text = csvLines(rows, options);
      if (text) yield text;
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

/**
 * Undoes the formula escape on a cell read back from a CSV (`'+33 6…` → `+33 6…`), so that a file
 * exported here imports back as it was.
 */
export function unescapeCsvFormula(cell: string): string {
  return /^'[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(cell) ? cell.slice(1) : cell;
}
