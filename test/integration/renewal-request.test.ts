import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberOf, orgWithOwner, uniqueEmail } from '../helpers/accounts.ts';
import type { TestApp } from '../helpers/app.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

const DAY = 86_400_000;

describe('an expired link: "Ask for a new invitation"', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ smtp: true });
  });
  afterAll(() => t.close());

  /** An invitation sent by the owner, then left to expire (the organization's 7 days). */
  async function expiredInvitation(name = 'Northwind Academy') {
    const owner = await orgWithOwner(t, name);
    const to = uniqueEmail('late');
    const created = await owner.client.post(`/api/v1/orgs/${owner.org.id}/invitations`, { emails: [to] });
    const invitation = created.body.invitations[0];
    await t.smtp!.waitFor((m) => m.to.includes(to));
    t.clock.advance(8 * DAY);
    return { ...owner, invitation, to, token: t.services.links.sign(invitation.id, 1) };
  }
  const renewalEmails = (invitationLink: string) =>
    t.services.db
      .selectFrom('emails')
      .select(['to_address', 'link_path'])
      .where('kind', '=', 'renewal_requested')
      .where('link_path', '=', invitationLink)
      .execute();

  it('names the inviter on the expired page, emails the inviter once a day, and records it in the timeline', async () => {
    const { org, client, email: ownerEmail, invitation, to, token } = await expiredInvitation();
    const page = await t.client().get(`/api/v1/invitations/${token}`);
    expect(page.status).toBe(410);
    expect(page.body.error).toMatchObject({
      code: 'expired',
      inviterName: 'Olivia Owner',
      canRequestNew: true,
      organization: { name: 'Northwind Academy', logoUrl: null, accentColor: '#2563eb' },
    });

    const visitor = t.client().from('198.51.100.7');
    const asked = await visitor.post(`/api/v1/invitations/${token}/request-new`);
    expect(asked.status).toBe(202);
    const mail = await t.smtp!.waitFor(
      (m) => m.to.includes(ownerEmail) && m.subject.includes('asked for a new'),
    );
    expect(mail.subject).toBe(`${to} asked for a new invitation to Northwind Academy`);
    const consoleLink = `http://beckon.test/o/${org.id}/invitations/${invitation.id}`;
    expect(mail.html).toContain(`href="${consoleLink}"`);
    expect(mail.text).toContain(consoleLink);
    // It names the console's button for what to do.
    expect(mail.text).toContain('open the invitation and choose “Send new invitation”');

    const detail = await client.get(`/api/v1/orgs/${org.id}/invitations/${invitation.id}`);
    const event = detail.body.events.find((e: { type: string }) => e.type === 'renewal_requested');
    expect(event).toMatchObject({ type: 'renewal_requested', detail: { notified: ['Olivia Owner'] } });

    // Asked again the same day: the same answer, and nobody is emailed twice.
    const again = await visitor.post(`/api/v1/invitations/${token}/request-new`);
    expect(again.status).toBe(202);
    expect(again.body).toEqual(asked.body);
    const path = `/o/${org.id}/invitations/${invitation.id}`;
    expect(await renewalEmails(path)).toHaveLength(1);

    // A day later, the inviter hears again.
    t.clock.advance(DAY + 1000);
    await t.client().from('198.51.100.8').post(`/api/v1/invitations/${token}/request-new`);
    expect(await renewalEmails(path)).toHaveLength(2);
  });

  it('answers the same whatever the token, and tells nobody unless the invitation is expired', async () => {
    const { org, client } = await orgWithOwner(t);
    const to = uniqueEmail('pending');
    const created = await client.post(`/api/v1/orgs/${org.id}/invitations`, { emails: [to] });
    const pending = created.body.invitations[0];
    const visitor = t.client().from('198.51.100.20');
    const answers = [];
    for (const token of [
      t.services.links.sign(pending.id, 1), // pending: nothing to renew
      `${t.services.links.sign(pending.id, 1).slice(0, -4)}AAAA`, // forged signature
      'not-a-token',
    ]) {
      const res = await visitor.post(`/api/v1/invitations/${encodeURIComponent(token)}/request-new`);
      answers.push([res.status, res.body]);
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]![0]).toBe(202);
    expect(await renewalEmails(`/o/${org.id}/invitations/${pending.id}`)).toHaveLength(0);
    const detail = await client.get(`/api/v1/orgs/${org.id}/invitations/${pending.id}`);
    expect(detail.body.events.map((e: { type: string }) => e.type)).not.toContain('renewal_requested');
  });

  it('limits requests per client address (429 after 5 an hour), whatever the tokens', async () => {
    const { token } = await expiredInvitation();
    const visitor = t.client().from('203.0.113.50');
    for (let i = 0; i < 5; i++)
      expect((await visitor.post(`/api/v1/invitations/x${i}/request-new`)).status).toBe(202);
    const limited = await visitor.post(`/api/v1/invitations/${token}/request-new`);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect(
      (await t.client().from('203.0.113.51').post(`/api/v1/invitations/${token}/request-new`)).status,
    ).toBe(202);
  });

  it('tells the owners and admins when the inviter is no longer a member', async () => {
    const { org, invitation, token } = await expiredInvitation('Left Behind Ltd');
    const admin = await memberOf(t, org.id, 'admin', { name: 'Ada Admin' });
    await t.services.db
      .updateTable('members')
      .set({ status: 'deactivated' })
      .where('org_id', '=', org.id)
      .where('role', '=', 'owner')
      .execute();
    await t.client().from('198.51.100.30').post(`/api/v1/invitations/${token}/request-new`);
    const rows = await renewalEmails(`/o/${org.id}/invitations/${invitation.id}`);
    expect(rows.map((r) => r.to_address)).toEqual([admin.email]);
  });
});
