import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { beforeKeyset, notBeforeKeyset } from '../db/keyset.ts';
import type {
  ActorType,
  Database,
  Executor,
  Invitation,
  InvitationStatus,
  InvitationUpdate,
  NewInvitation,
} from '../db/types.ts';
import type { SearchPlan } from './search-plan.ts';

export interface EventInput {
  orgId: string;
  invitationId: string;
  type: string;
  actor: { type: ActorType; id: string | null; name: string | null };
  detail?: Record<string, unknown> | null;
  at: Date;
}

export interface ListFilter {
  orgId: string;
  /** Effective statuses: `pending` excludes rows past expiry, `expired` includes them. */
  statuses?: InvitationStatus[];
  search?: SearchPlan;
  limit: number;
  cursor?: { createdAt: Date; id: string };
  /** A bounded scan stops at this row (inclusive): see `scanFloor`. */
  floor?: { createdAt: Date; id: string };
  now: Date;
  /** Managers see invitations into the groups they manage only. */
  groupScope?: string[];
  /** Only invitations into this group (a group's page). */
  inGroup?: string;
  /** The overview's figures, as list filters. */
  expiringWithinHours?: number;
  scheduledWithinDays?: number;
  deliveryProblem?: boolean;
  acceptedSince?: Date;
  opened?: boolean;
}

const OPEN: InvitationStatus[] = ['scheduled', 'pending', 'expired'];

/**
 * The open statuses written into the SQL, not passed as parameters: a prepared statement's generic
 * plan can match the partial unique index on open invitations only when the statement names them
 * itself (with parameters, an ON CONFLICT on that index fails outright).
 */
export const OPEN_STATUSES_SQL = sql.raw(`(${OPEN.map((s) => `'${s}'`).join(', ')})`);

/** An event as its invitation_events row. */
export function eventRow(e: EventInput) {
  return {
    org_id: e.orgId,
    invitation_id: e.invitationId,
    type: e.type,
    actor_type: e.actor.type,
    actor_id: e.actor.id,
    actor_name: e.actor.name,
    detail: e.detail ? JSON.stringify(e.detail) : null,
    at: e.at,
  };
}

type InvitationsEb = ExpressionBuilder<Database, 'invitations'>;
type Condition = (eb: InvitationsEb) => Expression<SqlBool>;

/**
 * The effective-status filter as conditions on stored columns: none, one, or (for "expired"
 * without "pending") the recorded rows and the pending rows past expiry, read as two branches.
 */
function statusBranches(f: ListFilter): Condition[] {
  if (!f.statuses?.length) return [];
  const want = new Set(f.statuses);
  const wantsPending = want.has('pending');
  const wantsExpired = want.has('expired');
  const stored: InvitationStatus[] = [...want].filter((s) => s !== 'pending' && s !== 'expired');
  if (wantsPending && wantsExpired) stored.push('pending', 'expired');
  if (wantsPending === wantsExpired) return [(eb) => eb('status', 'in', stored)];
  if (wantsPending) {
    // Pending rows past expiry count as expired until the sweep records it.
    return [
      (eb) =>
        eb.and([
          eb('status', 'in', [...stored, 'pending']),
          eb.or([eb('status', '!=', 'pending'), eb('expires_at', '>', f.now)]),
        ]),
    ];
  }
  return [
    (eb) => eb('status', 'in', [...stored, 'expired']),
    (eb) => eb.and([eb('status', '=', 'pending'), eb('expires_at', '<=', f.now)]),
  ];
}

/** The status branches as one condition, for a query that does not read them separately. */
const anyBranch =
  (branches: Condition[]): Condition =>
  (eb) =>
    eb.or(branches.map((c) => c(eb)));

