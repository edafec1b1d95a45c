import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitationRepository } from '../../src/invitations/repository.ts';
import { memberOf, orgWithOwner } from '../helpers/accounts.ts';
import type { TestApp } from '../helpers/app.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

describe("a person's page", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
  });
  afterAll(() => t.close());

  async function personWithHistory() {
    const owner = await orgWithOwner(t);
    const base = `/api/v1/orgs/${owner.org.id}`;
    const group = (await owner.client.post(`${base}/groups`, { name: 'Sales', trainings: ['Pitching'] }))
      .body;
    const person = await memberOf(t, owner.org.id, 'learner', { name: 'Pat Person', signIn: false });
    const now = t.clock.now();
    const invitation = (status: 'cancelled' | 'accepted', daysAgo: number) => ({
      org_id: owner.org.id,
      email: person.email.toUpperCase(),
      role: 'learner' as const,
      group_ids: [group.id],
      status,
      last_event_type: status,
      last_event_at: now,
      created_at: new Date(now.getTime() - daysAgo * 86_400_000),
      updated_at: now,
      accepted_at: status === 'accepted' ? now : null,
    });
    await invitationRepository.insertMany(t.services.db, [invitation('cancelled', 60)]);
    await invitationRepository.insertMany(t.services.db, [invitation('accepted', 2)]);
    await t.services.db
      .insertInto('group_members')
      .values({ org_id: owner.org.id, group_id: group.id, member_id: person.member.id, created_at: now })
      .execute();
    t.clock.advance(1000);
    expect(
      (await owner.client.patch(`${base}/members/${person.member.id}`, { role: 'curator' })).status,
    ).toBe(200);
    return { owner, base, group, person };
  }

  it('shows the membership, every invitation, role changes and the actions an owner may take', async () => {
    const { owner, base, group, person } = await personWithHistory();
    const res = await owner.client.get(`${base}/members/${person.member.id}/profile`);
    expect(res.status).toBe(200);
    expect(res.body.member).toMatchObject({
      id: person.member.id,
      name: 'Pat Person',
      role: 'curator',
      lastSignInAt: null,
      neverSignedIn: true,
      groups: [{ id: group.id, name: 'Sales' }],
    });
    expect(res.body.invitations.map((i: { status: string }) => i.status)).toEqual(['accepted', 'cancelled']);
    expect(res.body.history).toEqual([
      expect.objectContaining({
        action: 'member.role_changed',
        actor: { type: 'user', name: 'Olivia Owner' },
        changes: { role: { from: 'learner', to: 'curator' } },
      }),
    ]);
    expect(res.body.actions).toEqual([
      'change_role',
      'change_permissions',
      'deactivate',
      'send_account_email',
    ]);

    // Their own page offers no change of their own role.
    const self = await owner.client.get(`${base}/members/${owner.member.id}/profile`);
    expect(self.body.actions).toEqual([]);
  });

  it('gives a manager the people of their groups only, without the audit history', async () => {
    const { owner, base, group, person } = await personWithHistory();
    const manager = await memberOf(t, owner.org.id, 'manager');
    const other = await memberOf(t, owner.org.id, 'learner', { signIn: false });
    await t.services.db
      .insertInto('group_members')
      .values({
        org_id: owner.org.id,
        group_id: group.id,
        member_id: manager.member.id,
        is_manager: true,
        created_at: t.clock.now(),
      })
      .execute();
    const res = await manager.client.get(`${base}/members/${person.member.id}/profile`);
    expect(res.status).toBe(200);
    expect(res.body.history).toBeNull();
    expect(res.body.actions).toEqual(['send_account_email']);
    expect(res.body.invitations).toHaveLength(2);
    expect((await manager.client.get(`${base}/members/${other.member.id}/profile`)).status).toBe(404);
  });

  it('answers 404 to another organization or an unknown id, 403 to a learner', async () => {
    const { base, person } = await personWithHistory();
    const stranger = await orgWithOwner(t);
    expect((await stranger.client.get(`${base}/members/${person.member.id}/profile`)).status).toBe(404);
    const { owner } = await personWithHistory();
    expect(
      (await owner.client.get(`/api/v1/orgs/${owner.org.id}/members/${person.member.id}/profile`)).status,
    ).toBe(404);
    expect((await owner.client.get(`/api/v1/orgs/${owner.org.id}/members/not-an-id/profile`)).status).toBe(
      404,
    );
    const learner = await memberOf(t, person.member.org_id, 'learner');
    expect((await learner.client.get(`${base}/members/${person.member.id}/profile`)).status).toBe(403);
  });
});
