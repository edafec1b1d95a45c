import type { Executor } from '../db/types.ts';

/** What an invitation email names besides the invitation row: groups, trainings, the inviter's address. */
export const invitationEmailRepository = {
  /** These groups of the organization with their trainings' names, in name order. */
  async groupsWithTrainings(
    db: Executor,
    orgId: string,
    groupIds: string[],
  ): Promise<Map<string, { name: string; trainings: string[] }>> {
    const out = new Map<string, { name: string; trainings: string[] }>();
    if (groupIds.length === 0) return out;
    const groups = await db
      .selectFrom('groups')
      .select(['id', 'name'])
      .where('org_id', '=', orgId)
      .where('id', 'in', groupIds)
      .execute();
    for (const g of groups) out.set(g.id, { name: g.name, trainings: [] });
    const trainings = await db
      .selectFrom('trainings')
      .select(['group_id', 'name'])
      .where('org_id', '=', orgId)
      .where('group_id', 'in', groupIds)
      .orderBy('name')
      .execute();
    for (const t of trainings) out.get(t.group_id)?.trainings.push(t.name);
    return out;
  },

  /**
   * Who hears that an invitee asked for a new invitation: the inviter while still an active member
   * of the organization, otherwise its active owners and admins.
   */
  async renewalRecipients(
    db: Executor,
    orgId: string,
    inviterUserId: string | null,
  ): Promise<Array<{ email: string; name: string; locale: string | null }>> {
    const base = db
      .selectFrom('members')
      .innerJoin('users', 'users.id', 'members.user_id')
      .select(['users.email', 'users.name', 'users.locale'])
      .where('members.org_id', '=', orgId)
      .where('members.status', '=', 'active');
    if (inviterUserId) {
      const inviter = await base.where('members.user_id', '=', inviterUserId).execute();
      if (inviter.length) return inviter;
    }
    return base.where('members.role', 'in', ['owner', 'admin']).orderBy('users.email').limit(20).execute();
  },

  /** Whether this kind of event was recorded for the invitation since `since`. */
  async hasEventSince(db: Executor, invitationId: string, type: string, since: Date): Promise<boolean> {
    const row = await db
      .selectFrom('invitation_events')
      .select('id')
      .where('invitation_id', '=', invitationId)
      .where('type', '=', type)
      .where('at', '>=', since)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  },

  async userAddresses(
    db: Executor,
    userIds: string[],
  ): Promise<Map<string, { email: string; name: string }>> {
    if (userIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('users')
      .select(['id', 'email', 'name'])
      .where('id', 'in', userIds)
      .execute();
    return new Map(rows.map((r) => [r.id, { email: r.email, name: r.name }]));
  },
};
