import { beforeAll, describe, expect, it } from 'vitest';
import { addMemberToGroups, groupNamesById, resolveGroups } from '../../src/groups/membership.ts';
import { memberOf as addMember, orgWithOwner as createOrgWithOwner } from '../helpers/accounts.ts';
import type { TestApp } from '../helpers/app.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

describe('groups and trainings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp();
  });

  it('creates, lists, renames and replaces trainings; refuses duplicates', async () => {
    const { org, client } = await createOrgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}/groups`;
    const created = await client.post(base, {
      name: ' Sales  Team ',
      trainings: ['Onboarding', 'Security 101', 'onboarding'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Sales Team',
      trainings: ['Onboarding', 'Security 101'],
      managerIds: [],
      memberCount: 0,
    });
    expect(created.body.id).toMatch(/^[0-9a-f-]{36}$/);

    const dup = await client.post(base, { name: 'sales team' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('group_exists');

    const bare = await client.post(base, { name: 'Support' });
    expect(bare.status).toBe(201);
    expect(bare.body.trainings).toEqual([]);

    const list = await client.get(base);
    expect(list.status).toBe(200);
    expect(list.body.items.map((g: any) => g.name)).toEqual(['Sales Team', 'Support']);

    const renameClash = await client.patch(`${base}/${bare.body.id}`, { name: 'SALES TEAM' });
    expect(renameClash.status).toBe(409);
    expect(renameClash.body.error.code).toBe('group_exists');

    // A member in the group keeps the assignment of a kept training and receives the new one.
    const learner = await addMember(t, org.id, 'learner');
    await t.services.db
      .transaction()
      .execute((trx) => addMemberToGroups(trx, org.id, learner.member.id, [created.body.id], t.clock.now()));
    const trainingIdOf = async (name: string) =>
      (
        await t.services.db
          .selectFrom('trainings')
          .select('id')
          .where('group_id', '=', created.body.id)
          .where('name', '=', name)
          .executeTakeFirstOrThrow()
      ).id;
    const keptId = await trainingIdOf('Onboarding');

    const patched = await client.patch(`${base}/${created.body.id}`, {
      name: 'Sales',
      trainings: ['Onboarding', 'Negotiation'],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      name: 'Sales',
      trainings: ['Onboarding', 'Negotiation'],
      memberCount: 1,
    });
    expect(await trainingIdOf('Onboarding')).toBe(keptId);
    const assigned = await t.services.db
      .selectFrom('training_assignments')
      .innerJoin('trainings', 'trainings.id', 'training_assignments.training_id')
      .select('trainings.name')
      .where('member_id', '=', learner.member.id)
      .orderBy('trainings.name')
      .execute();
    expect(assigned.map((a) => a.name)).toEqual(['Negotiation', 'Onboarding']);

    const bad = await client.post(base, { name: 'X', extra: 1 });
    expect(bad.status).toBe(400);
    const empty = await client.post(base, { name: '   ' });
    expect(empty.status).toBe(400);
  });

  it('lets inviters read, only settings holders write, and hides other organizations', async () => {
    const { org, client } = await createOrgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}/groups`;
    const g = await client.post(base, { name: 'Ops' });
    const hr = await addMember(t, org.id, 'hr');
    expect((await hr.client.get(base)).status).toBe(200);
    expect((await hr.client.post(base, { name: 'Nope' })).status).toBe(403);
    const manager = await addMember(t, org.id, 'manager');
    expect((await manager.client.get(base)).body.items).toHaveLength(1);
    const learner = await addMember(t, org.id, 'learner');
    expect((await learner.client.get(base)).status).toBe(403);

    const other = await createOrgWithOwner(t, 'Other');
    expect((await other.client.get(base)).status).toBe(404);
    expect(
      (await other.client.patch(`/api/v1/orgs/${other.org.id}/groups/${g.body.id}`, { name: 'Hijack' }))
        .status,
    ).toBe(404);
    expect((await other.client.delete(`/api/v1/orgs/${other.org.id}/groups/${g.body.id}`)).status).toBe(404);
    expect((await client.get(`${base}/not-a-uuid`)).status).toBe(404);
  });

  it('sets managers who hold the manager role or higher', async () => {
    const { org, client } = await createOrgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}/groups`;
    const g = await client.post(base, { name: 'Course A' });
    const manager = await addMember(t, org.id, 'manager');
    const learner = await addMember(t, org.id, 'learner');
    const refused = await client.request('PUT', `${base}/${g.body.id}/managers`, {
      memberIds: [learner.member.id],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('role_too_low');
    const unknown = await client.request('PUT', `${base}/${g.body.id}/managers`, {
      memberIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.status).toBe(400);
    const ok = await client.request('PUT', `${base}/${g.body.id}/managers`, {
      memberIds: [manager.member.id],
    });
    expect(ok.status).toBe(200);
    expect(ok.body.managerIds).toEqual([manager.member.id]);
    expect(ok.body.memberCount).toBe(1);
    const cleared = await client.request('PUT', `${base}/${g.body.id}/managers`, { memberIds: [] });
    expect(cleared.body.managerIds).toEqual([]);
  });

  it('deletes a group unless open invitations name it', async () => {
    const { org, client, user } = await createOrgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}/groups`;
    const g = await client.post(base, { name: 'Temp', trainings: ['T1'] });
    const now = t.clock.now();
    const inv = await t.services.db
      .insertInto('invitations')
      .values({
        org_id: org.id,
        email: 'someone@example.com',
        role: 'learner',
        group_ids: [g.body.id],
        message: null,
        status: 'pending',
        last_event_type: 'created',
        last_event_at: now,
        created_by_user_id: user.id,
        created_by_name: 'Olivia Owner',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const refused = await client.delete(`${base}/${g.body.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('group_in_use');
    await t.services.db
      .updateTable('invitations')
      .set({ status: 'cancelled' })
      .where('id', '=', inv.id)
      .execute();
    await client.patch(`/api/v1/orgs/${org.id}/join-page`, {
      slug: `temp-${org.id.slice(0, 8)}`,
      defaultGroupIds: [g.body.id],
    });
    expect((await client.delete(`${base}/${g.body.id}`)).status).toBe(204);
    // The join page forgets the deleted group.
    expect((await client.get(`/api/v1/orgs/${org.id}/join-page`)).body.defaultGroupIds).toEqual([]);
    expect((await client.get(base)).body.items).toEqual([]);
    expect((await client.delete(`${base}/${g.body.id}`)).status).toBe(404);
  });

  it('membership helpers resolve ids in order and reject unknown ones', async () => {
    const { org, client } = await createOrgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}/groups`;
    const a = (await client.post(base, { name: 'A', trainings: ['a1', 'a2'] })).body;
    const b = (await client.post(base, { name: 'B', trainings: ['a1'] })).body;
    const other = await createOrgWithOwner(t, 'Elsewhere');
    const foreign = (await other.client.post(`/api/v1/orgs/${other.org.id}/groups`, { name: 'F' })).body;
    const db = t.services.db;
    expect(await resolveGroups(db, org.id, [b.id, a.id, b.id])).toEqual([
      { id: b.id, name: 'B' },
      { id: a.id, name: 'A' },
    ]);
    await expect(resolveGroups(db, org.id, [a.id, foreign.id])).rejects.toMatchObject({
      status: 400,
      code: 'unknown_group',
      details: { field: 'groupIds' },
    });
    await expect(resolveGroups(db, org.id, ['nope'])).rejects.toMatchObject({ code: 'unknown_group' });
    const names = await groupNamesById(db, org.id);
    expect(names.get(a.id)).toBe('A');
    expect(names.has(foreign.id)).toBe(false);

    const member = await addMember(t, org.id, 'learner');
    await addMemberToGroups(db, org.id, member.member.id, [a.id, b.id, foreign.id], t.clock.now());
    await addMemberToGroups(db, org.id, member.member.id, [a.id], t.clock.now()); // idempotent
    const rows = await db
      .selectFrom('training_assignments')
      .select('training_id')
      .where('member_id', '=', member.member.id)
      .execute();
    expect(rows).toHaveLength(3);
    const gm = await db
      .selectFrom('group_members')
      .select('group_id')
      .where('member_id', '=', member.member.id)
      .execute();
    expect(gm.map((r) => r.group_id).sort()).toEqual([a.id, b.id].sort());
  });
});
