import { sql } from 'kysely';
import { newestFirstPage } from '../db/keyset.ts';
import type { Executor } from '../db/types.ts';
import type { Refusal } from './bulk-resend-tables.ts';

export interface NewBulkResendRun {
  orgId: string;
  actor: { type: 'user' | 'api_key'; id: string; name: string; userId: string | null };
  createdAt: Date;
  invitationIds: string[];
  memberIds: string[];
  ineligible: number;
  sendAt: Date | null;
  templateId: string | null;
  requirePasswordChange: boolean;
  /** 'scheduled' with a future send time: the job starts at sendAt. */
  status: 'scheduled' | 'running';
}

/** Everything but the work list: 100,000 ids stay in the database unless a batch needs a slice. */
const SUMMARY = [
  'id',
  'org_id',
  'status',
  'actor_type',
  'actor_id',
  'actor_name',
  'created_by_user_id',
  'created_at',
  'finished_at',
  'total',
  'processed',
  'sent',
  'refused',
  'ineligible',
  'send_at',
  'template_id',
  'require_password_change',
  'error',
  'cancelled_by_name',
] as const;

/** Background bulk resends (migrations/0010): the run, its work list and its progress. */
export const bulkResendRunRepository = {
  async insert(db: Executor, r: NewBulkResendRun): Promise<{ id: string }> {
    return db
      .insertInto('bulk_resends')
      .values({
        org_id: r.orgId,
        status: r.status,
        actor_type: r.actor.type,
        actor_id: r.actor.id,
        actor_name: r.actor.name,
        created_by_user_id: r.actor.userId,
        created_at: r.createdAt,
        invitation_ids: sql<string[]>`${sql.val(r.invitationIds)}::uuid[]`,
        member_ids: sql<string[]>`${sql.val(r.memberIds)}::uuid[]`,
        total: r.invitationIds.length + r.memberIds.length,
        ineligible: r.ineligible,
        send_at: r.sendAt,
        template_id: r.templateId,
        require_password_change: r.requirePasswordChange,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  },

  /** One batch at a time per run: a redelivered job waits here, then sees the position moved on. */
  lockForBatch(db: Executor, id: string) {
    return db
      .selectFrom('bulk_resends')
      .select([
        ...SUMMARY,
        sql<number>`cardinality(invitation_ids)`.as('invitation_count'),
        sql<number>`jsonb_array_length(refusals)`.as('refusal_count'),
        // The starter's membership now: a run goes no further than its starter's current rights.
        (eb) =>
          eb
            .selectFrom('members')
            .select('members.role')
            .whereRef('members.org_id', '=', 'bulk_resends.org_id')
            .whereRef('members.user_id', '=', 'bulk_resends.created_by_user_id')
            .where('members.status', '=', 'active')
            .as('creator_role'),
      ])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  },

  /** Ids `from` (0-based) onwards, at most `count`, of one half of the work list. */
  async slice(
    db: Executor,
    id: string,
    list: 'invitation_ids' | 'member_ids',
    from: number,
    count: number,
  ): Promise<string[]> {
    const column = sql.ref(list);
    const row = await db
      .selectFrom('bulk_resends')
      .select(sql<string[]>`${column}[${from + 1}::int:${from + count}::int]`.as('ids'))
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return row.ids ?? [];
  },

  /** Counters move with the batch's work, in its transaction: a crash loses or doubles nothing. */
  async advance(
    db: Executor,
    id: string,
    d: { processed: number; sent: number; refused: number; refusals: Refusal[] },
  ): Promise<void> {
    await db
      .updateTable('bulk_resends')
      .set((eb) => ({
        processed: eb('processed', '+', d.processed),
        sent: eb('sent', '+', d.sent),
        refused: eb('refused', '+', d.refused),
        ...(d.refusals.length
          ? { refusals: sql<string>`refusals || ${JSON.stringify(d.refusals)}::jsonb` }
          : {}),
      }))
      .where('id', '=', id)
      .execute();
  },

  /** A scheduled run whose time has come starts (its first batch's transaction). */
  async start(db: Executor, id: string): Promise<void> {
    await db.updateTable('bulk_resends').set({ status: 'running' }).where('id', '=', id).execute();
  },

  /** Locks the run for a change by an administrator (move, cancel). */
  lockInOrg(db: Executor, orgId: string, id: string) {
    return db
      .selectFrom('bulk_resends')
      .select(SUMMARY)
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  },

  async move(db: Executor, id: string, sendAt: Date): Promise<void> {
    await db.updateTable('bulk_resends').set({ send_at: sendAt }).where('id', '=', id).execute();
  },

  async cancel(db: Executor, id: string, at: Date, by: string): Promise<void> {
    await db
      .updateTable('bulk_resends')
      .set({ status: 'cancelled', finished_at: at, cancelled_by_name: by })
      .where('id', '=', id)
      .execute();
  },

  /**
   * Ends a running run, or a scheduled one whose time has come (`dueBy`: its job gave up before
   * the first batch). A scheduled run moved later is left alone: the job for its new time runs it.
   */
  async finish(
    db: Executor,
    id: string,
    status: 'done' | 'failed',
    at: Date,
    error?: string,
    dueBy: Date = at,
  ): Promise<void> {
    await db
      .updateTable('bulk_resends')
      .set({ status, finished_at: at, ...(error ? { error } : {}) })
      .where('id', '=', id)
      .where((eb) =>
        eb.or([
          eb('status', '=', 'running'),
          eb.and([eb('status', '=', 'scheduled'), eb('send_at', '<=', dueBy)]),
        ]),
      )
      .execute();
  },

  find(db: Executor, orgId: string, id: string) {
    return db
      .selectFrom('bulk_resends')
      .select([...SUMMARY, 'refusals'])
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  list(
    db: Executor,
    orgId: string,
    f: { limit: number; cursor?: { createdAt: Date; id: string }; createdBy?: string },
  ) {
    let q = db.selectFrom('bulk_resends').select(SUMMARY).where('org_id', '=', orgId);
    if (f.createdBy) q = q.where('created_by_user_id', '=', f.createdBy);
    return newestFirstPage(q, f).execute();
  },
};
