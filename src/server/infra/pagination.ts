import { AppError } from './errors.ts';
import { badTextIn } from './input.ts';

/** Keyset cursors: the sort key of the last row, opaque to clients. */
export function encodeCursor(key: (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * The sort key a cursor carries, or a 400. `fits` checks each part against its column when the
 * database would refuse it with an error of its own (a number as a date, an integer out of range).
 */
export function decodeCursor<T extends (string | number | null)[]>(
  cursor: string | undefined,
  length: number,
  fits: (key: T) => boolean = () => true,
): T | null {
  if (!cursor) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === length && key.every(isKeyPart) && fits(key as T)) {
      return key as T;
    }
  } catch {}
  throw invalidCursor();
}

/** A numeric keyset cursor (an id): a positive integer the database can compare, else a 400. */
export function decodeIdCursor(cursor: string | undefined): number | undefined {
  if (!cursor) return undefined;
  const id = Number(cursor);
  if (/^\d{1,16}$/.test(cursor) && Number.isSafeInteger(id) && id > 0) return id;
  throw invalidCursor();
}

/** Cursor part checks for `decodeCursor`. */
export const cursorPart = {
  isoDate: (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v),
  isoTime: (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
  uuid: (v: unknown) =>
    typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
};

const invalidCursor = () =>
  new AppError('bad_request', 'Curseur de pagination invalide.', [
    { path: 'cursor', message: 'Curseur de pagination invalide : rechargez la liste.' },
  ]);

/**
 * A part of a sort key as `encodeCursor` writes it: null, a 32-bit integer (the numbers of sort
 * keys are ranks) or a text the database can read (a key of the wrong type for its column is a data
 * error, a 400 too: `infra/http.ts`). A larger number would reach a driver that turns it into a
 * date (`1e300` → « Invalid time value », a 500 on PGlite).
 */
const isKeyPart = (v: unknown) =>
  v === null ||
  (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= 2_147_483_647) ||
  (typeof v === 'string' && badTextIn(v) === null);

/** Fetch `limit + 1` rows, return `limit` and the cursor of the last one when more exist. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number | null)[]) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
