import { type SelectQueryBuilder, sql } from 'kysely';

/**
 * Rows after a keyset position, newest first. A row comparison is an index bound on
 * (…, created_at, id), so page k costs what page 1 costs (an OR of two comparisons is not).
 */
export function beforeKeyset(cursor: { createdAt: Date; id: string }, table?: string) {
  const prefix = table ? sql.raw(`${table}.`) : sql.raw('');
  return sql<boolean>`(${prefix}created_at, ${prefix}id) < (${cursor.createdAt}, ${cursor.id}::uuid)`;
}

/** Rows at or after `floor` in a newest-first list (the lower end of a bounded scan). */
export function notBeforeKeyset(floor: { createdAt: Date; id: string }) {
  return sql<boolean>`(created_at, id) >= (${floor.createdAt}, ${floor.id}::uuid)`;
}

/** One page of a newest-first list: after the cursor, `limit + 1` rows (the extra one says "more"). */
export function newestFirstPage<DB, TB extends keyof DB, O>(
  q: SelectQueryBuilder<DB, TB, O>,
  page: { limit: number; cursor?: { createdAt: Date; id: string } },
) {
  const bounded = page.cursor ? q.where(beforeKeyset(page.cursor)) : q;
  return bounded
    .orderBy(sql`created_at`, 'desc')
    .orderBy(sql`id`, 'desc')
    .limit(page.limit + 1);
}
