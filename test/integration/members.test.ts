import { beforeAll, describe, expect, it } from 'vitest';
import { addMemberToGroups } from '../../src/groups/membership.ts';
import { memberOf, orgWithOwner } from '../helpers/accounts.ts';
import type { TestApp } from '../helpers/app.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

describe('members', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp();
  });

  it('lists members newest first with groups and trainings, filters, searches and pages', async () => {
    const { org, client, member: ownerMember } = await orgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}/members`;
    const group = (
      await client.post(`/api/v1/orgs/${org.id}/groups`, { name: 'Sales', trainings: ['Pitching'] })
    ).body;
    const people = [];
    for (let i = 0; i < 5; i++) {
      t.clock.advance(1000);
      people.push(
        await memberOf(t, org.id, 'learner', {
          name: `Learner ${i}`,
          email: `learner${i}.${org.id.slice(0, 6)}@example.com`,
          signIn: false,
        }),
      );
    }
    await addMemberToGroups(t.services.db, org.id, people[4]!.member.id, [group.id], t.clock.now());
    await t.services.db
      .updateTable('members')
      .set({ status: 'deactivated' })
      .where('id', '=', people[0]!.member.id)
      .execute();

    const all = await client.get(base);
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(6);
    const newest = all.body.items[0];
    expect(newest).toMatchObject({
      id: people[4]!.member.id,
      userId: people[4]!.user.id,
      name: 'Learner 4',
      role: 'learner',
      permissions: [],
      status: 'active',
      neverSignedIn: true,
      firstSignInAt: null,
      groups: [{ id: group.id, name: 'Sales' }],
      trainings: [{ name: 'Pitching' }],
    });
    expect(all.body.items.at(-1).id).toBe(ownerMember.id);
    expect(all.body.items.at(-1).neverSignedIn).toBe(false);
    expect(all.body.nextCursor).toBeNull();

    const page1 = await client.get(`${base}?limit=2`);
    expect(page1.body.items.map((m: any) => m.name)).toEqual(['Learner 4', 'Learner 3']);
    const page2 = await client.get(`${base}?limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((m: any) => m.name)).toEqual(['Learner 2', 'Learner 1']);
    const page3 = await client.get(`${base}?limit=2&cursor=${page2.body.nextCursor}`);
    expect(page3.body.items.map((m: any) => m.name)).toEqual(['Learner 0', 'Olivia Owner']);
    expect(page3.body.nextCursor).toBeNull();
    expect((await client.get(`${base}?cursor=garbage`)).body.error.code).toBe('invalid_cursor');

    expect((await client.get(`${base}?status=deactivated`)).body.items.map((m: any) => m.name)).toEqual([
      'Learner 0',
    ]);
    const never = (await client.get(`${base}?status=never_signed_in`)).body.items.map((m: any) => m.name);
    expect(never).toEqual(['Learner 4', 'Learner 3', 'Learner 2', 'Learner 1']);
    expect((await client.get(`${base}?q=LEARNER3`)).body.items.map((m: any) => m.name)).toEqual([
      'Learner 3',
    ]);
    expect((await client.get(`${base}?q=learner 2`)).body.items.map((m: any) => m.name)).toEqual([
      'Learner 2',
    ]);
    expect((await client.get(`${base}?q=%25`)).body.items).toEqual([]);
    expect((await client.get(`${base}?status=bogus`)).status).toBe(400);

    const one = await client.get(`${base}/${people[4]!.member.id}`);
    expect(one.body.email).toBe(people[4]!.email);
    expect((await client.get(`${base}/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('applies the role rules: settings capability, no self change, owners only for owners, last owner stays', async () => {
    const { org, client, member: ownerMember } = await orgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}/members`;
    const admin = await memberOf(t, org.id, 'admin');
    const hr = await memberOf(t, org.id, 'hr');
    const learner = await memberOf(t, org.id, 'learner');

    // hr may list (invitations capability) but not change.
    expect((await hr.client.get(base)).status).toBe(200);
    expect((await hr.client.patch(`${base}/${learner.member.id}`, { role: 'curator' })).status).toBe(403);
    expect((await learner.client.get(base)).status).toBe(403);

    const promoted = await admin.client.patch(`${base}/${learner.member.id}`, {
      role: 'curator',
      permissions: ['people', 'templates', 'people'],
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ role: 'curator', permissions: ['people', 'templates'] });

    const self = await admin.client.patch(`${base}/${admin.member.id}`, { role: 'learner' });
    expect(self.status).toBe(409);
    expect(self.body.error.code).toBe('cannot_change_self');
    const selfOff = await client.patch(`${base}/${ownerMember.id}`, { status: 'deactivated' });
    expect(selfOff.body.error.code).toBe('cannot_change_self');
    // A no-op on oneself is fine.
    expect((await client.patch(`${base}/${ownerMember.id}`, { role: 'owner' })).status).toBe(200);

    expect((await admin.client.patch(`${base}/${hr.member.id}`, { role: 'owner' })).status).toBe(403);
    expect((await admin.client.patch(`${base}/${ownerMember.id}`, { role: 'admin' })).status).toBe(403);
    expect((await admin.client.patch(`${base}/${ownerMember.id}`, { status: 'deactivated' })).status).toBe(
      403,
    );

    const key = (await client.post(`/api/v1/orgs/${org.id}/api-keys`, { name: 'script' })).body.key;
    const bot = t.client().withApiKey(key);
    expect((await bot.patch(`${base}/${hr.member.id}`, { role: 'owner' })).status).toBe(403);
    expect((await bot.patch(`${base}/${ownerMember.id}`, { role: 'learner' })).status).toBe(403);
    expect((await bot.patch(`${base}/${hr.member.id}`, { role: 'curator' })).status).toBe(200);

    const second = await client.patch(`${base}/${admin.member.id}`, { role: 'owner' });
    expect(second.body.role).toBe('owner');
    // Now the second owner can demote the first; the remaining owner cannot be demoted by anyone else.
    expect((await admin.client.patch(`${base}/${ownerMember.id}`, { role: 'admin' })).status).toBe(200);
    const demoteLast = await client.patch(`${base}/${admin.member.id}`, { role: 'admin' });
    expect(demoteLast.status).toBe(403); // the former owner is an admin now
    expect((await bot.patch(`${base}/${admin.member.id}`, { status: 'deactivated' })).status).toBe(403);

    expect((await client.patch(`${base}/${learner.member.id}`, { permissions: ['root'] })).status).toBe(400);
    expect((await client.patch(`${base}/${learner.member.id}`, { role: 'king' })).status).toBe(400);
  });

  it('keeps the last active owner: a deactivated co-owner does not count', async () => {
    const { org, client, member: ownerMember } = await orgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}/members`;
    const co = await memberOf(t, org.id, 'owner');
    // co-owner deactivates the first owner: allowed, co stays active.
    expect((await co.client.patch(`${base}/${ownerMember.id}`, { status: 'deactivated' })).status).toBe(200);
    // The deactivated owner's session no longer reaches the organization.
    expect((await client.get(base)).status).toBe(403);
    // Directly in the database, make co the only owner and check the service's guard.
    const actor = {
      type: 'user' as const,
      id: 'x',
      name: 'x',
      userId: null,
      memberId: null,
      orgId: org.id,
      role: 'owner' as const,
      permissions: [],
      managedGroupIds: [],
    };
    await expect(t.services.members.update(actor, co.member.id, { role: 'admin' })).rejects.toMatchObject({
      status: 409,
      code: 'last_owner',
    });
    await expect(
      t.services.members.update(actor, co.member.id, { status: 'deactivated' }),
    ).rejects.toMatchObject({ code: 'last_owner' });
    // Reactivating the first owner makes the change possible.
    expect((await co.client.patch(`${base}/${ownerMember.id}`, { status: 'active' })).status).toBe(200);
    expect((await client.patch(`${base}/${co.member.id}`, { role: 'admin' })).body.role).toBe('admin');
  });

  it('deactivated members cannot use the organization, reactivated ones can; managers lose their groups when demoted', async () => {
    const { org, client } = await orgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}/members`;
    const manager = await memberOf(t, org.id, 'manager');
    const group = (await client.post(`/api/v1/orgs/${org.id}/groups`, { name: 'Course' })).body;
    await client.request('PUT', `/api/v1/orgs/${org.id}/groups/${group.id}/managers`, {
      memberIds: [manager.member.id],
    });
    expect((await manager.client.get(`/api/v1/orgs/${org.id}/groups`)).status).toBe(200);
    expect((await client.patch(`${base}/${manager.member.id}`, { status: 'deactivated' })).body.status).toBe(
      'deactivated',
    );
    expect((await manager.client.get(`/api/v1/orgs/${org.id}/groups`)).status).toBe(403);
    expect((await client.patch(`${base}/${manager.member.id}`, { status: 'active' })).body.status).toBe(
      'active',
    );
    expect((await manager.client.get(`/api/v1/orgs/${org.id}/groups`)).status).toBe(200);
    await client.patch(`${base}/${manager.member.id}`, { role: 'learner' });
    expect((await client.get(`/api/v1/orgs/${org.id}/groups/${group.id}`)).body.managerIds).toEqual([]);

    const other = await orgWithOwner(t, 'Other');
    expect((await other.client.get(`/api/v1/orgs/${other.org.id}/members/${manager.member.id}`)).status).toBe(
      404,
    );
    expect(
      (await other.client.patch(`/api/v1/orgs/${other.org.id}/members/${manager.member.id}`, { role: 'hr' }))
        .status,
    ).toBe(404);
  });

  it('shows managers only the members of the groups they manage', async () => {
    const { org, client } = await orgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}/members`;
    const manager = await memberOf(t, org.id, 'manager');
    const inGroup = await memberOf(t, org.id, 'learner', { signIn: false });
    const outside = await memberOf(t, org.id, 'learner', { signIn: false });
    expect((await manager.client.get(base)).body.items).toEqual([]);
    const group = (await client.post(`/api/v1/orgs/${org.id}/groups`, { name: 'Managed' })).body;
    await client.request('PUT', `/api/v1/orgs/${org.id}/groups/${group.id}/managers`, {
      memberIds: [manager.member.id],
    });
    await addMemberToGroups(t.services.db, org.id, inGroup.member.id, [group.id], t.clock.now());
    const seen = (await manager.client.get(base)).body.items.map((m: any) => m.id).sort();
    expect(seen).toEqual([manager.member.id, inGroup.member.id].sort());
    expect((await manager.client.get(`${base}/${inGroup.member.id}`)).status).toBe(200);
    expect((await manager.client.get(`${base}/${outside.member.id}`)).status).toBe(404);
    expect(
      (await manager.client.patch(`${base}/${inGroup.member.id}`, { status: 'deactivated' })).status,
    ).toBe(403);
  });
});
