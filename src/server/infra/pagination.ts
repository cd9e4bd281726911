import { AppError } from './errors.ts';

/** Keyset cursors: the sort key of the last row, opaque to clients. */
export function encodeCursor(key: (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T extends (string | number | null)[]>(
  cursor: string | undefined,
  length: number,
): T | null {
  if (!cursor) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === length) return key as T;
  } catch {}
  throw new AppError('bad_request', 'Curseur de pagination invalide.');
}

/** Fetch `limit + 1` rows, return `limit` and the cursor of the last one when more exist. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number | null)[]) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
