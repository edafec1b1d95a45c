import type { Executor } from '../db/types.ts';

/** The SQL of group membership and training assignment (see membership.ts for the rules). */
export const membershipRepository = {
  groupsByIds(db: Executor, orgId: string, ids: string[]) {
    return db
      .selectFrom('groups')
      .select(['id', 'name'])
      .where('org_id', '=', orgId)
      .where('id', 'in', ids)
      .execute();
  },

  allGroups(db: Executor, orgId: string) {
    return db.selectFrom('groups').select(['id', 'name']).where('org_id', '=', orgId).execute();
  },

  /** Existing memberships are kept as they are. */
  async addMember(
    db: Executor,
    orgId: string,
    memberId: string,
    groupIds: string[],
    now: Date,
  ): Promise<void> {
    await db
      .insertInto('group_members')
      .values(groupIds.map((group_id) => ({ org_id: orgId, group_id, member_id: memberId, created_at: now })))
      .onConflict((oc) => oc.columns(['group_id', 'member_id']).doNothing())
      .execute();
  },

  trainingsOf(db: Executor, orgId: string, groupIds: string[]) {
    return db
      .selectFrom('trainings')
      .select(['id', 'group_id'])
      .where('org_id', '=', orgId)
      .where('group_id', 'in', groupIds)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  },

  /** Existing assignments are kept as they are. */
  async assignTrainings(
    db: Executor,
    rows: Array<{
      org_id: string;
      member_id: string;
      training_id: string;
      group_id: string;
      assigned_at: Date;
    }>,
  ): Promise<void> {
    await db
      .insertInto('training_assignments')
      .values(rows)
      .onConflict((oc) => oc.columns(['member_id', 'training_id']).doNothing())
      .execute();
  },
};
