import type { Insertable, Updateable } from 'kysely';
import { sql } from 'kysely';
import { newestFirstPage } from '../db/keyset.ts';
import type { Executor } from '../db/types.ts';
import type { ValidatedRows } from './row-validator.ts';
import type { ImportRecord, ImportRow, ImportsTable, RowOutcome } from './tables.ts';

export interface RowResult {
  row: number;
  outcome: RowOutcome;
  reasonCode: string | null;
  reason: string | null;
  invitationId: string | null;
}

/** Problems that mean "nothing to do" rather than "wrong": the row is skipped, not failed. */
export const SKIP_CODES = ['duplicate', 'already_invited', 'already_member'];

const ROW_INSERT_CHUNK = 5000;

/** Rows (lower-cased email → status) whose address is among `emails`. */
function pick(rows: { email: string; status: string }[], emails: string[]): Map<string, string> {
  const wanted = new Set(emails.map((e) => e.toLowerCase()));
  const out = new Map<string, string>();
  for (const r of rows) if (wanted.has(r.email)) out.set(r.email, r.status);
  return out;
}

export const importRepository = {
  /**
   * Session settings for one chunk's transaction. The trigram index on invitations.email takes
   * most of a bulk insert's time when every row goes straight into the GIN tree; a larger pending
   * list defers it to one bulk merge (mergeDeferredIndexEntries, or autovacuum). No wait for the
   * disk at the chunk's commit: if the server crashed before flushing it, the chunk is redone by
   * the job's retry (its rows still lack an outcome); the job is only marked complete by a later,
   * synchronous commit, which flushes every chunk first.
   */
  async tuneChunkTransaction(trx: Executor): Promise<void> {
    await sql`SET LOCAL gin_pending_list_limit = '64MB'`.execute(trx);
    await sql`SET LOCAL synchronous_commit = off`.execute(trx);
  },

  /** Merges the GIN entries deferred during an import now, in bulk, rather than in a later insert. */
  async mergeDeferredIndexEntries(db: Executor): Promise<void> {
    await sql`SELECT gin_clean_pending_list(c.oid) FROM pg_class c WHERE c.relname = 'invitations_email_trgm_idx'`.execute(
      db,
    );
  },

  /** The job gave up: a running import shows as failed, with what is done kept. */
  async markFailed(db: Executor, importId: string, error: string, now: Date): Promise<void> {
    await db
      .updateTable('imports')
      .set({ status: 'failed', error: error.slice(0, 500), finished_at: now })
      .where('id', '=', importId)
      .where('status', '=', 'running')
      .execute();
  },

  insert(db: Executor, values: Insertable<ImportsTable>): Promise<ImportRecord> {
    return db.insertInto('imports').values(values).returningAll().executeTakeFirstOrThrow();
  },

  /** Multi-row inserts through unnest(): one statement and eleven array parameters per 5,000 rows. */
  async insertRows(db: Executor, importId: string, rows: ValidatedRows): Promise<void> {
    for (let i = 0; i < rows.count; i += ROW_INSERT_CHUNK) {
      const end = Math.min(rows.count, i + ROW_INSERT_CHUNK);
      const problems = Array.from({ length: end - i }, (_, k) => rows.problems.get(i + k));
      await sql`
        INSERT INTO import_rows (import_id, row_number, email, group_ids, role, problem_code, problem_column, problem_message, problems, metadata, app_id, return_path, expiry_days, locale)
        SELECT ${importId}::uuid, t.n, t.e, CASE WHEN t.g = '' THEN '{}'::uuid[] ELSE string_to_array(t.g, ',')::uuid[] END,
               t.r, t.pc, t.pcol, t.pm, t.p::jsonb, t.m::jsonb, t.a, t.rp, t.x, t.l
        FROM unnest(
          ${sql.val(rows.rowNumbers.slice(i, end))}::int[],
          ${sql.val(rows.emails.slice(i, end))}::text[],
          ${sql.val(rows.groupIds.slice(i, end))}::text[],
          ${sql.val(rows.roles.slice(i, end))}::text[],
          ${sql.val(problems.map((p) => (p ? p[0]!.code : null)))}::text[],
          ${sql.val(problems.map((p) => (p ? p[0]!.column : null)))}::text[],
          ${sql.val(problems.map((p) => (p ? p[0]!.message : null)))}::text[],
          ${sql.val(problems.map((p) => (p ? JSON.stringify(p) : null)))}::text[],
          ${sql.val(rows.metadata.slice(i, end))}::text[],
          ${sql.val(rows.appIds.slice(i, end))}::uuid[],
          ${sql.val(rows.returnPaths.slice(i, end))}::text[],
          ${sql.val(rows.expiryDays.slice(i, end))}::smallint[],
          ${sql.val(rows.locales.slice(i, end))}::text[]
        ) AS t(n, e, g, r, pc, pcol, pm, p, m, a, rp, x, l)
      `.execute(db);
    }
  },

  find(db: Executor, orgId: string, id: string) {
    return db
      .selectFrom('imports')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /** Serialises chunks of one import (two workers after a retry never take the same rows). */
  lock(db: Executor, id: string) {
    return db.selectFrom('imports').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  async analyzeRows(db: Executor): Promise<void> {
    await sql`ANALYZE import_rows`.execute(db);
  },

  /** For one chunk of the running job: other chunks may hold it too; cancel's FOR UPDATE waits. */
  lockForChunk(db: Executor, id: string) {
    return db.selectFrom('imports').selectAll().where('id', '=', id).forKeyShare().executeTakeFirst();
  },

  async hasUnprocessedRows(db: Executor, importId: string): Promise<boolean> {
    const row = await db
      .selectFrom('import_rows')
      .select('row_number')
      .where('import_id', '=', importId)
      .where('outcome', 'is', null)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  },

  update(db: Executor, id: string, patch: Updateable<ImportsTable>) {
    return db.updateTable('imports').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  },

  bump(db: Executor, id: string, d: { processed: number; created: number; skipped: number; failed: number }) {
    return db
      .updateTable('imports')
      .set((eb) => ({
        processed: eb('processed', '+', d.processed),
        created: eb('created', '+', d.created),
        skipped: eb('skipped', '+', d.skipped),
        failed: eb('failed', '+', d.failed),
      }))
      .where('id', '=', id)
      .execute();
  },

  list(
    db: Executor,
    orgId: string,
    f: { limit: number; cursor?: { createdAt: Date; id: string }; createdBy?: string },
  ) {
    let q = db.selectFrom('imports').selectAll().where('org_id', '=', orgId);
    if (f.createdBy) q = q.where('created_by_user_id', '=', f.createdBy);
    return newestFirstPage(q, f).execute();
  },

  /**
   * Gives rows with a preview problem their outcome at confirm; `possible_typo` rows go ahead
   * when the administrator chose to import them as typed. Returns the counts per outcome.
   */
  async settleProblemRows(
    db: Executor,
    importId: string,
    allowTypos: boolean,
  ): Promise<{ skipped: number; failed: number }> {
    const { rows } = await sql<{ outcome: RowOutcome; n: number }>`
      WITH u AS (
        UPDATE import_rows
        SET outcome = CASE WHEN problem_code = ANY(${sql.val(SKIP_CODES)}::text[]) THEN 'skipped' ELSE 'failed' END,
            reason_code = problem_code, reason = problem_message
        WHERE import_id = ${importId} AND outcome IS NULL AND problem_code IS NOT NULL
          AND NOT (${allowTypos} AND problem_code = 'possible_typo')
        RETURNING outcome
      )
      SELECT outcome, count(*)::int AS n FROM u GROUP BY outcome
    `.execute(db);
    const n = (o: RowOutcome) => Number(rows.find((r) => r.outcome === o)?.n ?? 0);
    return { skipped: n('skipped'), failed: n('failed') };
  },

  countToRun(db: Executor, importId: string) {
    return db
      .selectFrom('import_rows')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('import_id', '=', importId)
      .where('outcome', 'is', null)
      .executeTakeFirstOrThrow();
  },

  /** Distinct roles and groups of the rows still to run: the confirming actor must be allowed them. */
  async pendingRolesAndGroups(
    db: Executor,
    importId: string,
  ): Promise<{ roles: string[]; groupIds: string[] }> {
    const { rows } = await sql<{ roles: string[] | null; groups: string[] | null }>`
      SELECT array_agg(DISTINCT role) AS roles,
             (SELECT array_agg(DISTINCT g) FROM import_rows r2, unnest(r2.group_ids) g WHERE r2.import_id = ${importId} AND r2.outcome IS NULL) AS groups
      FROM import_rows WHERE import_id = ${importId} AND outcome IS NULL
    `.execute(db);
    return { roles: rows[0]?.roles ?? [], groupIds: rows[0]?.groups ?? [] };
  },

  /** Every role the import's rows invite as (its invitations carry these). */
  async rolesOf(db: Executor, importId: string): Promise<string[]> {
    const { rows } = await sql<{ roles: string[] | null }>`
      SELECT array_agg(DISTINCT role) AS roles FROM import_rows WHERE import_id = ${importId}
    `.execute(db);
    return rows[0]?.roles ?? [];
  },

  /**
   * Rows with no outcome yet, in file order: what a (re)started job has left to do. `afterRow`
   * (the last row of the previous chunk) starts the primary-key walk past the rows already done.
   */
  nextRows(db: Executor, importId: string, limit: number, afterRow = 0, lock = true) {
    const q = db
      .selectFrom('import_rows')
      // Group ids as one string: split here, and joined again for the insert.
      .select(['row_number', 'email', 'role', sql<string>`array_to_string(group_ids, ',')`.as('group_list')])
      .where('import_id', '=', importId)
      .where('row_number', '>', afterRow)
      .where('outcome', 'is', null)
      .orderBy('row_number')
      .limit(limit);
    return lock ? q.forUpdate().skipLocked().execute() : q.execute();
  },

  async setOutcomes(db: Executor, importId: string, results: RowResult[]): Promise<void> {
    if (results.length === 0) return;
    await sql`
      UPDATE import_rows AS r
      SET outcome = v.o, reason_code = v.rc, reason = v.rs, invitation_id = v.inv
      FROM unnest(
        ${sql.val(results.map((x) => x.row))}::int[],
        ${sql.val(results.map((x) => x.outcome))}::text[],
        ${sql.val(results.map((x) => x.reasonCode))}::text[],
        ${sql.val(results.map((x) => x.reason))}::text[],
        ${sql.val(results.map((x) => x.invitationId))}::uuid[]
      ) AS v(n, o, rc, rs, inv)
      WHERE r.import_id = ${importId} AND r.row_number = v.n
    `.execute(db);
  },

  /** Cancelling: rows not yet processed are skipped. Returns how many. */
  async skipRemaining(db: Executor, importId: string, reason: string): Promise<number> {
    const res = await db
      .updateTable('import_rows')
      .set({ outcome: 'skipped', reason_code: 'cancelled', reason })
      .where('import_id', '=', importId)
      .where('outcome', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  },

  /** One page of rows for results.csv, keyset on row_number. */
  resultsPage(db: Executor, importId: string, after: number, limit: number): Promise<ImportRow[]> {
    return db
      .selectFrom('import_rows')
      .selectAll()
      .where('import_id', '=', importId)
      .where('row_number', '>', after)
      .orderBy('row_number')
      .limit(limit)
      .execute();
  },

  /** How many rows ended each way (created, skipped, failed), by reason. */
  outcomeCounts(db: Executor, importId: string) {
    return db
      .selectFrom('import_rows')
      .select(['outcome', 'reason_code', 'reason', sql<number>`count(*)::int`.as('n')])
      .where('import_id', '=', importId)
      .where('outcome', 'is not', null)
      .groupBy(['outcome', 'reason_code', 'reason'])
      .execute();
  },

  /**
   * Rows with problems in file order after `afterRow`, optionally only those with a problem of
   * one kind (`problems` holds every problem of the row; `problem_code` only the first).
   */
  problemRows(db: Executor, importId: string, page: { limit: number; afterRow?: number; code?: string }) {
    let q = db
      .selectFrom('import_rows')
      .select(['row_number', 'email', 'problems'])
      .where('import_id', '=', importId)
      .where('problem_code', 'is not', null)
      .where('row_number', '>', page.afterRow ?? 0);
    if (page.code) q = q.where(sql<boolean>`problems @> ${JSON.stringify([{ code: page.code }])}::jsonb`);
    return q.orderBy('row_number').limit(page.limit).execute();
  },

  /** Rows per kind of problem (a row with two kinds counts in both). */
  async problemCounts(db: Executor, importId: string): Promise<Map<string, number>> {
    const { rows } = await sql<{ code: string; n: number }>`
      SELECT p.code, count(DISTINCT r.row_number)::int AS n
      FROM import_rows r, jsonb_to_recordset(r.problems) AS p(code text)
      WHERE r.import_id = ${importId} AND r.problem_code IS NOT NULL
      GROUP BY p.code
    `.execute(db);
    return new Map(rows.map((r) => [r.code, Number(r.n)]));
  },

  /**
   * Members among the addresses. Few addresses: `email = ANY(…)` through the users.email unique
   * index. Many (a big file) and an organization with fewer members than that: read the members
   * once and compare here, which beats 100,000 index probes (and PGlite's per-element citext casts).
   */
  async memberEmails(db: Executor, orgId: string, emails: string[]): Promise<Map<string, string>> {
    if (emails.length === 0) return new Map();
    if (emails.length > 2000) {
      const { rows: c } = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM members WHERE org_id = ${orgId}`.execute(db);
      if ((c[0]?.n ?? 0) <= emails.length) {
        const { rows } = await sql<{ email: string; status: string }>`
          SELECT lower(u.email::text) AS email, m.status FROM members m JOIN users u ON u.id = m.user_id WHERE m.org_id = ${orgId}
        `.execute(db);
        return pick(rows, emails);
      }
    }
    const { rows } = await sql<{ email: string; status: string }>`
      SELECT u.email::text AS email, m.status FROM users u JOIN members m ON m.user_id = u.id AND m.org_id = ${orgId}
      WHERE u.email = ANY(${sql.val(emails)}::text[]::citext[])
    `.execute(db);
    return new Map(rows.map((r) => [r.email.toLowerCase(), r.status]));
  },

  /**
   * Members added to the organization since `since` (lowercased address → status). The import
   * job checks its rows against these only: everyone who was a member at the preview was already
   * refused there, so this is one small read per chunk instead of 2,000 address probes.
   */
  async membersAddedSince(db: Executor, orgId: string, since: Date): Promise<Map<string, string>> {
    const { rows } = await sql<{ email: string; status: string }>`
      SELECT lower(u.email::text) AS email, m.status FROM members m JOIN users u ON u.id = m.user_id
      WHERE m.org_id = ${orgId} AND m.created_at >= ${since}
    `.execute(db);
    return new Map(rows.map((r) => [r.email, r.status]));
  },

  /** Open invitations among the addresses (the open-invitation index, or one read of the open ones). */
  async openInvitationEmails(db: Executor, orgId: string, emails: string[]): Promise<Map<string, string>> {
    if (emails.length === 0) return new Map();
    if (emails.length > 2000) {
      const { rows: c } = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM invitations WHERE org_id = ${orgId} AND status IN ('scheduled','pending','expired')
      `.execute(db);
      if ((c[0]?.n ?? 0) <= emails.length) {
        const { rows } = await sql<{ email: string; status: string }>`
          SELECT lower(email::text) AS email, status FROM invitations WHERE org_id = ${orgId} AND status IN ('scheduled','pending','expired')
        `.execute(db);
        return pick(rows, emails);
      }
    }
    const { rows } = await sql<{ email: string; status: string }>`
      SELECT email::text AS email, status FROM invitations
      WHERE org_id = ${orgId} AND lower(email::text) = ANY(${sql.val(emails.map((e) => e.toLowerCase()))}::text[])
        AND status IN ('scheduled','pending','expired')
    `.execute(db);
    return new Map(rows.map((r) => [r.email.toLowerCase(), r.status]));
  },

  groups(db: Executor, orgId: string) {
    return db
      .selectFrom('groups')
      .select(['id', 'name'])
      .where('org_id', '=', orgId)
      .orderBy('name')
      .execute();
  },

  /**
   * The import's invitations still waiting for their send time, changed in one statement: a new
   * send time (a move) or cancelled. Returns those changed, for their events.
   */
  changeWaitingInvitations(
    db: Executor,
    importId: string,
    change: { sendAt: Date } | { cancelled: true },
    now: Date,
  ) {
    const set =
      'sendAt' in change
        ? { send_at: change.sendAt, last_event_type: 'rescheduled' }
        : { status: 'cancelled' as const, last_event_type: 'cancelled' };
    return db
      .updateTable('invitations')
      .set({ ...set, last_event_at: now, updated_at: now })
      .where('import_id', '=', importId)
      .where('status', '=', 'scheduled')
      .returning(['id', 'org_id'])
      .execute();
  },
};

export interface BulkInvitationInput {
  orgId: string;
  importId: string;
  status: 'pending' | 'scheduled';
  sendAt: Date | null;
  expiresAt: Date | null;
  createdByUserId: string | null;
  createdByName: string | null;
  /** The language of rows that name none: the organization's default as the chunk runs. */
  defaultLocale: string;
  now: Date;
  rows: { id: string; row: number; email: string; role: string; groupIds: string[] }[];
  /** Who the events name, and the events each invitation gets, in order. */
  actor: { type: string; id: string | null; name: string | null };
  events: { type: string; detail: string | null }[];
}

/**
 * The import job's writes, each one statement per chunk through unnest(): a handful of array
 * parameters instead of tens of thousands of scalar ones (PostgreSQL parses and binds each).
 */
export const importBulkRepository = {
  /**
   * invitationRepository.insertMany for a chunk of one import: same ON CONFLICT rule (an address
   * that got an open invitation meanwhile is skipped, not returned).
   */
  async createInvitations(db: Executor, b: BulkInvitationInput): Promise<{ id: string; email: string }[]> {
    if (b.rows.length === 0) return [];
    // Pending rows are created unsent (sent_count 0, delivery queued): their send-batch job
    // records the send. Scheduled rows wait for their send time.
    const scheduled = b.status === 'scheduled';
    const { rows: inserted } = await sql<{ id: string; email: string }>`
      INSERT INTO invitations (id, org_id, email, role, group_ids, status, send_at, expires_at, sent_count,
        delivery_status, last_event_type, last_event_at, created_by_user_id, created_by_name, import_id, created_at, updated_at,
        metadata, app_id, return_path, expiry_days, locale)
      SELECT t.id, ${b.orgId}::uuid, t.e, t.r, CASE WHEN t.g = '' THEN '{}'::uuid[] ELSE string_to_array(t.g, ',')::uuid[] END,
        ${b.status}, ${b.sendAt}::timestamptz, ${b.expiresAt}::timestamptz, 0,
        ${scheduled ? 'none' : 'queued'}, ${scheduled ? 'scheduled' : 'created'}, ${b.now}::timestamptz, ${b.createdByUserId}::uuid, ${b.createdByName}::text,
        ${b.importId}::uuid, ${b.now}::timestamptz, ${b.now}::timestamptz,
        ir.metadata, ir.app_id, ir.return_path, ir.expiry_days, coalesce(ir.locale, ${b.defaultLocale}::text)
      FROM unnest(
        ${sql.val(b.rows.map((r) => r.id))}::uuid[],
        ${sql.val(b.rows.map((r) => r.email))}::text[],
        ${sql.val(b.rows.map((r) => r.role))}::text[],
        ${sql.val(b.rows.map((r) => r.groupIds.join(',')))}::text[],
        ${sql.val(b.rows.map((r) => r.row))}::int[]
      ) AS t(id, e, r, g, n), import_rows ir
      -- The row's metadata, app, return path, expiry and language travel with it from the preview.
      WHERE ir.import_id = ${b.importId}::uuid AND ir.row_number = t.n
      ON CONFLICT (org_id, (lower(email::text))) WHERE status IN ('scheduled','pending','expired') DO NOTHING
      RETURNING id, email::text AS email
    `.execute(db);
    if (inserted.length === 0) return inserted;
    const ids = inserted.map((i) => i.id);
    // Each invitation's events, in order (the same for every one: sent once, not per row).
    await sql`
      INSERT INTO invitation_events (org_id, invitation_id, type, actor_type, actor_id, actor_name, detail, at)
      SELECT ${b.orgId}::uuid, i.id, k.type, ${b.actor.type}, ${b.actor.id}::uuid, ${b.actor.name}::text, k.detail::jsonb, ${b.now}::timestamptz
      FROM unnest(${sql.val(b.events.map((e) => e.type))}::text[], ${sql.val(b.events.map((e) => e.detail))}::text[])
        WITH ORDINALITY AS k(type, detail, n)
      CROSS JOIN unnest(${sql.val(ids)}::uuid[]) AS i(id)
      ORDER BY k.n
    `.execute(db);
    // Their rows' outcome: `created`, with the invitation.
    const rowOf = new Map(b.rows.map((r) => [r.id, r.row]));
    await sql`
      UPDATE import_rows AS r SET outcome = 'created', invitation_id = c.id
      FROM unnest(${sql.val(ids)}::uuid[], ${sql.val(ids.map((id) => rowOf.get(id)!))}::int[]) AS c(id, n)
      WHERE r.import_id = ${b.importId}::uuid AND r.row_number = c.n
    `.execute(db);
    return inserted;
  },
};
