import { type RawBuilder, sql } from 'kysely';
import { type AuditEntry, auditRepository } from '../audit/repository.ts';
import type { OrganizationBranding } from '../branding/repository.ts';
import { creditRepository } from '../credits/repository.ts';
import type { Executor, Invitation, InvitationStatus, NewInvitation, Organization } from '../db/types.ts';
import type { JobInsert } from '../jobs/queue.ts';
import { mailRepository, type NewEmailRow } from '../mail/repository.ts';
import { type EventInput, eventRow, OPEN_STATUSES_SQL } from './repository.ts';

/** The unique index that keeps one open invitation per address and organization. */
export const OPEN_EMAIL_INDEX = 'invitations_open_email_uq';

/** Everything creating invitations reads, as of one statement. */
export interface CreationState {
  org: Organization;
  /** Members of the organization with one of the addresses. */
  members: Array<{ email: string; status: 'active' | 'deactivated' }>;
  /** Open invitations (scheduled, pending, expired) to one of the addresses. */
  open: Array<{ email: string; status: InvitationStatus; expires_at: Date | null }>;
  /** Invitation and reminder emails queued per address (lower case) since the hour began. */
  recent: Array<{ address: string; n: number }>;
  /** The balance, read under the organization row's lock, when credits are on (and asked for). */
  creditsBalance: number | null;
  /** The organization's default invitation template per language it has one in. */
  invitationTemplates: Record<string, { subject: string; html: string; text: string }>;
  /** What its emails show of the organization (look, sender name, Reply-To choice). */
  branding: OrganizationBranding;
  /** The asked-for groups of the organization with their trainings' names, in name order. */
  groups: Map<string, { name: string; trainings: string[] }>;
  /** The inviting user's address, when a user invites. */
  inviters: Map<string, { email: string; name: string }>;
}

