import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../db/types.ts';

/** The zero uuid: "no import" / "no inviter" in the rollups' keys. */
export const NOBODY = '00000000-0000-0000-0000-000000000000';

/** A manager's reach: invitations into any of these groups (the People list's rule). */
export type Scope = string[] | undefined;

const inScope = (scope: Scope, column = sql.ref('group_ids')): RawBuilder<boolean> =>
  scope ? sql<boolean>`${column} && ${sql.val(scope)}::uuid[]` : sql<boolean>`true`;

export type Breakdown = 'group' | 'import' | 'inviter';

export interface FunnelRow {
  key: string;
  invited: number;
  delivered: number;
  opened: number;
  accepted: number;
}

const KEYS: Record<Breakdown | 'total', RawBuilder<string>> = {
  total: sql<string>`'total'`,
  // An invitation into two groups counts in each; one into none under the zero uuid.
  group: sql<string>`g.id::text`,
  import: sql<string>`c.import_id::text`,
  inviter: sql<string>`c.inviter_id::text`,
};

export const overviewRepository = {
  /** Current invitations per stored status, and open ones whose email failed or bounced. */
  async states(db: Executor, orgId: string, scope: Scope) {
    const { rows } = await sql<{ status: string; delivery_problem: boolean; n: string }>`
      SELECT status, delivery_problem, sum(n)::bigint AS n FROM overview_states
      WHERE org_id = ${orgId} AND ${inScope(scope)}
      GROUP BY 1, 2`.execute(db);
    return rows.map((r) => ({ status: r.status, deliveryProblem: r.delivery_problem, n: Number(r.n) }));
  },

  /**
   * Pending invitations by expiry, from the partial index (group set and first view included):
   * those past expiry the sweep has not recorded yet, those expiring within the window, and of
   * these the ones never opened.
   */
  async pendingByExpiry(db: Executor, orgId: string, now: Date, until: Date, scope: Scope) {
    const { rows } = await sql<{ overdue: number; expiring: number; unopened: number }>`
      SELECT count(*) FILTER (WHERE expires_at <= ${now})::int AS overdue,
             count(*) FILTER (WHERE expires_at > ${now})::int AS expiring,
             count(*) FILTER (WHERE expires_at > ${now} AND first_viewed_at IS NULL)::int AS unopened
      FROM invitations
      WHERE org_id = ${orgId} AND status = 'pending' AND expires_at <= ${until} AND ${inScope(scope)}`.execute(
      db,
    );
    return rows[0] ?? { overdue: 0, expiring: 0, unopened: 0 };
  },

  async scheduledUntil(db: Executor, orgId: string, until: Date, scope: Scope): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM invitations
      WHERE org_id = ${orgId} AND status = 'scheduled' AND send_at <= ${until} AND ${inScope(scope)}`.execute(
      db,
    );
    return rows[0]?.n ?? 0;
  },

  /** Acceptances from day `since` and from day `recent` on (the organization's days), from the daily rollup. */
  async acceptedFrom(db: Executor, orgId: string, since: string, recent: string, scope: Scope) {
    const { rows } = await sql<{ total: number; recent: number }>`
      SELECT coalesce(sum(accepted), 0)::int AS total,
             coalesce(sum(accepted) FILTER (WHERE day >= ${recent}::date), 0)::int AS recent
      FROM overview_daily
      WHERE org_id = ${orgId} AND day >= ${since}::date AND ${inScope(scope)}`.execute(db);
    return rows[0] ?? { total: 0, recent: 0 };
  },

  /**
   * The median time from invitation (or its scheduled send) to acceptance of those accepted since
   * `since`: a range of the accepted-at index (group set and times included), never the table.
   */
  async medianTimeToAccept(db: Executor, orgId: string, since: Date, scope: Scope): Promise<number | null> {
    const { rows } = await sql<{ median_seconds: number | null }>`
      SELECT percentile_cont(0.5) WITHIN GROUP (
               ORDER BY extract(epoch FROM accepted_at - coalesce(send_at, created_at))
             ) AS median_seconds
      FROM invitations
      WHERE org_id = ${orgId} AND status = 'accepted' AND accepted_at >= ${since} AND ${inScope(scope)}`.execute(
      db,
    );
    const m = rows[0]?.median_seconds;
    return m == null ? null : Math.max(0, Math.round(Number(m)));
  },

  /** Emails sent and acceptances per day, `from` to `to` inclusive (the organization's days). */
  async activity(db: Executor, orgId: string, from: string, to: string, scope: Scope) {
    const { rows } = await sql<{ day: string; sent: number; accepted: number }>`
      SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(sent)::int AS sent, sum(accepted)::int AS accepted
      FROM overview_daily
      WHERE org_id = ${orgId} AND day BETWEEN ${from}::date AND ${to}::date AND ${inScope(scope)}
      GROUP BY day`.execute(db);
    return rows;
  },

  /** Invited → delivered → opened → accepted for invitations created from `from` on, by a key. */
  async funnel(db: Executor, orgId: string, from: string, by: Breakdown | 'total', scope: Scope) {
    const groups =
      by === 'group'
        ? sql`CROSS JOIN LATERAL unnest(CASE WHEN cardinality(c.group_ids) = 0
                THEN ARRAY[${NOBODY}::uuid] ELSE c.group_ids END) AS g(id)`
        : sql``;
    // A manager's breakdown by group shows their groups only.
    const groupFilter = by === 'group' && scope ? sql`AND g.id = ANY(${sql.val(scope)}::uuid[])` : sql``;
    const { rows } = await sql<FunnelRow>`
      SELECT ${KEYS[by]} AS key, sum(c.invited)::int AS invited, sum(c.delivered)::int AS delivered,
             sum(c.opened)::int AS opened, sum(c.accepted)::int AS accepted
      FROM overview_cohorts c ${groups}
      WHERE c.org_id = ${orgId} AND c.day >= ${from}::date AND ${inScope(scope, sql.ref('c.group_ids'))} ${groupFilter}
      GROUP BY 1 HAVING sum(c.invited) <> 0
      ORDER BY 2 DESC, 1 LIMIT 50`.execute(db);
    return rows;
  },

  /** Pending invitations expiring within the window that nobody opened, soonest first. */
  expiringUnopened(db: Executor, orgId: string, now: Date, until: Date, scope: Scope, limit: number) {
    return db
      .selectFrom('invitations')
      .select(['id', 'email', 'expires_at'])
      .where('org_id', '=', orgId)
      .where('status', '=', 'pending')
      .where('expires_at', '>', now)
      .where('expires_at', '<=', until)
      .where('first_viewed_at', 'is', null)
      .where(inScope(scope))
      .orderBy('expires_at')
      .limit(limit)
      .execute();
  },

  /** Open invitations whose email failed or bounced, newest first (the delivery-problem index). */
  deliveryProblems(db: Executor, orgId: string, scope: Scope, limit: number) {
    return db
      .selectFrom('invitations')
      .select(['id', 'email', 'delivery_status', 'delivery_detail'])
      .where('org_id', '=', orgId)
      .where('status', 'in', ['pending', 'expired'])
      .where('delivery_status', 'in', ['failed', 'bounced'])
      .where(inScope(scope))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  },

  /** The latest imports with rows that failed; `createdBy` narrows to one person's imports. */
  importsWithFailures(db: Executor, orgId: string, createdBy: string | undefined, limit: number) {
    let q = db
      .selectFrom('imports')
      .select(['id', 'file_name', 'failed', 'total', 'created_at'])
      .where('org_id', '=', orgId)
      .where('failed', '>', 0);
    if (createdBy) q = q.where('created_by_user_id', '=', createdBy);
    return q.orderBy('created_at', 'desc').limit(limit).execute();
  },

  groupNames(db: Executor, orgId: string, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('groups')
      .select(['id', 'name'])
      .where('org_id', '=', orgId)
      .where('id', 'in', ids)
      .execute();
  },

  importNames(db: Executor, orgId: string, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('imports')
      .select(['id', 'file_name as name', 'created_at'])
      .where('org_id', '=', orgId)
      .where('id', 'in', ids)
      .execute();
  },

  userNames(db: Executor, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  },

  timeZone(db: Executor, orgId: string) {
    return db.selectFrom('organizations').select('time_zone').where('id', '=', orgId).executeTakeFirst();
  },

  /**
   * Folds every key that has loose delta rows into one row. One statement per table: the rows it
   * deletes and the sums it writes come from the same snapshot, so a delta committed meanwhile is
   * neither lost nor counted twice.
   */
  async compact(db: Executor): Promise<number> {
    const states = await sql`
      WITH touched AS (SELECT DISTINCT org_id, group_ids, status, delivery_problem FROM overview_states WHERE NOT compacted),
      gone AS (
        DELETE FROM overview_states s USING touched t
        WHERE s.org_id = t.org_id AND s.group_ids = t.group_ids AND s.status = t.status
          AND s.delivery_problem = t.delivery_problem
        RETURNING s.*
      )
      INSERT INTO overview_states (org_id, group_ids, status, delivery_problem, n, compacted)
      SELECT org_id, group_ids, status, delivery_problem, sum(n), true FROM gone
      GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0`.execute(db);
    const cohorts = await sql`
      WITH touched AS (
        SELECT DISTINCT org_id, day, group_ids, import_id, inviter_id FROM overview_cohorts WHERE NOT compacted
      ),
      gone AS (
        DELETE FROM overview_cohorts c USING touched t
        WHERE c.org_id = t.org_id AND c.day = t.day AND c.group_ids = t.group_ids
          AND c.import_id = t.import_id AND c.inviter_id = t.inviter_id
        RETURNING c.*
      )
      INSERT INTO overview_cohorts (org_id, day, group_ids, import_id, inviter_id, invited, delivered, opened, accepted, compacted)
      SELECT * FROM (
        SELECT org_id, day, group_ids, import_id, inviter_id, sum(invited)::int AS invited,
               sum(delivered)::int AS delivered, sum(opened)::int AS opened, sum(accepted)::int AS accepted, true
        FROM gone GROUP BY 1, 2, 3, 4, 5
      ) k WHERE (invited, delivered, opened, accepted) <> (0, 0, 0, 0)`.execute(db);
    const daily = await sql`
      WITH touched AS (SELECT DISTINCT org_id, day, group_ids FROM overview_daily WHERE NOT compacted),
      gone AS (
        DELETE FROM overview_daily d USING touched t
        WHERE d.org_id = t.org_id AND d.day = t.day AND d.group_ids = t.group_ids
        RETURNING d.*
      )
      INSERT INTO overview_daily (org_id, day, group_ids, sent, accepted, compacted)
      SELECT * FROM (
        SELECT org_id, day, group_ids, sum(sent)::int AS sent, sum(accepted)::int AS accepted, true
        FROM gone GROUP BY 1, 2, 3
      ) k WHERE (sent, accepted) <> (0, 0)`.execute(db);
    return [states, cohorts, daily].reduce((s, r) => s + Number(r.numAffectedRows ?? 0), 0);
  },

  /**
   * Recounts an organization's per-day rollups in its (new) time zone, in the caller's
   * transaction. Each table in one statement, for the same reason as `compact`.
   */
  async recountDays(trx: Executor, orgId: string): Promise<void> {
    await sql`
      WITH gone AS (DELETE FROM overview_cohorts WHERE org_id = ${orgId})
      INSERT INTO overview_cohorts (org_id, day, group_ids, import_id, inviter_id, invited, delivered, opened, accepted, compacted)
      SELECT i.org_id, (i.created_at AT TIME ZONE o.time_zone)::date, i.group_ids,
             coalesce(i.import_id, ${NOBODY}::uuid), coalesce(i.created_by_user_id, ${NOBODY}::uuid),
             count(*),
             count(*) FILTER (WHERE i.delivery_status = 'sent' OR i.first_viewed_at IS NOT NULL OR i.status = 'accepted'),
             count(*) FILTER (WHERE i.first_viewed_at IS NOT NULL OR i.status = 'accepted'),
             count(*) FILTER (WHERE i.status = 'accepted'),
             true
      FROM invitations i JOIN organizations o ON o.id = i.org_id
      WHERE i.org_id = ${orgId}
      GROUP BY 1, 2, 3, 4, 5`.execute(trx);
    await sql`
      WITH gone AS (DELETE FROM overview_daily WHERE org_id = ${orgId})
      INSERT INTO overview_daily (org_id, day, group_ids, sent, accepted, compacted)
      SELECT org_id, day, group_ids, sum(sent), sum(accepted), true FROM (
        SELECT e.org_id, (e.at AT TIME ZONE o.time_zone)::date AS day, i.group_ids, count(*) AS sent, 0 AS accepted
        FROM invitation_events e JOIN invitations i ON i.id = e.invitation_id JOIN organizations o ON o.id = e.org_id
        WHERE e.org_id = ${orgId} AND e.type IN ('sent', 'resent', 'renewed') GROUP BY 1, 2, 3
        UNION ALL
        SELECT i.org_id, (i.accepted_at AT TIME ZONE o.time_zone)::date, i.group_ids, 0, count(*)
        FROM invitations i JOIN organizations o ON o.id = i.org_id
        WHERE i.org_id = ${orgId} AND i.status = 'accepted' AND i.accepted_at IS NOT NULL GROUP BY 1, 2, 3
      ) d GROUP BY 1, 2, 3`.execute(trx);
  },
};
