import { sql } from 'kysely';
import type { Executor } from '../db/types.ts';

export interface TrainingDetail {
  id: string;
  name: string;
  launchUrl: string | null;
  appId: string | null;
}

export interface GroupRow {
  id: string;
  name: string;
  trainings: string[];
  trainingDetails: TrainingDetail[];
  managerIds: string[];
  memberCount: number;
}

export const groupRepository = {
  /** Groups of an organization with their trainings, managers and member counts, by name. */
  async list(db: Executor, orgId: string, onlyId?: string): Promise<GroupRow[]> {
    let q = db.selectFrom('groups').select(['id', 'name']).where('org_id', '=', orgId);
    if (onlyId) q = q.where('id', '=', onlyId);
    const groups = await q.orderBy('name').execute();
    if (groups.length === 0) return [];
    const ids = groups.map((g) => g.id);
    const trainings = await db
      .selectFrom('trainings')
      .select(['id', 'group_id', 'name', 'launch_url', 'app_id'])
      .where('org_id', '=', orgId)
      .where('group_id', 'in', ids)
      .orderBy('created_at')
      .orderBy('name')
      .execute();
    const memberships = await db
      .selectFrom('group_members')
      .select(['group_id', 'member_id', 'is_manager'])
      .where('org_id', '=', orgId)
      .where('group_id', 'in', ids)
      .orderBy('created_at')
      .execute();
    const rows = new Map<string, GroupRow>(
      groups.map((g) => [
        g.id,
        { id: g.id, name: g.name, trainings: [], trainingDetails: [], managerIds: [], memberCount: 0 },
      ]),
    );
    for (const t of trainings) {
      const row = rows.get(t.group_id)!;
      row.trainings.push(t.name);
      row.trainingDetails.push({ id: t.id, name: t.name, launchUrl: t.launch_url, appId: t.app_id });
    }
    for (const m of memberships) {
      const row = rows.get(m.group_id)!;
      row.memberCount++;
      if (m.is_manager) row.managerIds.push(m.member_id);
    }
    return [...rows.values()];
  },

  findById(db: Executor, orgId: string, id: string) {
    return db
      .selectFrom('groups')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  findByName(db: Executor, orgId: string, name: string) {
    return db
      .selectFrom('groups')
      .select(['id'])
      .where('org_id', '=', orgId)
      .where('name', '=', name)
      .executeTakeFirst();
  },

  insert(db: Executor, orgId: string, name: string, now: Date) {
    return db
      .insertInto('groups')
      .values({ org_id: orgId, name, created_at: now })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
  },

  rename(db: Executor, id: string, name: string) {
    return db.updateTable('groups').set({ name }).where('id', '=', id).execute();
  },

  delete(db: Executor, orgId: string, id: string) {
    return db.deleteFrom('groups').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  },

  trainings(db: Executor, groupId: string) {
    return db
      .selectFrom('trainings')
      .select(['id', 'name', 'created_at', 'launch_url'])
      .where('group_id', '=', groupId)
      .execute();
  },

  setTrainingLaunch(db: Executor, id: string, launch: { launch_url: string | null; app_id: string | null }) {
    return db.updateTable('trainings').set(launch).where('id', '=', id).execute();
  },

  /** Inserts trainings keeping the given order (created_at steps by a millisecond). */
  insertTrainings(
    db: Executor,
    orgId: string,
    groupId: string,
    trainings: { name: string; launchUrl?: string | null; appId?: string | null }[],
    now: Date,
  ) {
    if (trainings.length === 0) return Promise.resolve([]);
    return db
      .insertInto('trainings')
      .values(
        trainings.map((t, i) => ({
          org_id: orgId,
          group_id: groupId,
          name: t.name,
          launch_url: t.launchUrl ?? null,
          app_id: t.appId ?? null,
          created_at: new Date(now.getTime() + i),
        })),
      )
      .returning(['id'])
      .execute();
  },

  deleteTrainings(db: Executor, ids: string[]) {
    if (ids.length === 0) return Promise.resolve();
    return db.deleteFrom('trainings').where('id', 'in', ids).execute();
  },

  /** Assigns the given trainings of a group to everyone already in it. */
  assignToCurrentMembers(db: Executor, orgId: string, groupId: string, trainingIds: string[], now: Date) {
    if (trainingIds.length === 0) return Promise.resolve();
    return db
      .insertInto('training_assignments')
      .columns(['org_id', 'member_id', 'training_id', 'group_id', 'assigned_at'])
      .expression((eb) =>
        eb
          .selectFrom('group_members')
          .innerJoin('trainings', (join) => join.on('trainings.id', 'in', trainingIds))
          .select([
            eb.val(orgId).as('org_id'),
            'group_members.member_id',
            'trainings.id',
            eb.val(groupId).as('group_id'),
            eb.val(now).as('assigned_at'),
          ])
          .where('group_members.group_id', '=', groupId),
      )
      .onConflict((oc) => oc.columns(['member_id', 'training_id']).doNothing())
      .execute();
  },

  /** Open invitations (scheduled, pending, expired) naming the group. */
  countOpenInvitations(db: Executor, orgId: string, groupId: string) {
    return db
      .selectFrom('invitations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId)
      .where('status', 'in', ['scheduled', 'pending', 'expired'])
      .where(sql<boolean>`${groupId}::uuid = ANY(group_ids)`)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
  },

  membersByIds(db: Executor, orgId: string, memberIds: string[]) {
    if (memberIds.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('members')
      .select(['id', 'role', 'status'])
      .where('org_id', '=', orgId)
      .where('id', 'in', memberIds)
      .execute();
  },

  /** Makes exactly `memberIds` the managers of the group (they become members of it if they were not). */
  async setManagers(db: Executor, orgId: string, groupId: string, memberIds: string[], now: Date) {
    let clear = db
      .updateTable('group_members')
      .set({ is_manager: false })
      .where('group_id', '=', groupId)
      .where('is_manager', '=', true);
    if (memberIds.length > 0) clear = clear.where('member_id', 'not in', memberIds);
    await clear.execute();
    if (memberIds.length === 0) return;
    await db
      .insertInto('group_members')
      .values(
        memberIds.map((member_id) => ({
          org_id: orgId,
          group_id: groupId,
          member_id,
          is_manager: true,
          created_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['group_id', 'member_id']).doUpdateSet({ is_manager: true }))
      .execute();
  },
};
