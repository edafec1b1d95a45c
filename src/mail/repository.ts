import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import { beforeKeyset } from '../db/keyset.ts';
import type { EmailStatus, EmailsTable, Executor, InvitationStatus } from '../db/types.ts';

type EmailRow = Selectable<EmailsTable>;

/** An email with what the worker needs to know about its invitation (if any). */
export type EmailForSend = Pick<
  EmailRow,
  | 'id'
  | 'org_id'
  | 'invitation_id'
  | 'kind'
  | 'to_address'
  | 'subject'
  | 'html'
  | 'text'
  | 'link_version'
  | 'link_path'
  | 'link_ott_id'
  | 'status'
  | 'message_id'
  | 'claim_job_id'
  | 'from_name'
  | 'reply_to_address'
  | 'reply_to_name'
> & {
  inv_status: InvitationStatus | null;
  inv_link_version: number | null;
  inv_expires_at: Date | null;
};

export interface OrgRate {
  id: string;
  rate: number;
  recent: number;
}

export interface OutboxFilter {
  orgId: string;
  statuses?: EmailStatus[];
  invitationId?: string;
  /** Part of the recipient address, lower case. */
  to?: string;
  limit: number;
  cursor?: { createdAt: Date; id: string };
}

const LIST_COLUMNS = [
  'id',
  'org_id',
  'invitation_id',
  'kind',
  'to_address',
  'subject',
  'status',
  'attempts',
  'last_response',
  'link_version',
  'link_path',
  'link_ott_id',
  'created_at',
  'sent_at',
  'bounced_at',
  'from_name',
  'reply_to_address',
  'reply_to_name',
] as const;

/** An outbox row as the outbox writes it, rendered and with its stable Message-ID. */
export type NewEmailRow = Pick<
  EmailRow,
  Exclude<
    keyof EmailForSend,
    'status' | 'claim_job_id' | 'inv_status' | 'inv_link_version' | 'inv_expires_at'
  >
> & { send_after: Date; created_at: Date };

/** Every SQL statement of the mail feature. */