export const invitationCreateRepository = {
  /**
   * One statement instead of six: the organization, who among `emails` is a member or holds an
   * open invitation, how many invitation emails each address got since `since`, the default
   * invitation template and, with `lockCredits`, the credit balance under the organization row's
   * lock. The lock is taken only when credits are on, so invites of an organization without
   * credits never queue behind each other. With it, what the invitation emails name: the logo,
   * the groups `groupIds` with their trainings and the inviting user `inviterUserId`.
   */
  async creationState(
    db: Executor,
    orgId: string,
    emails: string[],
    since: Date,
    options: { lockCredits: boolean; groupIds?: string[]; inviterUserId?: string | null },
  ): Promise<CreationState | undefined> {
    const groupIds = sql.val(options.groupIds ?? []);
    const lowered = sql.val(emails.map((e) => e.toLowerCase()));
    const credits = options.lockCredits
      ? sql<number | null>`(SELECT c.credits_balance FROM organizations c
          WHERE c.id = o.id AND c.credits_enabled FOR UPDATE)`
      : sql<number | null>`NULL::int`;
    const row = await db
      .selectFrom('organizations as o')
      .selectAll('o')
      .select([
        sql<
          CreationState['members']
        >`(SELECT coalesce(json_agg(json_build_object('email', u.email, 'status', m.status)), '[]')
          FROM members m JOIN users u ON u.id = m.user_id
          WHERE m.org_id = o.id AND lower(u.email::text) = any(${lowered}::text[]))`.as('found_members'),
        sql<Array<{ email: string; status: InvitationStatus; expires_at: string | null }>>`(SELECT
          coalesce(json_agg(json_build_object('email', i.email, 'status', i.status, 'expires_at', i.expires_at)), '[]')
          FROM invitations i
          WHERE i.org_id = o.id AND i.status IN ${OPEN_STATUSES_SQL}
            AND lower(i.email::text) = any(${lowered}::text[]))`.as('found_open'),
        sql<
          CreationState['recent']
        >`(SELECT coalesce(json_agg(json_build_object('address', r.address, 'n', r.n)), '[]')
          FROM (SELECT lower(e.to_address) AS address, count(*)::int AS n FROM emails e
            WHERE e.org_id = o.id AND lower(e.to_address) = any(${lowered}::text[])
              AND e.created_at > ${since} AND e.kind IN ('invitation', 'reminder')
            GROUP BY lower(e.to_address)) r)`.as('found_recent'),
        credits.as('locked_credits_balance'),
        sql<CreationState['invitationTemplates']>`(SELECT coalesce(json_object_agg(t.locale,
            json_build_object('subject', t.subject, 'html', t.html, 'text', t.text)), '{}')
          FROM email_templates t WHERE t.org_id = o.id AND t.kind = 'invitation' AND t.is_default)`.as(
          'default_invitation_template',
        ),
        sql<{ sha256: string; width: number; height: number } | null>`(SELECT
          json_build_object('sha256', l.sha256, 'width', l.width, 'height', l.height)
          FROM organization_logos l WHERE l.org_id = o.id)`.as('found_logo'),
        sql<Array<{ id: string; name: string; trainings: string[] }>>`(SELECT
          coalesce(json_agg(json_build_object('id', g.id, 'name', g.name, 'trainings',
            (SELECT coalesce(json_agg(t.name ORDER BY t.name), '[]') FROM trainings t
              WHERE t.org_id = o.id AND t.group_id = g.id))), '[]')
          FROM groups g WHERE g.org_id = o.id AND g.id = any(${groupIds}::uuid[]))`.as('found_groups'),
        sql<{ id: string; email: string; name: string } | null>`(SELECT
          json_build_object('id', u.id, 'email', u.email, 'name', u.name)
          FROM users u WHERE u.id = ${options.inviterUserId ?? null}::uuid)`.as('found_inviter'),
      ])
      .where('o.id', '=', orgId)
      .executeTakeFirst();
    if (!row) return undefined;
    const {
      found_members,
      found_open,
      found_recent,
      locked_credits_balance,
      default_invitation_template,
      found_logo,
      found_groups,
      found_inviter,
      ...org
    } = row;
    return {
      org: org as Organization,
      members: found_members,
      open: found_open.map((o) => ({ ...o, expires_at: o.expires_at ? new Date(o.expires_at) : null })),
      recent: found_recent,
      creditsBalance: locked_credits_balance,
      invitationTemplates: default_invitation_template,
      branding: {
        id: org.id,
        name: org.name,
        accent_color: org.accent_color,
        reply_to_inviter: org.reply_to_inviter,
        logo_sha256: found_logo?.sha256 ?? null,
        logo_width: found_logo?.width ?? null,
        logo_height: found_logo?.height ?? null,
      },
      groups: new Map(found_groups.map((g) => [g.id, { name: g.name, trainings: g.trainings }])),
      inviters: new Map(
        found_inviter ? [[found_inviter.id, { email: found_inviter.email, name: found_inviter.name }]] : [],
      ),
    };
  },

  /**
   * Writes new invitations with everything that comes with them in ONE statement (a WITH of
   * inserts): their events, outbox emails, audit entries, jobs and, when credits are on, the held
   * credits (balance and ledger). The rows carry their ids, so nothing waits for another's answer.
   * An address that gained an open invitation meanwhile fails the whole statement on
   * OPEN_EMAIL_INDEX: nothing is written, and the caller checks again.
   */
  async insertCreated(
    trx: Executor,
    w: {
      invitations: Array<NewInvitation & { id: string }>;
      events: EventInput[];
      emails: NewEmailRow[];
      audit: AuditEntry[];
      jobs: JobInsert[];
      credits: { orgId: string; actorName: string | null; at: Date } | null;
    },
  ): Promise<Invitation[]> {
    if (w.invitations.length === 0) return [];
    const parts = [
      sql`inserted AS (${trx.insertInto('invitations').values(w.invitations).returningAll()})`,
      sql`events AS (${trx.insertInto('invitation_events').values(w.events.map(eventRow))})`,
    ];
    if (w.emails.length > 0) parts.push(sql`emails_out AS (${mailRepository.insertQuery(trx, w.emails)})`);
    if (w.audit.length > 0) parts.push(sql`audit AS (${auditRepository.insertQuery(trx, w.audit)})`);
    if (w.credits) {
      const { balance, ledger } = creditRepository.holdQueries(
        trx,
        w.credits.orgId,
        w.invitations.map((i) => i.id),
        w.credits.actorName,
        w.credits.at,
      );
      parts.push(sql`credit_balance AS (${balance})`, sql`credit_ledger AS (${ledger})`);
    }
    const wakeUps: RawBuilder<unknown>[] = [];
    w.jobs.forEach((job, i) => {
      // pg-boss's statement reads its jobs from $1: that place becomes this statement's parameter.
      const [before, after, ...rest] = job.text.split('$1');
      if (after === undefined || rest.length > 0) throw new Error('unexpected job insert statement');
      parts.push(sql`${sql.id(`jobs_${i}`)} AS (${sql.raw(before!)}${job.payload}${sql.raw(after)})`);
      if (job.notify) {
        parts.push(sql`${sql.id(`wake_${i}`)} AS (${sql.raw(job.notify)})`);
        // A SELECT in a WITH runs only when read.
        wakeUps.push(sql`EXISTS (SELECT FROM ${sql.id(`wake_${i}`)})`);
      }
    });
    const where = wakeUps.length > 0 ? sql` WHERE ${sql.join(wakeUps, sql` AND `)}` : sql``;
    const { rows } =
      await sql<Invitation>`WITH ${sql.join(parts, sql`, `)} SELECT * FROM inserted${where}`.execute(trx);
    return rows;
  },
};
