import { sql, type Updateable } from 'kysely';
import { beforeKeyset } from '../db/keyset.ts';
import type { Executor, MembersTable } from '../db/types.ts';

export interface MemberFilter {
  status?: 'active' | 'deactivated' | 'never_signed_in';
  q?: string;
  limit: number;
  after?: { createdAt: Date; id: string };
  onlyId?: string;
  /** For managers: only members of these groups (an empty list: nobody). */
  inGroups?: string[];
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export const memberRepository = {
  /** Members newest first (keyset on created_at desc, id desc), with their user's address and name. */
  list(db: Executor, orgId: string, filter: MemberFilter) {
    let q = db
      .selectFrom('members')
      .innerJoin('users', 'users.id', 'members.user_id')
      .select([
        'members.id',
        'members.user_id',
        'users.email',
        'users.name',
        'members.role',
        'members.permissions',
        'members.status',
        'members.first_sign_in_at',
        'members.last_sign_in_at',
        'members.created_at',
      ])
      .where('members.org_id', '=', orgId);
    if (filter.onlyId) q = q.where('members.id', '=', filter.onlyId);
    if (filter.inGroups) {
      const groups = filter.inGroups;
      if (groups.length === 0) return Promise.resolve([]);
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('group_members')
            .select('group_members.member_id')
            .whereRef('group_members.member_id', '=', 'members.id')
            .where('group_members.group_id', 'in', groups),
        ),
      );
    }
    if (filter.status === 'active' || filter.status === 'deactivated')
      q = q.where('members.status', '=', filter.status);
    if (filter.status === 'never_signed_in')
      q = q.where('members.status', '=', 'active').where('members.first_sign_in_at', 'is', null);
    if (filter.q) {
      const pattern = `%${escapeLike(filter.q.toLowerCase())}%`;
      q = q.where((eb) =>
        eb.or([
          eb(sql`lower(users.email::text)`, 'like', pattern),
          eb(sql`lower(users.name)`, 'like', pattern),
        ]),
      );
    }
    if (filter.after) q = q.where(beforeKeyset(filter.after, 'members'));
    return q
      .orderBy('members.created_at', 'desc')
      .orderBy('members.id', 'desc')
      .limit(filter.limit)
      .execute();
  },

  groupsOf(db: Executor, memberIds: string[]) {
    if (memberIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('group_members')
      .innerJoin('groups', 'groups.id', 'group_members.group_id')
      .select(['group_members.member_id', 'groups.id', 'groups.name'])
      .where('group_members.member_id', 'in', memberIds)
      .orderBy('groups.name')
      .execute();
  },

  trainingsOf(db: Executor, memberIds: string[]) {
    if (memberIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('training_assignments')
      .innerJoin('trainings', 'trainings.id', 'training_assignments.training_id')
      .select([
        'training_assignments.member_id',
        'trainings.id',
        'trainings.name',
        'trainings.launch_url',
        'trainings.app_id',
      ])
      .where('training_assignments.member_id', 'in', memberIds)
      .orderBy('training_assignments.assigned_at')
      .orderBy('trainings.name')
      .execute();
  },

  findForUpdate(db: Executor, orgId: string, id: string) {
    return db
      .selectFrom('members')
      .innerJoin('users', 'users.id', 'members.user_id')
      .selectAll('members')
      .select(['users.email', 'users.name'])
      .where('members.org_id', '=', orgId)
      .where('members.id', '=', id)
      .forUpdate('members')
      .executeTakeFirst();
  },

  /** Locks the organization row: serialises the "last active owner" rule. */
  lockOrganization(db: Executor, orgId: string) {
    return db.selectFrom('organizations').select('id').where('id', '=', orgId).forUpdate().executeTakeFirst();
  },

  countActiveOwners(db: Executor, orgId: string, exceptMemberId: string) {
    return db
      .selectFrom('members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId)
      .where('role', '=', 'owner')
      .where('status', '=', 'active')
      .where('id', '!=', exceptMemberId)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  },

  update(db: Executor, id: string, patch: Updateable<MembersTable>) {
    return db.updateTable('members').set(patch).where('id', '=', id).execute();
  },

  clearManagedGroups(db: Executor, memberId: string) {
    return db
      .updateTable('group_members')
      .set({ is_manager: false })
      .where('member_id', '=', memberId)
      .where('is_manager', '=', true)
      .execute();
  },
};
