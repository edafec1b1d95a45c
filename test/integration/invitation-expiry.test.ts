import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestClient } from '../helpers/app.ts';
import { createOrgWithOwner, uniqueEmail } from '../helpers/factories.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

const DAY = 86_400_000;

describe('per-invitation expiry', () => {
  let t: TestApp;
  let orgId: string;
  let admin: TestClient;
  let base: string;

  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
    const o = await createOrgWithOwner(t);
    orgId = o.org.id;
    admin = o.client;
    base = `/api/v1/orgs/${orgId}/invitations`;
    const settings = await admin.patch(`/api/v1/orgs/${orgId}/settings`, { inviteExpiryDays: 10 });
    expect(settings.status).toBe(200);
  });
  afterAll(() => t.close());

  it('counts a chosen period from the send and keeps it when the invitation is renewed', async () => {
    const res = await admin.post(base, { emails: [uniqueEmail('short')], expiresInDays: 3 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const inv = res.body.invitations[0];
    expect(inv.expiresInDays).toBe(3);
    expect(new Date(inv.expiresAt).getTime()).toBe(t.clock.now().getTime() + 3 * DAY);

    t.clock.advance(3 * DAY + 1000);
    const renewed = await admin.post(`${base}/${inv.id}/resend`, {});
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(200);
    expect(renewed.body.lastEvent.type).toBe('renewed');
    expect(new Date(renewed.body.expiresAt).getTime()).toBe(t.clock.now().getTime() + 3 * DAY);
  });

  it("uses the organization's period when none is chosen", async () => {
    const res = await admin.post(base, { emails: [uniqueEmail('default')] });
    const inv = res.body.invitations[0];
    expect(inv.expiresInDays).toBeNull();
    expect(new Date(inv.expiresAt).getTime()).toBe(t.clock.now().getTime() + 10 * DAY);
  });

  it('refuses more days than the organization allows, naming the field, and creates nothing', async () => {
    const email = uniqueEmail('long');
    const res = await admin.post(base, { emails: [email], expiresInDays: 11 });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_expiry', field: 'expiresInDays' });
    expect(res.body.error.message).toContain('10');
    const zero = await admin.post(base, { emails: [email], expiresInDays: 0 });
    expect(zero.status).toBe(400);
    expect(zero.body.error.message).toMatch(/expiresInDays/);
    const list = await admin.get(`${base}?q=${encodeURIComponent(email)}`);
    expect(list.body.items).toHaveLength(0);
  });

  it('counts a scheduled invitation’s period from its actual send', async () => {
    const sendAt = new Date(t.clock.now().getTime() + 2 * DAY).toISOString();
    const res = await admin.post(base, { emails: [uniqueEmail('later')], sendAt, expiresInDays: 4 });
    const inv = res.body.invitations[0];
    expect(inv).toMatchObject({ status: 'scheduled', expiresAt: null, expiresInDays: 4 });
    t.clock.advance(2 * DAY + 1000);
    await t.services.sendBatches.send({ invitationIds: [inv.id] });
    const sent = await admin.get(`${base}/${inv.id}`);
    expect(sent.body.status).toBe('pending');
    expect(new Date(sent.body.expiresAt).getTime()).toBe(t.clock.now().getTime() + 4 * DAY);
  });

  it('never lets a link outlive a period the organization later shortened', async () => {
    const o = await createOrgWithOwner(t);
    await o.client.patch(`/api/v1/orgs/${o.org.id}/settings`, { inviteExpiryDays: 9 });
    const res = await o.client.post(`/api/v1/orgs/${o.org.id}/invitations`, {
      emails: [uniqueEmail('capped')],
      expiresInDays: 8,
    });
    const inv = res.body.invitations[0];
    await o.client.patch(`/api/v1/orgs/${o.org.id}/settings`, { inviteExpiryDays: 5 });
    t.clock.advance(60_000);
    const resent = await o.client.post(`/api/v1/orgs/${o.org.id}/invitations/${inv.id}/resend`, {});
    expect(resent.status, JSON.stringify(resent.body)).toBe(200);
    expect(new Date(resent.body.expiresAt).getTime()).toBe(t.clock.now().getTime() + 5 * DAY);
  });

  it('reads an expires_in_days import column: each row’s period, and a problem naming row and column', async () => {
    const a = uniqueEmail('a');
    const b = uniqueEmail('b');
    const c = uniqueEmail('c');
    const d = uniqueEmail('d');
    const csv = `email,role,expires_in_days\n${a},learner,2\n${b},learner,\n${c},learner,30\n${d},learner,two\n`;
    const up = await admin.request('POST', `/api/v1/orgs/${orgId}/imports`, Buffer.from(csv), {
      'content-type': 'text/csv',
    });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({ total: 4, valid: 2 });
    const problems = up.body.problems.map((p: any) => [p.row, p.column, p.code]);
    expect(problems).toEqual([
      [4, 'expires_in_days', 'invalid_expiry'],
      [5, 'expires_in_days', 'invalid_expiry'],
    ]);
    expect(up.body.problems[0].message).toContain('10');

    const conf = await admin.post(`/api/v1/orgs/${orgId}/imports/${up.body.id}/confirm`, {});
    expect(conf.status, JSON.stringify(conf.body)).toBe(202);
    await t.services.imports.runImport(up.body.id);
    const rows = await t.services.db
      .selectFrom('invitations')
      .select(['id', 'email'])
      .where('import_id', '=', up.body.id)
      .execute();
    expect(rows).toHaveLength(2);
    await t.services.sendBatches.send({ invitationIds: rows.map((r) => r.id) });
    const byEmail = new Map(rows.map((r) => [r.email, r.id]));
    const first = await admin.get(`${base}/${byEmail.get(a)}`);
    expect(first.body).toMatchObject({ status: 'pending', expiresInDays: 2 });
    expect(new Date(first.body.expiresAt).getTime()).toBe(t.clock.now().getTime() + 2 * DAY);
    const second = await admin.get(`${base}/${byEmail.get(b)}`);
    expect(second.body.expiresInDays).toBeNull();
    expect(new Date(second.body.expiresAt).getTime()).toBe(t.clock.now().getTime() + 10 * DAY);
  });
});
