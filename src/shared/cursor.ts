import { isStorableInstant } from '../shared/instant.ts';
import { badRequest } from './errors.ts';
import { isUuid } from './ids.ts';

/** Position in a newest-first list: the (created_at, id) of the last row of the previous page. */
export interface Keyset {
  createdAt: Date;
  id: string;
}

/** The opaque `nextCursor` every list answers with. */
export function encodeCursor(row: { created_at: Date; id: string }): string {
  return Buffer.from(`${new Date(row.created_at).toISOString()}|${row.id}`).toString('base64url');
}

/**
 * Reads a cursor back; anything this API did not hand out is a 400 naming the field: exactly a
 * time as this API writes it (ISO 8601 in UTC, within the years the database stores) and a UUID.
 */
export function decodeCursor(cursor: string): Keyset {
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const [at = '', id = ''] = parts;
  const createdAt = new Date(at);
  if (parts.length !== 2 || !isUuid(id) || !isStorableInstant(createdAt) || createdAt.toISOString() !== at) {
    throw badRequest('invalid_cursor', 'The cursor is not valid; start again from the first page.', {
      field: 'cursor',
    });
  }
  return { createdAt, id };
}

/** A list's page size: the asked one within 1..max, else the default. */
export function pageLimit(asked: number | undefined, fallback: number, max: number): number {
  return Math.min(Math.max(asked ?? fallback, 1), max);
}

/**
 * Lists read `limit + 1` rows: the first `limit` are the page, and one more means there is a
 * next page, which starts after the page's last row.
 */
export function splitPage<R extends { created_at: Date; id: string }>(rows: R[], limit: number) {
  const page = rows.slice(0, limit);
  return { page, nextCursor: rows.length > limit ? encodeCursor(page.at(-1)!) : null };
}
