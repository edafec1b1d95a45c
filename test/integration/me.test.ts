import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { addMember, createOrgWithOwner } from '../helpers/factories.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await sharedTestApp();
});

describe('GET /api/v1/orgs/:org/me', () => {
  it('shows a learner their groups and the trainings accepting assigned, and nothing of other organizations', async () => {
    const { org, client: owner } = await createOrgWithOwner(t);
    const group = await owner.post(`/api/v1/orgs/${org.id}/groups`, {
      name: 'Onboarding',
      trainings: ['Safety', 'Tour'],
    });
    expect(group.status).toBe(201);
    const inv = await owner.post(`/api/v1/orgs/${org.id}/invitations`, {
      emails: ['lena@example.com'],
      groupIds: [group.body.id],
    });
    expect(inv.status).toBe(201);
    const set = await owner.post(
      `/api/v1/orgs/${org.id}/invitations/${inv.body.invitations[0].id}/password`,
      {
        password: 'temporary-River-77',
      },
    );
    expect(set.status).toBe(200);

    // Before the forced change the learner is held at the password screen.
    const learner = t.client();
    expect(
      (await learner.post('/api/v1/session', { email: 'lena@example.com', password: 'temporary-River-77' }))
        .status,
    ).toBe(200);
    expect((await learner.get(`/api/v1/orgs/${org.id}/me`)).body.error.code).toBe('password_change_required');
    expect(
      (
        await learner.post('/api/v1/session/password', {
          currentPassword: 'temporary-River-77',
          newPassword: 'bright-Lantern-castle-5',
        })
      ).status,
    ).toBe(204);

    const me = await learner.get(`/api/v1/orgs/${org.id}/me`);
    expect(me.status).toBe(200);
    expect(me.body.role).toBe('learner');
    expect(me.body.groups.map((g: { name: string }) => g.name)).toEqual(['Onboarding']);
    expect(me.body.trainings.map((x: { name: string }) => x.name).sort()).toEqual(['Safety', 'Tour']);
    // Learners still cannot list members.
    expect((await learner.get(`/api/v1/orgs/${org.id}/members`)).status).toBe(403);

    const other = await createOrgWithOwner(t, 'Other Org');
    expect((await learner.get(`/api/v1/orgs/${other.org.id}/me`)).status).toBe(404);
    const hr = await addMember(t, org.id, 'hr');
    const hrMe = await hr.client.get(`/api/v1/orgs/${org.id}/me`);
    expect(hrMe.body).toMatchObject({ role: 'hr', groups: [], trainings: [] });
    expect((await t.client().get(`/api/v1/orgs/${org.id}/me`)).status).toBe(401);
  });
});
