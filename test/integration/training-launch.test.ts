import { beforeAll, describe, expect, it } from 'vitest';
import { addMemberToGroups } from '../../src/groups/membership.ts';
import { memberOf as addMember, orgWithOwner as createOrgWithOwner } from '../helpers/accounts.ts';
import type { TestApp } from '../helpers/app.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

describe('training launch URLs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
  });

  it('are set per training, kept by a name alone, cleared by null, and shown to the learner', async () => {
    const { org, client } = await createOrgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}/groups`;
    const created = await client.post(base, {
      name: 'Sales',
      trainings: [
        { name: 'Onboarding', launchUrl: 'https://learn.example.com/course/view.php?id=12' },
        'Tour',
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // The names list stays as it was; the details carry ids and launch URLs in the same order.
    expect(created.body.trainings).toEqual(['Onboarding', 'Tour']);
    expect(created.body.trainingDetails).toEqual([
      {
        id: expect.any(String),
        name: 'Onboarding',
        launchUrl: 'https://learn.example.com/course/view.php?id=12',
        appId: null,
      },
      { id: expect.any(String), name: 'Tour', launchUrl: null, appId: null },
    ]);
    const onboardingId = created.body.trainingDetails[0].id;

    const learner = await addMember(t, org.id, 'learner');
    await t.services.db
      .transaction()
      .execute((trx) => addMemberToGroups(trx, org.id, learner.member.id, [created.body.id], t.clock.now()));
    const me = await learner.client.get(`/api/v1/orgs/${org.id}/me`);
    expect(me.body.trainings).toEqual([
      {
        id: onboardingId,
        name: 'Onboarding',
        launchUrl: 'https://learn.example.com/course/view.php?id=12',
        app: null,
      },
      { id: expect.any(String), name: 'Tour', launchUrl: null, app: null },
    ]);

    // A name alone keeps the launch URL (and the training's id); an object sets it.
    const kept = await client.patch(`${base}/${created.body.id}`, {
      trainings: ['onboarding', { name: 'Tour', launchUrl: 'http://127.0.0.1:8080/tour' }],
    });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    expect(kept.body.trainingDetails).toEqual([
      {
        id: onboardingId,
        name: 'Onboarding',
        launchUrl: 'https://learn.example.com/course/view.php?id=12',
        appId: null,
      },
      { id: expect.any(String), name: 'Tour', launchUrl: 'http://127.0.0.1:8080/tour', appId: null },
    ]);
    const cleared = await client.patch(`${base}/${created.body.id}`, {
      trainings: [{ name: 'Onboarding', launchUrl: null }, { name: 'Tour' }],
    });
    expect(cleared.body.trainingDetails.map((d: any) => d.launchUrl)).toEqual([null, null]);
    expect(cleared.body.trainingDetails[0].id).toBe(onboardingId);
  });

  it('refuses URLs that are not absolute http(s) or carry credentials, naming the field; nothing changes', async () => {
    const { org, client } = await createOrgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}/groups`;
    for (const launchUrl of [
      'javascript:alert(1)',
      '/relative/path',
      'ftp://files.example.com/x',
      'https://user:pass@learn.example.com/',
      'data:text/html,hi',
    ]) {
      const res = await client.post(base, { name: 'G', trainings: ['Fine', { name: 'Bad', launchUrl }] });
      expect(res.status, launchUrl).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_url', field: 'trainings[1].launchUrl' });
    }
    const tooLong = await client.post(base, {
      name: 'G',
      trainings: [{ name: 'Bad', launchUrl: `https://x.example/${'a'.repeat(2000)}` }],
    });
    expect(tooLong.status).toBe(400);
    const extra = await client.post(base, { name: 'G', trainings: [{ name: 'Bad', color: 'red' }] });
    expect(extra.status).toBe(400);
    expect((await client.get(base)).body.items).toEqual([]);
  });
});
