import { type RawBuilder, sql } from 'kysely';
import { beforeKeyset } from '../db/keyset.ts';
import type { Executor, Invitation } from '../db/types.ts';

/** Where delivery problems are looked for: open invitations whose email failed or bounced. */
export interface ProblemScope {
  orgId: string;
  /** A manager's groups: only invitations wholly inside them. */
  managedGroupIds?: string[];
}

/**
 * The mail server's answer as a group key: its first line, addresses masked (servers quote the
 * recipient, which would make every answer unique), spaces collapsed, at most 200 characters.
 */
const ANSWER_KEY = sql<string>`left(btrim(regexp_replace(regexp_replace(
    split_part(coalesce(delivery_detail, ''), E'\n', 1),
    '<?[^<>[:space:]@]+@[^<>[:space:]@]+>?', '<address>', 'g'),
    '[[:space:]]+', ' ', 'g')), 200)`;

const DOMAIN = sql<string>`lower(substring(email::text from '[^@]+$'))`;

function problemWhere(scope: ProblemScope): RawBuilder<boolean> {
  const managed = scope.managedGroupIds;
  return sql<boolean>`org_id = ${scope.orgId}::uuid
    AND delivery_status IN ('failed', 'bounced')
    AND status IN ('scheduled', 'pending', 'expired')
    ${managed ? sql`AND group_ids <> '{}' AND group_ids <@ ${sql.val(managed)}::uuid[]` : sql``}`;
}

export const deliveryRepository = {
  /** Problem invitations counted by recipient domain, most first. */
  async byDomain(db: Executor, scope: ProblemScope, limit: number) {
    const { rows } = await sql<{ domain: string; count: number; bounced: number; latest: Date }>`
      SELECT ${DOMAIN} AS domain, count(*)::int AS count,
             count(*) FILTER (WHERE delivery_status = 'bounced')::int AS bounced,
             max(last_event_at) AS latest
      FROM invitations WHERE ${problemWhere(scope)}
      GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${limit}
    `.execute(db);
    return rows;
  },

  /** Problem invitations counted by the server's answer (its masked first line), most first. */
  async byAnswer(db: Executor, scope: ProblemScope, limit: number) {
    const { rows } = await sql<{ answer: string; count: number; domains: number; latest: Date }>`
      SELECT ${ANSWER_KEY} AS answer, count(*)::int AS count,
             count(DISTINCT ${DOMAIN})::int AS domains, max(last_event_at) AS latest
      FROM invitations WHERE ${problemWhere(scope)}
      GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${limit}
    `.execute(db);
    return rows;
  },

  async total(db: Executor, scope: ProblemScope): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM invitations WHERE ${problemWhere(scope)}
    `.execute(db);
    return rows[0]?.n ?? 0;
  },

  /** The invitations behind a group (a domain, an answer, or both), newest first. */
  async invitations(
    db: Executor,
    scope: ProblemScope,
    filter: { domain?: string; answer?: string; limit: number; cursor?: { createdAt: Date; id: string } },
  ): Promise<Invitation[]> {
    const { rows } = await sql<Invitation>`
      SELECT * FROM invitations WHERE ${problemWhere(scope)}
        ${filter.domain !== undefined ? sql`AND ${DOMAIN} = ${filter.domain.toLowerCase()}` : sql``}
        ${filter.answer !== undefined ? sql`AND ${ANSWER_KEY} = ${filter.answer}` : sql``}
        ${filter.cursor ? sql`AND ${beforeKeyset(filter.cursor)}` : sql``}
      ORDER BY created_at DESC, id DESC LIMIT ${filter.limit + 1}
    `.execute(db);
    return rows;
  },
};