export const mailRepository = {
  /** Outbox rows in ONE statement over arrays (unnest): a few parameters instead of 14 per row. */
  async insertEmails(trx: Executor, rows: NewEmailRow[], now: Date): Promise<void> {
    const col = <K extends keyof NewEmailRow>(k: K) => sql.val(rows.map((r) => r[k]));
    await sql`
      INSERT INTO emails (id, org_id, invitation_id, kind, to_address, subject, html, text, link_version, link_path, link_ott_id, message_id, send_after, from_name, reply_to_address, reply_to_name, created_at)
      SELECT t.id, t.org, t.inv, t.kind, t.addr, t.subj, t.html, t.txt, t.lv, t.lp, t.lo, t.mid, t.sa, t.fn, t.rta, t.rtn, ${now}::timestamptz
      FROM unnest(${col('id')}::uuid[], ${col('org_id')}::uuid[], ${col('invitation_id')}::uuid[], ${col('kind')}::text[],
        ${col('to_address')}::text[], ${col('subject')}::text[], ${col('html')}::text[], ${col('text')}::text[], ${col('link_version')}::int[],
        ${col('link_path')}::text[], ${col('link_ott_id')}::uuid[], ${col('message_id')}::text[], ${col('send_after')}::timestamptz[],
        ${col('from_name')}::text[], ${col('reply_to_address')}::text[], ${col('reply_to_name')}::text[])
        AS t(id, org, inv, kind, addr, subj, html, txt, lv, lp, lo, mid, sa, fn, rta, rtn)
    `.execute(trx);
  },

  /** The INSERT of these outbox rows, unexecuted: for a caller that writes them within its own statement. */
  insertQuery(db: Executor, rows: NewEmailRow[]) {
    return db.insertInto('emails').values(rows);
  },

  /** Emails of these invitations still waiting are cancelled (their link was replaced or killed). */
  async cancelQueuedOf(
    trx: Executor,
    invitationIds: string[],
    reason = 'superseded before sending',
  ): Promise<void> {
    await trx
      .updateTable('emails')
      .set({ status: 'cancelled', last_response: reason })
      .where('invitation_id', 'in', invitationIds)
      .where('status', '=', 'queued')
      .execute();
  },

  async loadForSend(db: Executor, emailIds: string[]): Promise<EmailForSend[]> {
    if (emailIds.length === 0) return [];
    return db
      .selectFrom('emails as e')
      .leftJoin('invitations as i', 'i.id', 'e.invitation_id')
      .select([
        'e.id',
        'e.org_id',
        'e.invitation_id',
        'e.kind',
        'e.to_address',
        'e.subject',
        'e.html',
        'e.text',
        'e.link_version',
        'e.link_path',
        'e.link_ott_id',
        'e.status',
        'e.message_id',
        'e.claim_job_id',
        'e.from_name',
        'e.reply_to_address',
        'e.reply_to_name',
        'i.status as inv_status',
        'i.link_version as inv_link_version',
        'i.expires_at as inv_expires_at',
      ])
      .where('e.id', 'in', emailIds)
      .execute() as Promise<EmailForSend[]>;
  },

  /**
   * Serialises the throttle decision per organization across processes (transaction-scoped
   * advisory locks, taken in a fixed order so two workers never wait on each other in a circle).
   */
  async lockOrganizations(trx: Executor, orgIds: string[]): Promise<void> {
    for (const id of [...orgIds].sort()) {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`beckon-mail:${id}`}, 0))`.execute(trx);
    }
  },

  /**
   * Each organization's sends-per-minute setting and the send attempts it started since `since`,
   * counted only up to the rate (all the throttle needs), so a large budget costs no long scan.
   */
  async orgRates(db: Executor, orgIds: string[], since: Date): Promise<OrgRate[]> {
    if (orgIds.length === 0) return [];
    const orgs = await db
      .selectFrom('organizations')
      .select(['id', 'send_rate_per_minute as rate'])
      .where('id', 'in', orgIds)
      .execute();
    const out: OrgRate[] = [];
    for (const o of orgs) {
      const rate = Number(o.rate);
      const result = await sql<{ n: number }>`
        SELECT count(*) AS n FROM (
          SELECT 1 FROM emails WHERE org_id = ${o.id} AND claimed_at > ${since} LIMIT ${rate}
        ) AS recent`.execute(db);
      out.push({ id: o.id, rate, recent: Number(result.rows[0]?.n ?? 0) });
    }
    return out;
  },

  /** Start times of the organization's attempts in the window, oldest first: when capacity frees up. */
  async claimTimesSince(db: Executor, orgId: string, since: Date, limit: number): Promise<Date[]> {
    const rows = await db
      .selectFrom('emails')
      .select('claimed_at')
      .where('org_id', '=', orgId)
      .where('claimed_at', '>', since)
      .orderBy('claimed_at', 'asc')
      .limit(limit)
      .execute();
    return rows.map((r) => new Date(r.claimed_at as Date));
  },

  /** The organization's next free send slot, if a backlog was scheduled (read under the org lock). */
  async nextSlot(db: Executor, orgId: string): Promise<Date | null> {
    const row = await db
      .selectFrom('mail_throttle')
      .select('next_slot_at')
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    return row ? new Date(row.next_slot_at) : null;
  },

  async setNextSlot(db: Executor, orgId: string, at: Date): Promise<void> {
    await db
      .insertInto('mail_throttle')
      .values({ org_id: orgId, next_slot_at: at })
      .onConflict((oc) => oc.column('org_id').doUpdateSet({ next_slot_at: at }))
      .execute();
  },

  /** Marks emails sending on behalf of a job; returns the ids actually claimed (still queued/sending). */
  async claim(
    trx: Executor,
    items: Array<{ emailId: string; jobId: string }>,
    now: Date,
  ): Promise<Set<string>> {
    if (items.length === 0) return new Set();
    const result = await sql<{ id: string }>`
      UPDATE emails AS e
      SET status = 'sending', claimed_at = ${now}, claim_job_id = v.job_id, attempts = e.attempts + 1
      FROM unnest(${items.map((i) => i.emailId)}::uuid[], ${items.map((i) => i.jobId)}::text[]) AS v(email_id, job_id)
      WHERE e.id = v.email_id AND e.status IN ('queued', 'sending')
      RETURNING e.id`.execute(trx);
    return new Set(result.rows.map((r) => r.id));
  },

  async cancel(trx: Executor, emailIds: string[], reason: string): Promise<void> {
    if (emailIds.length === 0) return;
    await trx
      .updateTable('emails')
      .set({ status: 'cancelled', last_response: reason })
      .where('id', 'in', emailIds)
      .where('status', 'in', ['queued', 'sending'])
      .execute();
  },

  /** Accepted by the server (or captured): one statement for the whole batch. */
  async markSent(
    trx: Executor,
    items: Array<{ id: string; response: string }>,
    status: 'sent' | 'captured',
    now: Date,
  ): Promise<void> {
    if (items.length === 0) return;
    await sql`
      UPDATE emails AS e
      SET status = ${status}, sent_at = ${now}, last_response = v.response
      FROM unnest(${items.map((i) => i.id)}::uuid[], ${items.map((i) => i.response)}::text[]) AS v(id, response)
      WHERE e.id = v.id AND e.status = 'sending'`.execute(trx);
  },

  /** Back to queued after a temporary failure; pg-boss runs the job again later. */
  async markRetrying(trx: Executor, id: string, response: string): Promise<void> {
    await trx
      .updateTable('emails')
      .set({ status: 'queued', last_response: response })
      .where('id', '=', id)
      .where('status', '=', 'sending')
      .execute();
  },

  async markFailed(trx: Executor, id: string, response: string): Promise<void> {
    await trx
      .updateTable('emails')
      .set({ status: 'failed', last_response: response })
      .where('id', '=', id)
      .where('status', 'in', ['queued', 'sending'])
      .execute();
  },

  /**
   * Sets the invitations' delivery state, but only where the email is still the current one
   * (same link version): a later resend owns the delivery state from then on.
   */
  async setInvitationDelivery(
    trx: Executor,
    items: Array<{ invitationId: string; linkVersion: number | null; detail: string }>,
    status: 'sent' | 'failed' | 'bounced' | null,
  ): Promise<string[]> {
    if (items.length === 0) return [];
    const result = await sql<{ id: string }>`
      UPDATE invitations AS i
      SET delivery_status = COALESCE(${status}, i.delivery_status), delivery_detail = v.detail
      FROM unnest(${items.map((i) => i.invitationId)}::uuid[], ${items.map((i) => i.linkVersion)}::int[], ${items.map((i) => i.detail)}::text[])
        AS v(invitation_id, link_version, detail)
      WHERE i.id = v.invitation_id AND (v.link_version IS NULL OR i.link_version = v.link_version)
      RETURNING i.id`.execute(trx);
    return result.rows.map((r) => r.id);
  },

  /** One history line written by the system, which also becomes the invitation's "last updated". */
  async addSystemEvent(
    trx: Executor,
    e: {
      orgId: string;
      invitationId: string;
      type: string;
      detail: Record<string, unknown>;
      at: Date;
      actorName: string;
    },
  ): Promise<void> {
    await trx
      .insertInto('invitation_events')
      .values({
        org_id: e.orgId,
        invitation_id: e.invitationId,
        type: e.type,
        actor_type: 'system',
        actor_id: null,
        actor_name: e.actorName,
        detail: JSON.stringify(e.detail),
        at: e.at,
      })
      .execute();
    await trx
      .updateTable('invitations')
      .set({ last_event_type: e.type, last_event_at: e.at })
      .where('id', '=', e.invitationId)
      .where('last_event_at', '<=', e.at)
      .execute();
  },

  findByMessageId(db: Executor, messageId: string) {
    return db
      .selectFrom('emails')
      .select(['id', 'org_id', 'invitation_id', 'kind', 'to_address', 'link_version', 'status', 'bounced_at'])
      .where('message_id', '=', messageId)
      .executeTakeFirst();
  },

  async markBounced(trx: Executor, id: string, reason: string, now: Date): Promise<boolean> {
    const result = await trx
      .updateTable('emails')
      .set({ bounced_at: now, last_response: reason })
      .where('id', '=', id)
      .where('bounced_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  /** Outbox page, newest first (keyset on created_at, id). Bodies are not read here. */
  list(db: Executor, f: OutboxFilter) {
    let q = db.selectFrom('emails').select(LIST_COLUMNS).where('org_id', '=', f.orgId);
    if (f.statuses?.length) q = q.where('status', 'in', f.statuses);
    if (f.invitationId) q = q.where('invitation_id', '=', f.invitationId);
    if (f.cursor) q = q.where(beforeKeyset(f.cursor));
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
  },

  /** Emails with their bodies (outbox detail, an invitation's emails, the mailbox). */
  listWithBodies(db: Executor, f: OutboxFilter) {
    let q = db
      .selectFrom('emails')
      .select([...LIST_COLUMNS, 'html', 'text'])
      .where('org_id', '=', f.orgId);
    if (f.statuses?.length) q = q.where('status', 'in', f.statuses);
    if (f.invitationId) q = q.where('invitation_id', '=', f.invitationId);
    if (f.to) q = q.where(sql<boolean>`strpos(lower(to_address::text), ${f.to}) > 0`);
    if (f.cursor) q = q.where(beforeKeyset(f.cursor));
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
  },

  findWithBody(db: Executor, orgId: string, id: string) {
    return db
      .selectFrom('emails')
      .select([...LIST_COLUMNS, 'html', 'text'])
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  findInvitation(db: Executor, orgId: string, id: string) {
    return db
      .selectFrom('invitations')
      .select(['id', 'org_id', 'group_ids', 'link_version', 'status'])
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  },
};

export type OutboxRow = Awaited<ReturnType<typeof mailRepository.list>>[number];
export type OutboxRowWithBody = Awaited<ReturnType<typeof mailRepository.findWithBody>> & {};
