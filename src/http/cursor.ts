import { isUuid } from './authenticate.ts';
import { badRequest } from './errors.ts';

/** Position in a newest-first list: the (created_at, id) of the last row of the previous page. */
export interface Keyset {
  createdAt: Date;
  id: string;
}

/** The opaque `nextCursor` every list answers with. */
export function encodeCursor(row: { created_at: Date; id: string }): string {
  return Buffer.from(`${new Date(row.created_at).toISOString()}|${row.id}`).toString('base64url');
}

/** Reads a cursor back; anything this API did not hand out is a 400 naming the field. */
export function decodeCursor(cursor: string): Keyset {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || !isUuid(id) || Number.isNaN(createdAt.getTime())) {
    throw badRequest('invalid_cursor', 'The cursor is not valid; start again from the first page.', {
      field: 'cursor',
    });
  }
  return { createdAt, id };
}
