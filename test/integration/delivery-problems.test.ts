import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitAnswer } from '../../src/delivery/service.ts';
import { waitUntil } from '../fixtures/mail.ts';
import type { TestApp } from '../helpers/app.ts';
import { addMember, createOrgWithOwner } from '../helpers/factories.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

const rand = () => Math.random().toString(36).slice(2, 8);

describe('delivery problems grouped by domain and answer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ smtp: true });
  });
  afterAll(() => t.close());

  it('groups failed and bounced invitations by recipient domain and by the masked server answer', async () => {
    const { org, client } = await createOrgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}`;
    const sales = (await client.post(`${base}/groups`, { name: 'Sales' })).body.id;
    const dead = `dead-${rand()}.example`;
    const strict = `strict-${rand()}.example`;
    const unknown = [`ann@${dead}`, `bob@${dead}`, `cy@${strict}`];
    for (const a of unknown) t.smtp!.rejectRecipient(a, 550, `5.1.1 <${a}>: Recipient address rejected`);
    const relay = `dee@${strict}`;
    t.smtp!.rejectRecipient(relay, 554, '5.7.1 Relaying denied');
    const fine = `fay@ok-${rand()}.example`;
    const res = await client.post(`${base}/invitations`, {
      emails: [...unknown, relay, fine],
      groupIds: [sales],
    });
    expect(res.body.invitations).toHaveLength(5);
    const ids = res.body.invitations.map((i: any) => i.id);
    await waitUntil(async () => {
      const rows = await t.services.db
        .selectFrom('invitations')
        .select('delivery_status')
        .where('id', 'in', ids)
        .execute();
      return rows.filter((r) => r.delivery_status === 'failed').length === 4 ? rows : null;
    });
    // A cancelled invitation's problem is resolved: it leaves the groups.
    const cancelled = res.body.invitations.find((i: any) => i.email === `bob@${dead}`);

    const summary = await client.get(`${base}/delivery/problems`);
    expect(summary.status, JSON.stringify(summary.body)).toBe(200);
    expect(summary.body.total).toBe(4);
    // Equal counts come in domain order.
    expect(summary.body.byDomain.map((d: any) => [d.domain, d.count])).toEqual([
      [dead, 2],
      [strict, 2],
    ]);
    const answers = summary.body.byAnswer;
    expect(answers[0]).toMatchObject({
      answer: '550 5.1.1 <address>: Recipient address rejected',
      code: '550',
      enhancedStatus: '5.1.1',
      text: '<address>: Recipient address rejected',
      count: 3,
      domains: 2,
    });
    expect(answers[1]).toMatchObject({ code: '554', enhancedStatus: '5.7.1', count: 1, domains: 1 });

    const behind = await client.get(
      `${base}/delivery/problems/invitations?answer=${encodeURIComponent(answers[0].answer)}&limit=2`,
    );
    expect(behind.status).toBe(200);
    expect(behind.body.items).toHaveLength(2);
    expect(behind.body.items[0].actions).toContain('correct_address');
    const next = await client.get(
      `${base}/delivery/problems/invitations?answer=${encodeURIComponent(answers[0].answer)}&limit=2&cursor=${behind.body.nextCursor}`,
    );
    expect(next.body.items).toHaveLength(1);
    expect(next.body.nextCursor).toBeNull();
    const all = [...behind.body.items, ...next.body.items].map((i: any) => i.email).sort();
    expect(all).toEqual([...unknown].sort());

    const byDomain = await client.get(`${base}/delivery/problems/invitations?domain=${strict.toUpperCase()}`);
    expect(byDomain.body.items.map((i: any) => i.email).sort()).toEqual([`cy@${strict}`, relay].sort());

    await client.post(`${base}/invitations/${cancelled.id}/cancel`);
    const after = await client.get(`${base}/delivery/problems`);
    expect(after.body.total).toBe(3);
    expect(after.body.byDomain.find((d: any) => d.domain === dead).count).toBe(1);

    // A manager sees the problems of their groups only; another organization sees none.
    const manager = await addMember(t, org.id, 'manager');
    const support = (await client.post(`${base}/groups`, { name: 'Support' })).body.id;
    const assigned = await client.request('PUT', `${base}/groups/${support}/managers`, {
      memberIds: [manager.member.id],
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    const managerView = await manager.client.get(`${base}/delivery/problems`);
    expect(managerView.status).toBe(200);
    expect(managerView.body.total).toBe(0);
    const other = await createOrgWithOwner(t);
    expect((await other.client.get(`${base}/delivery/problems`)).status).toBe(404);
    expect((await other.client.get(`/api/v1/orgs/${other.org.id}/delivery/problems`)).body.total).toBe(0);
  });

  it('splits an answer into its reply code, enhanced status and text', () => {
    expect(splitAnswer('550 5.1.1 <address> User unknown')).toEqual({
      code: '550',
      enhancedStatus: '5.1.1',
      text: '<address> User unknown',
    });
    expect(splitAnswer('421-4.7.0 Try later')).toEqual({
      code: '421',
      enhancedStatus: '4.7.0',
      text: 'Try later',
    });
    expect(splitAnswer('connect ECONNREFUSED 127.0.0.1:25')).toEqual({
      code: null,
      enhancedStatus: null,
      text: 'connect ECONNREFUSED 127.0.0.1:25',
    });
  });
});
