import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { addMember, createOrgWithOwner, uniqueEmail } from '../helpers/factories.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

describe("a group's page: its members and invitations", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
  });

  it('lists only the members and invitations of one group, within what the actor may see', async () => {
    const { org, client } = await createOrgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}`;
    const sales = (await client.post(`${base}/groups`, { name: 'Sales' })).body;
    const ops = (await client.post(`${base}/groups`, { name: 'Ops' })).body;
    const inSales = await addMember(t, org.id, 'learner');
    const inOps = await addMember(t, org.id, 'learner');
    await t.services.db
      .insertInto('group_members')
      .values([
        { org_id: org.id, group_id: sales.id, member_id: inSales.member.id, created_at: t.clock.now() },
        { org_id: org.id, group_id: ops.id, member_id: inOps.member.id, created_at: t.clock.now() },
      ])
      .execute();
    const salesInvite = uniqueEmail('sales');
    await client.post(`${base}/invitations`, { emails: [salesInvite], groupIds: [sales.id] });
    await client.post(`${base}/invitations`, { emails: [uniqueEmail('ops')], groupIds: [ops.id] });

    const members = await client.get(`${base}/members?groupId=${sales.id}`);
    expect(members.body.items.map((m: any) => m.email)).toEqual([inSales.email]);
    const invitations = await client.get(`${base}/invitations?groupId=${sales.id}&status=pending`);
    expect(invitations.body.items.map((i: any) => i.email)).toEqual([salesInvite]);
    const searched = await client.get(`${base}/invitations?groupId=${sales.id}&q=nobody`);
    expect(searched.body.items).toEqual([]);

    // A manager of Ops asking for Sales sees nothing of it.
    const manager = await addMember(t, org.id, 'manager');
    expect(
      (await client.request('PUT', `${base}/groups/${ops.id}/managers`, { memberIds: [manager.member.id] }))
        .status,
    ).toBe(200);
    expect((await manager.client.get(`${base}/members?groupId=${sales.id}`)).body.items).toEqual([]);
    expect((await manager.client.get(`${base}/invitations?groupId=${sales.id}`)).body.items).toEqual([]);
    // Its manager belongs to the group too.
    const opsMembers = (await manager.client.get(`${base}/members?groupId=${ops.id}`)).body.items;
    expect(opsMembers.map((m: any) => m.email).sort()).toEqual([inOps.email, manager.email].sort());

    expect((await client.get(`${base}/invitations?groupId=not-a-uuid`)).status).toBe(400);
    expect((await client.get(`${base}/members?groupId=not-a-uuid`)).status).toBe(400);
  });
});
