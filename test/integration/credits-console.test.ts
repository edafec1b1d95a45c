import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { addMember, createOrgWithOwner, uniqueEmail } from '../helpers/factories.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

describe('credits as the console reads them', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
  });

  it('shows the balance to anyone who invites, the ledger with addresses to admins only', async () => {
    const { org, client } = await createOrgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}`;
    await client.post(`${base}/credits`, { enabled: true, amount: 2, note: 'trial' });
    const email = uniqueEmail('held');
    await client.post(`${base}/invitations`, { emails: [email] });

    const hr = await addMember(t, org.id, 'hr');
    expect((await hr.client.get(`${base}/credits/balance`)).body).toEqual({
      enabled: true,
      balance: 1,
      held: 1,
    });
    expect((await hr.client.get(`${base}/credits`)).status).toBe(403);
    const learner = await addMember(t, org.id, 'learner');
    expect((await learner.client.get(`${base}/credits/balance`)).status).toBe(403);

    const other = await createOrgWithOwner(t, 'Elsewhere');
    expect((await other.client.get(`${base}/credits/balance`)).status).toBe(404);

    const ledger = (await client.get(`${base}/credits`)).body.transactions;
    expect(ledger[0]).toMatchObject({ reason: 'hold', delta: -1, invitationEmail: email });
    expect(ledger[1]).toMatchObject({ reason: 'purchase', delta: 2, note: 'trial', invitationEmail: null });
    expect(ledger[1].actorName).toBeTruthy();
  });

  it('counts an import’s rows by outcome and reason, naming the rows credits refused', async () => {
    const { org, client } = await createOrgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}`;
    await client.post(`${base}/credits`, { enabled: true, amount: 2 });
    const csv = `email\n${[1, 2, 3, 4, 5].map((n) => uniqueEmail(`row${n}`)).join('\n')}\n`;
    const preview = await client.request('POST', `${base}/imports`, csv, { 'content-type': 'text/csv' });
    await client.post(`${base}/imports/${preview.body.id}/confirm`, {});
    await t.services.imports.runImport(preview.body.id);

    const outcomes = await client.get(`${base}/imports/${preview.body.id}/outcomes`);
    expect(outcomes.status).toBe(200);
    expect(outcomes.body.items).toEqual([
      { outcome: 'failed', code: 'no_credits', message: expect.stringMatching(/credits/i), count: 3 },
      { outcome: 'created', code: null, message: null, count: 2 },
    ]);
    const other = await createOrgWithOwner(t, 'Elsewhere');
    expect((await other.client.get(`${base}/imports/${preview.body.id}/outcomes`)).status).toBe(404);
  });
});
