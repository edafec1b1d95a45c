import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { seedOverview } from '../helpers/overview-seed.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

type Figures = { figures: { key: string; value: number | null; filter: Record<string, string> }[] };

const valuesOf = (body: Figures) => Object.fromEntries(body.figures.map((f) => [f.key, f.value]));

describe('overview', () => {
  let t: TestApp;
  let seed: Awaited<ReturnType<typeof seedOverview>>;
  let base: string;
  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
    seed = await seedOverview(t);
    base = `/api/v1/orgs/${seed.orgId}`;
  });
  afterAll(() => t.close());

  it("reads the seeded organization's figures, and the same after the rollups are folded", async () => {
    const res = await seed.owner.client.get(`${base}/overview/figures`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ asOf: '2026-06-15T12:00:00.000Z', timeZone: 'UTC' });
    expect(valuesOf(res.body)).toEqual(seed.expected);

    expect(await t.services.overview.compact()).toBeGreaterThan(0);
    const again = await seed.owner.client.get(`${base}/overview/figures`);
    expect(valuesOf(again.body)).toEqual(seed.expected);
  });

  it('gives a manager the figures of the groups they manage only', async () => {
    const res = await seed.manager.client.get(`${base}/overview/figures`);
    expect(res.status).toBe(200);
    expect(valuesOf(res.body)).toEqual(seed.expectedForManager);
  });

  it('opens, for each count, a list filtered to exactly what it counts', async () => {
    for (const client of [seed.owner.client, seed.manager.client]) {
      const { body } = await client.get(`${base}/overview/figures`);
      for (const f of (body as Figures).figures) {
        if (f.key === 'acceptanceRate' || f.key === 'medianTimeToAccept') continue;
        const list = await client.get(`${base}/invitations?limit=200&${new URLSearchParams(f.filter)}`);
        expect(list.status, f.key).toBe(200);
        expect(list.body.items.length, f.key).toBe(f.value);
      }
    }
  });

  it('counts emails sent and acceptances per day, every day of the range present', async () => {
    const res = await seed.owner.client.get(`${base}/overview/activity?days=30`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ timeZone: 'UTC', from: '2026-05-17', to: '2026-06-15' });
    expect(res.body.days).toHaveLength(30);
    const busy = res.body.days.filter((d: { sent: number; accepted: number }) => d.sent || d.accepted);
    expect(busy).toEqual([
      { date: '2026-06-05', sent: 0, accepted: 1 },
      { date: '2026-06-13', sent: 0, accepted: 1 },
      { date: '2026-06-14', sent: 3, accepted: 0 },
      { date: '2026-06-15', sent: 1, accepted: 0 },
    ]);
    const ninety = await seed.owner.client.get(`${base}/overview/activity?days=90`);
    expect(ninety.body.days).toHaveLength(90);
    expect(ninety.body.days.reduce((n: number, d: { accepted: number }) => n + d.accepted, 0)).toBe(3);
    expect((await seed.owner.client.get(`${base}/overview/activity?days=7`)).status).toBe(400);
  });

  it('shows the funnel (a scanner check is not an opening) by group, import and inviter', async () => {
    const res = await seed.owner.client.get(`${base}/overview/funnel?days=30`);
    expect(res.status).toBe(200);
    expect(res.body.total).toEqual({ invited: 11, delivered: 8, opened: 3, accepted: 2 });
    const byName = (rows: { name: string }[]) => Object.fromEntries(rows.map(({ name, ...r }) => [name, r]));
    expect(byName(res.body.byGroup)).toEqual({
      Alpha: { id: seed.groups.alpha.id, invited: 5, delivered: 4, opened: 1, accepted: 1 },
      Beta: { id: seed.groups.beta.id, invited: 5, delivered: 3, opened: 2, accepted: 1 },
      'No group': { id: null, nameCode: 'none', invited: 1, delivered: 1, opened: 0, accepted: 0 },
    });
    expect(res.body.byImport).toEqual([]);
    expect(res.body.byInviter).toEqual([
      { id: seed.owner.user.id, name: 'Olivia Owner', invited: 11, delivered: 8, opened: 3, accepted: 2 },
    ]);

    const manager = await seed.manager.client.get(`${base}/overview/funnel?days=30`);
    expect(manager.body.total).toEqual({ invited: 5, delivered: 4, opened: 1, accepted: 1 });
    expect(manager.body.byGroup.map((g: { name: string }) => g.name)).toEqual(['Alpha']);
  });

  it('lists what needs attention, with the filters and ids its actions use', async () => {
    const res = await seed.owner.client.get(`${base}/overview/attention`);
    expect(res.status).toBe(200);
    expect(res.body.expiringUnopened).toMatchObject({
      count: 1,
      hours: 48,
      items: [{ id: seed.invitations.p1!.id }],
      filter: { status: 'pending', expiringWithinHours: '48', opened: 'false' },
    });
    expect(res.body.deliveryFailures).toMatchObject({
      count: 1,
      items: [{ id: seed.invitations.f1!.id, status: 'bounced' }],
    });
    const list = await seed.owner.client.get(
      `${base}/invitations?${new URLSearchParams(res.body.expiringUnopened.filter)}`,
    );
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([seed.invitations.p1!.id]);

    const manager = await seed.manager.client.get(`${base}/overview/attention`);
    expect(manager.body.deliveryFailures.count).toBe(0);
  });

  it('keeps up with changes: an acceptance moves the figures at once', async () => {
    const p3 = seed.invitations.p3!;
    await t.services.db
      .updateTable('invitations')
      .set({ status: 'accepted', accepted_at: t.clock.now(), last_event_type: 'accepted' })
      .where('id', '=', p3.id)
      .execute();
    const figures = valuesOf((await seed.owner.client.get(`${base}/overview/figures`)).body);
    expect(figures).toMatchObject({ pending: 3, accepted7: 2, accepted30: 3 });
    const funnel = (await seed.owner.client.get(`${base}/overview/funnel`)).body;
    expect(funnel.total).toEqual({ invited: 11, delivered: 8, opened: 4, accepted: 3 });
    await t.services.db
      .updateTable('invitations')
      .set({ status: 'pending', accepted_at: null })
      .where('id', '=', p3.id)
      .execute();
    expect(valuesOf((await seed.owner.client.get(`${base}/overview/figures`)).body)).toEqual(seed.expected);
  });

  it("counts days in the organization's time zone, recounted when it changes", async () => {
    const bad = await seed.owner.client.patch(`${base}/settings`, { timeZone: 'Mars/Olympus' });
    expect(bad.status).toBe(400);
    const ok = await seed.owner.client.patch(`${base}/settings`, { timeZone: 'Pacific/Kiritimati' });
    expect(ok.status).toBe(200);
    expect(ok.body.timeZone).toBe('Pacific/Kiritimati');
    // UTC+14: noon UTC is 02:00 the next day.
    const res = await seed.owner.client.get(`${base}/overview/activity?days=30`);
    expect(res.body).toMatchObject({ timeZone: 'Pacific/Kiritimati', to: '2026-06-16' });
    const busy = res.body.days.filter((d: { sent: number; accepted: number }) => d.sent || d.accepted);
    expect(busy).toEqual([
      { date: '2026-06-06', sent: 0, accepted: 1 },
      { date: '2026-06-14', sent: 0, accepted: 1 },
      { date: '2026-06-15', sent: 3, accepted: 0 },
      { date: '2026-06-16', sent: 1, accepted: 0 },
    ]);
    const figures = (await seed.owner.client.get(`${base}/overview/figures`)).body as Figures;
    expect(figures.figures.find((f) => f.key === 'accepted7')?.filter.acceptedSince).toBe(
      '2026-06-09T10:00:00.000Z',
    );
    await seed.owner.client.patch(`${base}/settings`, { timeZone: 'UTC' });
  });

  it('says which names are its own words: a group gone since is "Deleted", with a code', async () => {
    // A group removed behind the rollups' back (they keep counting its invitations).
    await t.services.db.deleteFrom('groups').where('id', '=', seed.groups.beta.id).execute();
    const res = await seed.owner.client.get(`${base}/overview/funnel?days=30`);
    expect(res.body.byGroup.find((r: { id: string }) => r.id === seed.groups.beta.id)).toMatchObject({
      name: 'Deleted',
      nameCode: 'deleted',
    });
    const alpha = res.body.byGroup.find((r: { id: string }) => r.id === seed.groups.alpha.id);
    expect(alpha).toMatchObject({ name: 'Alpha' });
    expect(alpha.nameCode).toBeUndefined();
  });

  it('answers 404 to another organization and 403 to someone who may not invite', async () => {
    const other = await seedOverview(t);
    expect((await other.owner.client.get(`${base}/overview/figures`)).status).toBe(404);
    const { memberOf } = await import('../helpers/accounts.ts');
    const learner = await memberOf(t, seed.orgId, 'learner');
    expect((await learner.client.get(`${base}/overview/funnel`)).status).toBe(403);
  });
});
