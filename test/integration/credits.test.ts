import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { addMember, createOrgWithOwner, uniqueEmail } from '../helpers/factories.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

describe('credits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
  });

  it('are off by default: invitations need none', async () => {
    const { org, client } = await createOrgWithOwner(t);
    const summary = await client.get(`/api/v1/orgs/${org.id}/credits`);
    expect(summary.body).toMatchObject({ enabled: false, balance: 0, held: 0 });
    expect(
      (await client.post(`/api/v1/orgs/${org.id}/invitations`, { emails: [uniqueEmail()] })).body.invitations,
    ).toHaveLength(1);
  });

  it('hold on send, return on cancel and decline, spend on accept, and refuse when none are left', async () => {
    const { org, client } = await createOrgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}`;
    const topUp = await client.post(`${base}/credits`, { enabled: true, amount: 3, note: 'starter pack' });
    expect(topUp.body).toMatchObject({ enabled: true, balance: 3 });

    const res = await client.post(`${base}/invitations`, {
      emails: [uniqueEmail(), uniqueEmail(), uniqueEmail(), uniqueEmail()],
    });
    expect(res.body.invitations).toHaveLength(3);
    expect(res.body.rejected).toHaveLength(1);
    expect(res.body.rejected[0].code).toBe('no_credits');
    expect(res.body.rejected[0].reasonCode).toBe('no_credits');
    expect((await client.get(`${base}/credits`)).body).toMatchObject({ balance: 0, held: 3 });

    const [a, b, c] = res.body.invitations;
    await client.post(`${base}/invitations/${a.id}/cancel`);
    expect((await client.get(`${base}/credits`)).body).toMatchObject({ balance: 1, held: 2 });

    const linkB = (await client.get(`${base}/invitations/${b.id}/link`)).body.url.split('/invite/')[1];
    await t.client().post(`/api/v1/invitations/${linkB}/decline`);
    const linkC = (await client.get(`${base}/invitations/${c.id}/link`)).body.url.split('/invite/')[1];
    expect(
      (
        await t
          .client()
          .post(`/api/v1/invitations/${linkC}/accept`, { name: 'Cara', password: 'a-strong-passphrase' })
      ).status,
    ).toBe(201);
    const summary = (await client.get(`${base}/credits`)).body;
    expect(summary).toMatchObject({ balance: 2, held: 0 });
    expect(summary.transactions.map((x: any) => x.reason)).toEqual([
      'spend',
      'release',
      'release',
      'hold',
      'hold',
      'hold',
      'purchase',
    ]);

    // An import holds credits too: with 2 left, the third row fails with a reason.
    const csv = `email\n${uniqueEmail('i1')}\n${uniqueEmail('i2')}\n${uniqueEmail('i3')}\n`;
    const preview = await client.request('POST', `${base}/imports`, csv, { 'content-type': 'text/csv' });
    expect(preview.status).toBe(201);
    expect((await client.post(`${base}/imports/${preview.body.id}/confirm`, {})).status).toBe(202);
    await t.services.imports.runImport(preview.body.id);
    const done = await client.get(`${base}/imports/${preview.body.id}`);
    expect(done.body).toMatchObject({ status: 'done', created: 2, failed: 1 });
    expect((await client.get(`${base}/credits`)).body).toMatchObject({ balance: 0, held: 2 });

    expect((await client.post(`${base}/credits`, { amount: -5 })).body.error.code).toBe(
      'insufficient_credits',
    );
    const hr = await addMember(t, org.id, 'hr');
    expect((await hr.client.post(`${base}/credits`, { amount: 100 })).status).toBe(403);
  });
});