/** What every list query shares besides status and search: the manager's groups, the keyset bounds. */
function scopeAndBounds(f: ListFilter): Condition[] {
  const out: Condition[] = [];
  const { groupScope, inGroup, cursor, floor } = f;
  if (groupScope) out.push(() => sql<boolean>`group_ids && ${sql.val(groupScope)}::uuid[]`);
  if (inGroup) out.push(() => sql<boolean>`group_ids @> array[${inGroup}]::uuid[]`);
  if (cursor) out.push(() => beforeKeyset(cursor));
  if (floor) out.push(() => notBeforeKeyset(floor));
  return [...out, ...overviewFilters(f)];
}

const HOUR = 3_600_000;

/** The overview's figures as conditions: each matches its figure's count exactly. */
function overviewFilters(f: ListFilter): Condition[] {
  const out: Condition[] = [];
  const { now, expiringWithinHours: hours, scheduledWithinDays: days, acceptedSince, opened } = f;
  if (hours !== undefined)
    out.push((eb) =>
      eb.and([
        eb('status', '=', 'pending'),
        eb('expires_at', '>', now),
        eb('expires_at', '<=', new Date(now.getTime() + hours * HOUR)),
      ]),
    );
  if (days !== undefined)
    out.push((eb) =>
      eb.and([
        eb('status', '=', 'scheduled'),
        eb('send_at', '<=', new Date(now.getTime() + days * 24 * HOUR)),
      ]),
    );
  if (f.deliveryProblem === true)
    out.push((eb) =>
      eb.and([
        eb('status', 'in', ['pending', 'expired']),
        eb('delivery_status', 'in', ['failed', 'bounced']),
      ]),
    );
  if (f.deliveryProblem === false)
    out.push((eb) =>
      eb.or([
        eb('status', 'not in', ['pending', 'expired']),
        eb('delivery_status', 'not in', ['failed', 'bounced']),
      ]),
    );
  if (acceptedSince)
    out.push((eb) => eb.and([eb('status', '=', 'accepted'), eb('accepted_at', '>=', acceptedSince)]));
  if (opened !== undefined) out.push((eb) => eb('first_viewed_at', opened ? 'is not' : 'is', null));
  return out;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** GIN is asked for the planned part of the term only; the whole term is checked on what it finds. */
function searchCondition(s: SearchPlan) {
  // No LIKE for a short term: the planner would read the whole trigram index for it.
  if (s.short) return sql<boolean>`strpos(lower(email::text), ${s.term}) > 0`;
  const like = sql<boolean>`lower(email::text) like ${likePattern(s.indexed)}`;
  if (s.indexed === s.term) return like;
  return sql<boolean>`${like} and strpos(lower(email::text), ${s.term}) > 0`;
}

/** When an invitation's reminder is due: its organization's lead before its expiry. */
const REMIND_AT = sql`invitations.expires_at - make_interval(days => organizations.reminder_days_before_expiry)`;

export const invitationRepository = {
  /** Inserts invitations; an address that already has an open one is skipped (not returned). */
  async insertMany(db: Executor, rows: NewInvitation[]): Promise<Invitation[]> {
    if (rows.length === 0) return [];
    return db
      .insertInto('invitations')
      .values(rows)
      .onConflict((oc) =>
        oc
          .expression(sql`org_id, (lower(email::text))`)
          .where(sql<boolean>`status in ${OPEN_STATUSES_SQL}`)
          .doNothing(),
      )
      .returningAll()
      .execute();
  },

  findById(db: Executor, orgId: string, id: string) {
    return db
      .selectFrom('invitations')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /** The invitation a link names, in whatever organization: the link's MAC is checked next. */
  findByLinkId(db: Executor, id: string) {
    return db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Whether the invitation's history holds any event of these types (how it was opened). */
  async hasEventOf(db: Executor, invitationId: string, types: string[]): Promise<boolean> {
    const row = await db
      .selectFrom('invitation_events')
      .select('id')
      .where('invitation_id', '=', invitationId)
      .where('type', 'in', types)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  },

  /** Locks the row: accept, decline and admin actions on one invitation serialise here. */
  findByIdForUpdate(db: Executor, id: string) {
    return db.selectFrom('invitations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  findOpenByEmails(db: Executor, orgId: string, emails: string[]) {
    if (emails.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('invitations')
      .select(['id', 'email', 'status', 'expires_at'])
      .where('org_id', '=', orgId)
      .where('status', 'in', OPEN)
      .where(sql<boolean>`lower(email::text) = any(${sql.val(emails.map((e) => e.toLowerCase()))}::text[])`)
      .execute();
  },

  findMembersByEmails(db: Executor, orgId: string, emails: string[]) {
    if (emails.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('members')
      .innerJoin('users', 'users.id', 'members.user_id')
      .select(['users.email', 'members.status'])
      .where('members.org_id', '=', orgId)
      .where(
        sql<boolean>`lower(users.email::text) = any(${sql.val(emails.map((e) => e.toLowerCase()))}::text[])`,
      )
      .execute();
  },

  /** Invitation emails queued per address since `since`: the per-recipient limit. */
  recentEmailCounts(db: Executor, orgId: string, emails: string[], since: Date) {
    if (emails.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('emails')
      .select([sql<string>`lower(to_address)`.as('address'), sql<number>`count(*)::int`.as('n')])
      .where('org_id', '=', orgId)
      .where(sql<boolean>`lower(to_address) = any(${sql.val(emails.map((e) => e.toLowerCase()))}::text[])`)
      .where('created_at', '>', since)
      .where('kind', 'in', ['invitation', 'reminder'])
      .groupBy(sql`lower(to_address)`)
      .execute();
  },

  /** Changes one invitation if it is still in one of `fromStatuses`; returns the new row or nothing. */
  update(
    db: Executor,
    orgId: string,
    id: string,
    patch: InvitationUpdate,
    guard: { statuses?: InvitationStatus[] } = {},
  ) {
    let q = db.updateTable('invitations').set(patch).where('org_id', '=', orgId).where('id', '=', id);
    if (guard.statuses) q = q.where('status', 'in', guard.statuses);
    return q.returningAll().executeTakeFirst();
  },

  /** Issues a fresh link: bumps the version so every earlier link stops verifying at once. */
  reissueLink(db: Executor, orgId: string, id: string, patch: InvitationUpdate) {
    return db
      .updateTable('invitations')
      .set((eb) => ({
        ...patch,
        link_version: eb('link_version', '+', 1),
        sent_count: eb('sent_count', '+', 1),
      }))
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  /** reissueLink for many rows at once (bulk resend): same patch, each row's version and count bumped. */
  reissueLinks(db: Executor, orgId: string, ids: string[], patch: InvitationUpdate) {
    if (ids.length === 0) return Promise.resolve([]);
    return (
      db
        .updateTable('invitations')
        .set((eb) => ({
          ...patch,
          link_version: eb('link_version', '+', 1),
          sent_count: eb('sent_count', '+', 1),
        }))
        .where('org_id', '=', orgId)
        // One array parameter instead of one per id: much cheaper for batches of 1,000.
        .where(sql<boolean>`id = any(${sql.val(ids)}::uuid[])`)
        .returningAll()
        .execute()
    );
  },

  async insertEvents(db: Executor, events: EventInput[]): Promise<void> {
    if (events.length === 0) return;
    await db.insertInto('invitation_events').values(events.map(eventRow)).execute();
  },

  /**
   * Locks the invitations among `ids` whose first email is still owed: pending and never sent
   * (created by an import), or scheduled and due. Anything resent, cancelled or moved meanwhile
   * is left out, so a batch job can run twice without sending twice.
   */
  lockFirstSendDue(db: Executor, ids: string[], now: Date) {
    return db
      .selectFrom('invitations')
      .selectAll()
      .where(sql<boolean>`id = any(${sql.val(ids)}::uuid[])`)
      .where((eb) =>
        eb.or([
          eb.and([
            eb('status', '=', 'pending'),
            eb('sent_count', '=', 0),
            eb('delivery_status', '=', 'queued'),
          ]),
          eb.and([eb('status', '=', 'scheduled'), eb('send_at', '<=', now)]),
        ]),
      )
      .orderBy('id')
      .forUpdate()
      .execute();
  },

  /** Records the first send of locked invitations: pending, expiry counted from now. */
  markFirstSent(db: Executor, ids: string[], now: Date, expiresAt: Date) {
    return db
      .updateTable('invitations')
      .set({
        status: 'pending',
        expires_at: expiresAt,
        sent_count: sql<number>`sent_count + 1`,
        last_sent_at: now,
        delivery_status: 'queued',
        last_event_type: 'sent',
        last_event_at: now,
        updated_at: now,
      })
      .where(sql<boolean>`id = any(${sql.val(ids)}::uuid[])`)
      .returningAll()
      .execute();
  },

  listEvents(db: Executor, invitationId: string) {
    return (
      db
        .selectFrom('invitation_events')
        .select(['id', 'type', 'actor_type', 'actor_id', 'actor_name', 'detail', 'at'])
        .where('invitation_id', '=', invitationId)
        // In the order things happened: an expiry is recorded later than the moment it holds.
        .orderBy('at', 'asc')
        .orderBy('id', 'asc')
        .execute()
    );
  },

  /**
   * The `budget`-th row after the cursor among those the other filters keep (no search), newest
   * first: where a bounded scan for a short term stops. None when fewer rows are left.
   */
  async scanFloor(db: Executor, f: ListFilter, budget: number) {
    const status = statusBranches(f);
    let q = db.selectFrom('invitations').select(['created_at', 'id']).where('org_id', '=', f.orgId);
    if (status.length) q = q.where(anyBranch(status));
    for (const c of scopeAndBounds(f)) q = q.where(c);
    const row = await q
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .offset(budget - 1)
      .limit(1)
      .executeTakeFirst();
    return row ? { createdAt: row.created_at, id: row.id } : undefined;
  },

  /** Newest first, keyset-paginated on (created_at, id); uses the (org_id[, status], created_at, id) indexes. */
  list(db: Executor, f: ListFilter) {
    const status = statusBranches(f);
    // Filters every branch shares: search, manager scope, keyset bounds.
    const filtered = <Q extends ReturnType<typeof base>>(q: Q): Q => {
      let r = f.search ? (q.where(searchCondition(f.search)) as Q) : q;
      for (const c of scopeAndBounds(f)) r = r.where(c) as Q;
      return r;
    };
    const base = () => db.selectFrom('invitations').selectAll().where('org_id', '=', f.orgId);
    if (f.search?.selective) {
      // Few matches: take them all through the trigram index, then sort. Materialized, so the
      // planner cannot walk the newest-first index instead and filter thousands of rows; only the
      // keys are kept, and the page's rows are read again by id.
      const anyStatus = status.length > 0 ? anyBranch(status) : null;
      const matches = filtered(base()).clearSelect().select(['id', 'created_at']);
      return db
        .with(
          (cte) => cte('matches').materialized(),
          () => (anyStatus ? matches.where(anyStatus) : matches),
        )
        .selectFrom('invitations')
        .selectAll()
        .where('id', 'in', (qb) =>
          qb
            .selectFrom('matches')
            .select('id')
            .orderBy('created_at', 'desc')
            .orderBy('id', 'desc')
            .limit(f.limit + 1),
        )
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
    }
    const common = <Q extends ReturnType<typeof base>>(q: Q): Q =>
      filtered(q)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(f.limit + 1) as Q;
    const [first, unrecorded] = status;
    if (!first) return common(base()).execute();
    if (!unrecorded) return common(base().where(first)).execute();
    // "Expired": the recorded ones are read in index order and limited (sorting every match is
    // avoided); the unrecorded ones unordered, found directly by the partial index on pending expiries.
    return db
      .selectFrom(
        db
          .selectFrom(common(base().where(first)).as('r'))
          .selectAll()
          .unionAll(db.selectFrom(filtered(base().where(unrecorded)).as('u')).selectAll())
          .as('both'),
      )
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(f.limit + 1)
      .execute();
  },

  /**
   * Lowercased addresses from across an organization's history for the search planner: `probes`
   * runs of `perProbe` rows, each starting at a random point in time (a few index descents).
   */
  async searchSample(db: Executor, orgId: string, probes: number, perProbe: number): Promise<string[]> {
    const { rows } = await sql<{ address: string }>`
      WITH span AS (
        SELECT (SELECT created_at FROM invitations WHERE org_id = ${orgId}
                 ORDER BY created_at ASC, id ASC LIMIT 1) AS lo,
               (SELECT created_at FROM invitations WHERE org_id = ${orgId}
                 ORDER BY created_at DESC, id DESC LIMIT 1) AS hi
      )
      SELECT DISTINCT ON (i.id) lower(i.email::text) AS address
      FROM span, generate_series(1, ${probes}::int) AS p,
        LATERAL (SELECT id, email FROM invitations
                  WHERE org_id = ${orgId}
                    AND created_at <= CASE WHEN p = 1 THEN span.hi ELSE span.hi - (span.hi - span.lo) * random() END
                  ORDER BY created_at DESC, id DESC LIMIT ${perProbe}::int) AS i
    `.execute(db);
    return rows.map((r) => r.address);
  },

  /** Every invitation ever sent to an address (a person's page), newest first. */
  listByEmail(db: Executor, orgId: string, email: string, groupScope: string[] | undefined, limit: number) {
    let q = db
      .selectFrom('invitations')
      .selectAll()
      .where('org_id', '=', orgId)
      .where(sql<boolean>`lower(email::text) = ${email.toLowerCase()}`);
    if (groupScope) q = q.where(sql<boolean>`group_ids && ${sql.val(groupScope)}::uuid[]`);
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
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

  acceptedUsers(db: Executor, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  },

  /** Who did the thing each invitation's `last_event_type` names: its newest event of that type. */
  latestActors(db: Executor, orgId: string, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('invitation_events as e')
      .innerJoin('invitations as i', (join) =>
        join.onRef('i.id', '=', 'e.invitation_id').onRef('i.last_event_type', '=', 'e.type'),
      )
      .distinctOn('e.invitation_id')
      .select(['e.invitation_id', 'e.actor_type', 'e.actor_name'])
      .where('e.org_id', '=', orgId)
      .where('e.invitation_id', 'in', ids)
      .orderBy('e.invitation_id')
      .orderBy('e.id', 'desc')
      .execute();
  },

  /** Pending rows past expiry, recorded as expired in batches, as of the moment each expired. */
  expireDue(db: Executor, now: Date, batch: number) {
    return db
      .updateTable('invitations')
      .set((eb) => ({
        status: 'expired',
        updated_at: now,
        last_event_type: 'expired',
        // Pending rows past expiry have an expiry date (the WHERE below).
        last_event_at: eb.fn.coalesce('expires_at', eb.val(now)),
      }))
      .where(
        'id',
        'in',
        db
          .selectFrom('invitations')
          .select('id')
          .where('status', '=', 'pending')
          .where('expires_at', '<=', now)
          .limit(batch),
      )
      .returning(['id', 'org_id', 'expires_at'])
      .execute();
  },

  /**
   * Pending invitations inside their organization's reminder window that had no reminder yet. An
   * invitation that lasts no longer than the lead (sent while expiry was shorter) gets none: its
   * reminder would go out together with the invitation itself.
   */
  dueForReminder(db: Executor, now: Date, batch: number) {
    return db
      .selectFrom('invitations')
      .innerJoin('organizations', 'organizations.id', 'invitations.org_id')
      .selectAll('invitations')
      .select(['organizations.name as org_name'])
      .where('invitations.status', '=', 'pending')
      .where('invitations.reminded_at', 'is', null)
      .where('organizations.reminder_days_before_expiry', 'is not', null)
      .where('invitations.expires_at', '>', now)
      .where(sql<boolean>`${REMIND_AT} <= ${now}`)
      .where(sql<boolean>`${REMIND_AT} > coalesce(invitations.last_sent_at, invitations.created_at)`)
      .limit(batch)
      .execute();
  },
};
