import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../fixtures/mail.ts';
import type { TestApp, TestClient } from '../helpers/app.ts';
import { addMember, createOrgWithOwner, uniqueEmail } from '../helpers/factories.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

const tokenOf = (url: string) => url.split('/invite/')[1]!;

describe('correcting an invitation’s address', () => {
  let t: TestApp;
  let orgId: string;
  let admin: TestClient;
  let base: string;
  let groupId: string;

  beforeAll(async () => {
    t = await sharedTestApp({ smtp: true });
    const o = await createOrgWithOwner(t);
    orgId = o.org.id;
    admin = o.client;
    base = `/api/v1/orgs/${orgId}/invitations`;
    groupId = (await admin.post(`/api/v1/orgs/${orgId}/groups`, { name: 'Sales' })).body.id;
  });
  afterAll(() => t.close());

  async function invite(email: string, extra: Record<string, unknown> = {}) {
    const res = await admin.post(base, { emails: [email], ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.invitations, JSON.stringify(res.body.rejected)).toHaveLength(1);
    return res.body.invitations[0];
  }

  it('replaces a bounced invitation: the new address gets the email, the old link dies, each history names the other', async () => {
    const wrong = uniqueEmail('bounces');
    t.smtp!.rejectRecipient(wrong, 550, '5.1.1 <bounces> User unknown');
    const inv = await invite(wrong, {
      role: 'hr',
      groupIds: [groupId],
      message: 'Welcome to the sales team',
      expiresInDays: 5,
      metadata: { employee: 42 },
    });
    const oldToken = tokenOf((await admin.get(`${base}/${inv.id}/link`)).body.url);
    const failed = await waitUntil(async () => {
      const r = await admin.get(`${base}/${inv.id}`);
      return r.body.delivery.status === 'failed' ? r.body : null;
    });
    expect(failed.delivery.detail).toMatch(/^550/);
    expect(failed.actions).toContain('correct_address');

    const right = uniqueEmail('right');
    t.clock.advance(60_000);
    const res = await admin.post(`${base}/${inv.id}/correct-address`, { email: right });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { invitation, replaced } = res.body;
    expect(replaced).toMatchObject({ id: inv.id, status: 'cancelled', email: wrong });
    expect(invitation).toMatchObject({
      email: right,
      status: 'pending',
      role: 'hr',
      groups: [{ id: groupId, name: 'Sales' }],
      message: 'Welcome to the sales team',
      expiresInDays: 5,
      metadata: { employee: 42 },
      delivery: { status: 'queued' },
    });
    expect(new Date(invitation.expiresAt).getTime()).toBe(t.clock.now().getTime() + 5 * 86_400_000);

    const mail = await t.smtp!.waitFor((m) => m.to.includes(right));
    expect(mail.text).toContain('Welcome to the sales team');
    const newToken = tokenOf(mail.text.match(/http:\/\/beckon\.test\/invite\/\S+/)![0]);
    expect((await t.client().get(`/api/v1/invitations/${newToken}`)).body).toMatchObject({
      status: 'pending',
      email: right,
    });
    const dead = await t.client().get(`/api/v1/invitations/${oldToken}`);
    expect(dead.status).toBe(410);
    expect(dead.body.error.code).toBe('cancelled');

    const oldHistory = (await admin.get(`${base}/${inv.id}`)).body.events;
    expect(oldHistory.at(-1)).toMatchObject({
      type: 'cancelled',
      detail: { reason: 'address_corrected', correctedTo: { invitationId: invitation.id, email: right } },
    });
    const newHistory = (await admin.get(`${base}/${invitation.id}`)).body.events;
    expect(newHistory.map((e: any) => e.type)).toEqual(['created', 'sent']);
    expect(newHistory[0].detail).toEqual({ correctionOf: { invitationId: inv.id, email: wrong } });

    const audit = await admin.get(`/api/v1/orgs/${orgId}/audit-log?type=invitation.address_corrected`);
    expect(audit.status, JSON.stringify(audit.body)).toBe(200);
    const entry = audit.body.items.find((e: any) => e.target.id === inv.id);
    expect(entry.changes.email).toEqual({ from: wrong, to: right });
  });

  it('corrects a pending invitation that did not bounce: its emails still unsent are dropped', async () => {
    const o = await createOrgWithOwner(t);
    const orgBase = `/api/v1/orgs/${o.org.id}/invitations`;
    // A send rate of one per minute keeps the second invitation's email waiting in the outbox.
    await o.client.patch(`/api/v1/orgs/${o.org.id}/settings`, { sendRatePerMinute: 1 });
    const first = await o.client.post(orgBase, { emails: [uniqueEmail('first')] });
    const typo = uniqueEmail('typo');
    const pending = (await o.client.post(orgBase, { emails: [typo] })).body.invitations[0];
    expect(first.status).toBe(201);
    const res = await o.client.post(`${orgBase}/${pending.id}/correct-address`, {
      email: typo.replace('typo', 'fixed'),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const emails = await t.services.db
      .selectFrom('emails')
      .select(['to_address', 'status'])
      .where('invitation_id', 'in', [pending.id, res.body.invitation.id])
      .execute();
    const statusOf = new Map(emails.map((e) => [e.to_address, e.status]));
    expect(statusOf.get(typo)).toBe('cancelled');
    expect(statusOf.get(typo.replace('typo', 'fixed'))).not.toBe('cancelled');
  });

  it('keeps a scheduled invitation scheduled for its send time', async () => {
    const sendAt = new Date(t.clock.now().getTime() + 2 * 86_400_000).toISOString();
    const inv = await invite(uniqueEmail('later'), { sendAt });
    const res = await admin.post(`${base}/${inv.id}/correct-address`, { email: uniqueEmail('later-fixed') });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.invitation).toMatchObject({ status: 'scheduled', sendAt, sentCount: 0 });
  });

  it('refuses an address that is invalid, carries a header, is the same, is invited or a member, changing nothing', async () => {
    const inv = await invite(uniqueEmail('keep'));
    const taken = (await invite(uniqueEmail('taken'))).email;
    const member = await addMember(t, orgId, 'learner');
    const cases: Array<[string, number, string]> = [
      ['not-an-address', 400, 'invalid_email'],
      [`fixed@example.com\r\nBcc: victim@example.net`, 400, 'invalid_email'],
      ['fixed@example.com\nX-Injected: yes', 400, 'invalid_email'],
      [inv.email.toUpperCase(), 400, 'same_address'],
      [taken.toUpperCase(), 409, 'already_invited'],
      [member.email, 409, 'already_member'],
      ['sam@gmial.com', 400, 'possible_typo'],
    ];
    for (const [email, status, code] of cases) {
      const res = await admin.post(`${base}/${inv.id}/correct-address`, { email });
      expect(res.status, `${JSON.stringify(email)}: ${JSON.stringify(res.body)}`).toBe(status);
      expect(res.body.error.code).toBe(code);
    }
    const after = await admin.get(`${base}/${inv.id}`);
    expect(after.body).toMatchObject({ status: 'pending', email: inv.email });
    expect(after.body.events.map((e: any) => e.type)).toEqual(['created', 'sent']);

    const typo = await admin.post(`${base}/${inv.id}/correct-address`, {
      email: 'sam@gmial.com',
      allowTypos: true,
    });
    expect(typo.status).toBe(201);
    const again = await admin.post(`${base}/${inv.id}/correct-address`, { email: uniqueEmail('late') });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('invalid_status');
  });

  it('refuses an address that received too many invitations this hour', async () => {
    const busy = uniqueEmail('busy');
    for (let i = 0; i < 5; i++) {
      const made = await invite(busy);
      await admin.post(`${base}/${made.id}/cancel`);
    }
    const inv = await invite(uniqueEmail('other'));
    const res = await admin.post(`${base}/${inv.id}/correct-address`, { email: busy });
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBeTruthy();
    expect((await admin.get(`${base}/${inv.id}`)).body.status).toBe('pending');
  });

  it('moves the credit: with none left, the correction still goes through', async () => {
    const o = await createOrgWithOwner(t);
    const orgBase = `/api/v1/orgs/${o.org.id}`;
    await o.client.post(`${orgBase}/credits`, { enabled: true, amount: 1 });
    const inv = (await o.client.post(`${orgBase}/invitations`, { emails: [uniqueEmail('one')] })).body
      .invitations[0];
    expect((await o.client.get(`${orgBase}/credits`)).body).toMatchObject({ balance: 0, held: 1 });
    const res = await o.client.post(`${orgBase}/invitations/${inv.id}/correct-address`, {
      email: uniqueEmail('two'),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const credits = (await o.client.get(`${orgBase}/credits`)).body;
    expect(credits).toMatchObject({ balance: 0, held: 1 });
    expect(credits.transactions.map((x: any) => x.reason).slice(0, 2)).toEqual(['hold', 'release']);
  });

  it('lets nobody act on an invitation for a role above what they may grant, nor outside their groups', async () => {
    const adminInvite = await invite(uniqueEmail('boss'), { role: 'admin' });
    const hr = await addMember(t, orgId, 'hr');
    const refused = await hr.client.post(`${base}/${adminInvite.id}/correct-address`, {
      email: uniqueEmail('boss-fixed'),
    });
    expect(refused.status).toBe(403);

    const manager = await addMember(t, orgId, 'manager');
    const hidden = await manager.client.post(`${base}/${adminInvite.id}/correct-address`, {
      email: uniqueEmail('boss-fixed'),
    });
    expect(hidden.status).toBe(404);
    expect((await admin.get(`${base}/${adminInvite.id}`)).body.status).toBe('pending');

    const other = await createOrgWithOwner(t);
    const foreign = await other.client.post(
      `/api/v1/orgs/${other.org.id}/invitations/${adminInvite.id}/correct-address`,
      {
        email: uniqueEmail('x'),
      },
    );
    expect(foreign.status).toBe(404);
  });
});
