import { sql } from 'kysely';
import type { Executor } from '../db/types.ts';

const DAY = 86_400_000;
const escapeLike = (s: string) => `%${s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface InvitationSelection {
  orgId: string;
  now: Date;
  /** Effective statuses wanted (pending, expired). */
  statuses: Array<'pending' | 'expired'>;
  olderThanDays?: number;
  q?: string;
  /** Managers: only invitations whose groups they all manage. */
  groupScope?: string[];
  limit: number;
}

export interface MemberSelection {
  orgId: string;
  now: Date;
  olderThanDays?: number;
  q?: string;
  groupScope?: string[];
  limit: number;
}

const MEMBER_COLUMNS = [
  'members.id',
  'members.user_id',
  'members.status',
  'members.role',
  'members.first_sign_in_at',
  'members.created_at',
  'users.email',
  'users.name',
  'users.locale',
] as const;

/** Reads for bulk resend: who a selection or a filter reaches. Writes go through the invitation repository. */
export const bulkResendRepository = {
  invitationsByIds(db: Executor, orgId: string, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('invitations')
      .selectAll()
      .where('org_id', '=', orgId)
      .where(sql<boolean>`id = any(${sql.val(ids)}::uuid[])`)
      .execute();
  },

  /** Locks a batch before reissuing: concurrent accepts, cancels and resends serialise on the rows. */
  lockInvitations(db: Executor, orgId: string, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('invitations')
      .selectAll()
      .where('org_id', '=', orgId)
      .where(sql<boolean>`id = any(${sql.val(ids)}::uuid[])`)
      .orderBy('id')
      .forUpdate()
      .execute();
  },

  invitationsByFilter(db: Executor, f: InvitationSelection) {
    let q = db.selectFrom('invitations').selectAll().where('org_id', '=', f.orgId);
    const pending = f.statuses.includes('pending');
    const expired = f.statuses.includes('expired');
    if (pending && expired) q = q.where('status', 'in', ['pending', 'expired']);
    else if (pending) q = q.where('status', '=', 'pending').where('expires_at', '>', f.now);
    else
      q = q.where((eb) =>
        eb.or([
          eb('status', '=', 'expired'),
          eb.and([eb('status', '=', 'pending'), eb('expires_at', '<=', f.now)]),
        ]),
      );
    if (f.olderThanDays !== undefined) {
      q = q.where(
        sql<boolean>`coalesce(last_sent_at, created_at) <= ${new Date(f.now.getTime() - f.olderThanDays * DAY)}`,
      );
    }
    if (f.q) q = q.where(sql<boolean>`lower(email::text) like ${escapeLike(f.q)}`);
    if (f.groupScope)
      q = q.where(sql<boolean>`cardinality(group_ids) > 0 and group_ids <@ ${sql.val(f.groupScope)}::uuid[]`);
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
  },

  membersByIds(db: Executor, orgId: string, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('members')
      .innerJoin('users', 'users.id', 'members.user_id')
      .select(MEMBER_COLUMNS)
      .where('members.org_id', '=', orgId)
      .where('members.id', 'in', ids)
      .execute();
  },

  /** Members given accounts who never signed in (SPEC §1: derived from the first sign-in). */
  neverSignedIn(db: Executor, f: MemberSelection) {
    let q = db
      .selectFrom('members')
      .innerJoin('users', 'users.id', 'members.user_id')
      .select(MEMBER_COLUMNS)
      .where('members.org_id', '=', f.orgId)
      .where('members.first_sign_in_at', 'is', null);
    if (f.olderThanDays !== undefined)
      q = q.where('members.created_at', '<=', new Date(f.now.getTime() - f.olderThanDays * DAY));
    if (f.q) {
      const pattern = escapeLike(f.q);
      q = q.where((eb) =>
        eb.or([
          eb(sql`lower(users.email::text)`, 'like', pattern),
          eb(sql`lower(users.name)`, 'like', pattern),
        ]),
      );
    }
    if (f.groupScope)
      q = q.where(
        sql<boolean>`exists (select 1 from group_members gm where gm.member_id = members.id and gm.group_id = any(${sql.val(f.groupScope)}::uuid[]))`,
      );
    return q.orderBy('members.created_at', 'desc').orderBy('members.id', 'desc').limit(f.limit).execute();
  },

  /** Members inside a manager's groups, of those given. */
  membersInGroups(db: Executor, memberIds: string[], groupIds: string[]) {
    if (memberIds.length === 0 || groupIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('group_members')
      .select('member_id')
      .distinct()
      .where('member_id', 'in', memberIds)
      .where('group_id', 'in', groupIds)
      .execute();
  },

  lockMembers(db: Executor, orgId: string, ids: string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('members')
      .innerJoin('users', 'users.id', 'members.user_id')
      .select(MEMBER_COLUMNS)
      .where('members.org_id', '=', orgId)
      .where('members.id', 'in', ids)
      .orderBy('members.id')
      .forUpdate('members')
      .execute();
  },

  /** Account-ready emails queued recently to these addresses by this organization: the cooldown. */
  recentAccountReady(db: Executor, orgId: string, emails: string[], since: Date) {
    if (emails.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('emails')
      .select(['to_address', 'created_at'])
      .where('org_id', '=', orgId)
      .where('kind', '=', 'account_ready')
      .where('created_at', '>', since)
      .where(sql<boolean>`lower(to_address) = any(${sql.val(emails.map((e) => e.toLowerCase()))}::text[])`)
      .execute();
  },

  requirePasswordChange(db: Executor, userIds: string[], now: Date) {
    if (userIds.length === 0) return Promise.resolve();
    return db
      .updateTable('users')
      .set({ must_change_password: true, updated_at: now })
      .where('id', 'in', userIds)
      .execute()
      .then(() => undefined);
  },
};
