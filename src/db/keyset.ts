import { sql } from 'kysely';

/**
 * Rows after a keyset position, newest first. A row comparison is an index bound on
 * (…, created_at, id), so page k costs what page 1 costs (an OR of two comparisons is not).
 */
export function beforeKeyset(cursor: { createdAt: Date; id: string }, table?: string) {
  const prefix = table ? sql.raw(`${table}.`) : sql.raw('');
  return sql<boolean>`(${prefix}created_at, ${prefix}id) < (${cursor.createdAt}, ${cursor.id}::uuid)`;
}
