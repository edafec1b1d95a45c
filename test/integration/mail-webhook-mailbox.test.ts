import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_PLACEHOLDER } from '../../src/mail/outbox.ts';
import { bounceSignature } from '../../src/mail/service.ts';
import { emailRow, insertInvitation, invitationEmail, queueEmail, waitUntil } from '../fixtures/mail.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { addMember, createOrgWithOwner, uniqueEmail } from '../helpers/factories.ts';

const SECRET = 'bounce-secret-for-tests';

describe('outbox mode, the mailbox and the bounce webhook', () => {
  let t: TestApp;
  let org: { id: string };
  let owner: Awaited<ReturnType<typeof createOrgWithOwner>>['client'];
  beforeAll(async () => {
    // No SMTP server: emails are captured in the outbox.
    t = await startTestApp({ env: { BOUNCE_WEBHOOK_SECRET: SECRET } });
    ({ org, client: owner } = await createOrgWithOwner(t));
  });
  afterAll(() => t.close());

  async function capturedInvitation(address = uniqueEmail('invitee'), groupIds: string[] = []) {
    const inv = await insertInvitation(t.services, org.id, address, { groupIds });
    const emailId = await queueEmail(t.services, invitationEmail(inv));
    const row = await waitUntil(async () => {
      const r = await emailRow(t.services, emailId);
      return r.status === 'captured' ? r : null;
    });
    return { inv, emailId, row };
  }

  it('says the mailbox is on, and shows captured emails with their links filled in', async () => {
    const instance = await t.client().get('/api/v1/instance');
    expect(instance.status).toBe(200);
    expect(instance.body.mailboxEnabled).toBe(true);
    expect(typeof instance.body.version).toBe('string');

    const { inv, emailId, row } = await capturedInvitation();
    expect(row.last_response).toContain('captured');
    expect(row.sent_at).toBeTruthy();
    const invAfter = await t.services.db
      .selectFrom('invitations')
      .selectAll()
      .where('id', '=', inv.id)
      .executeTakeFirstOrThrow();
    expect(invAfter.delivery_status).toBe('sent');

    const res = await owner.get(`/api/v1/orgs/${org.id}/mailbox`);
    expect(res.status).toBe(200);
    const item = res.body.items.find((i: { id: string }) => i.id === emailId);
    const link = `http://beckon.test/invite/${t.services.links.sign(inv.id, 1)}`;
    expect(item.link).toBe(link);
    expect(item.text).toContain(link);
    expect(item.html).toContain(link);
    expect(item.text).not.toContain(LINK_PLACEHOLDER);
    expect(item.status).toBe('captured');

    // The outbox never shows the token, even in outbox mode.
    const detail = await owner.get(`/api/v1/orgs/${org.id}/outbox/${emailId}`);
    expect(detail.body.text).toContain('[invitation link]');
    expect(JSON.stringify(detail.body)).not.toContain(t.services.links.sign(inv.id, 1));
  });

  it('refuses the bounce webhook without a secret, or with a wrong signature', async () => {
    const body = JSON.stringify({ messageId: '<nope@beckon.test>', reason: '550 no such user' });
    const secret = t.services.config.bounceWebhookSecret;
    t.services.config.bounceWebhookSecret = undefined;
    try {
      const off = await t.client().post('/api/v1/webhooks/bounces', body, {
        'content-type': 'application/json',
        'x-beckon-signature': bounceSignature(SECRET, body),
      });
      expect(off.status).toBe(404);
      expect(off.body.error.code).toBe('webhook_disabled');
    } finally {
      t.services.config.bounceWebhookSecret = secret;
    }
    const unsigned = await t
      .client()
      .post('/api/v1/webhooks/bounces', body, { 'content-type': 'application/json' });
    expect(unsigned.status).toBe(401);
    const wrong = await t.client().post('/api/v1/webhooks/bounces', body, {
      'content-type': 'application/json',
      'x-beckon-signature': bounceSignature('another-secret', body),
    });
    expect(wrong.status).toBe(401);
    // Signed over different bytes (re-serialised JSON) does not verify either.
    const reordered = await t
      .client()
      .post(
        '/api/v1/webhooks/bounces',
        JSON.stringify({ reason: '550 no such user', messageId: '<nope@beckon.test>' }),
        {
          'content-type': 'application/json',
          'x-beckon-signature': bounceSignature(SECRET, body),
        },
      );
    expect(reordered.status).toBe(401);
    const unknown = await t.client().post('/api/v1/webhooks/bounces', body, {
      'content-type': 'application/json',
      'x-beckon-signature': bounceSignature(SECRET, body),
    });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ matched: false, duplicate: false });
    const bad = '{"reason": 5}';
    const invalid = await t.client().post('/api/v1/webhooks/bounces', bad, {
      'content-type': 'application/json',
      'x-beckon-signature': bounceSignature(SECRET, bad),
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.field).toBe('messageId');
    const notJson = 'not json';
    const broken = await t.client().post('/api/v1/webhooks/bounces', notJson, {
      'content-type': 'text/plain',
      'x-beckon-signature': bounceSignature(SECRET, notJson),
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_json');
  });

  it('marks the invitation bounced from a signed report, once', async () => {
    const { inv, emailId, row } = await capturedInvitation();
    const body = JSON.stringify({
      messageId: row.message_id,
      recipient: inv.email,
      reason: '550 5.1.1 mailbox does not exist',
      type: 'hard',
    });
    const res = await t.client().post('/api/v1/webhooks/bounces', body, {
      'content-type': 'application/json',
      'x-beckon-signature': `sha256=${bounceSignature(SECRET, body)}`,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ matched: true, duplicate: false });
    const invAfter = await t.services.db
      .selectFrom('invitations')
      .selectAll()
      .where('id', '=', inv.id)
      .executeTakeFirstOrThrow();
    expect(invAfter.delivery_status).toBe('bounced');
    expect(invAfter.delivery_detail).toContain('mailbox does not exist');
    expect(invAfter.last_event_type).toBe('bounced');

    // Without angle brackets, again: recognised as a duplicate, nothing new recorded.
    const again = JSON.stringify({
      messageId: row.message_id.replace(/[<>]/g, ''),
      reason: '550 5.1.1 mailbox does not exist',
    });
    const dup = await t.client().post('/api/v1/webhooks/bounces', again, {
      'content-type': 'application/json',
      'x-beckon-signature': bounceSignature(SECRET, again),
    });
    expect(dup.body).toEqual({ matched: true, duplicate: true });
    const events = await t.services.db
      .selectFrom('invitation_events')
      .selectAll()
      .where('invitation_id', '=', inv.id)
      .where('type', '=', 'bounced')
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.actor_type).toBe('system');

    const listed = await owner.get(`/api/v1/orgs/${org.id}/outbox/${emailId}`);
    expect(listed.body.bouncedAt).toBeTruthy();
  });

  it('keeps the outbox and mailbox to people who see the whole organization', async () => {
    const group = await t.services.db
      .insertInto('groups')
      .values({ org_id: org.id, name: `Group ${randomUUID().slice(0, 8)}`, created_at: t.clock.now() })
      .returningAll()
      .executeTakeFirstOrThrow();
    const inGroup = await capturedInvitation(uniqueEmail('grouped'), [group.id]);
    const outside = await capturedInvitation(uniqueEmail('outside'));

    const learner = await addMember(t, org.id, 'learner');
    expect((await learner.client.get(`/api/v1/orgs/${org.id}/outbox`)).status).toBe(403);
    expect((await learner.client.get(`/api/v1/orgs/${org.id}/mailbox`)).status).toBe(403);

    const manager = await addMember(t, org.id, 'manager');
    await t.services.db
      .insertInto('group_members')
      .values({
        org_id: org.id,
        group_id: group.id,
        member_id: manager.member.id,
        is_manager: true,
        created_at: t.clock.now(),
      })
      .execute();
    expect((await manager.client.get(`/api/v1/orgs/${org.id}/outbox`)).status).toBe(403);
    expect((await manager.client.get(`/api/v1/orgs/${org.id}/mailbox`)).status).toBe(403);
    expect(
      (await manager.client.get(`/api/v1/orgs/${org.id}/invitations/${outside.inv.id}/emails`)).status,
    ).toBe(404);
    const own = await manager.client.get(`/api/v1/orgs/${org.id}/invitations/${inGroup.inv.id}/emails`);
    expect(own.status).toBe(200);
    expect(own.body.items[0].id).toBe(inGroup.emailId);

    const hr = await addMember(t, org.id, 'hr');
    expect((await hr.client.get(`/api/v1/orgs/${org.id}/outbox`)).status).toBe(200);
    // Another organization's owner learns nothing.
    const stranger = await createOrgWithOwner(t, 'Elsewhere');
    expect((await stranger.client.get(`/api/v1/orgs/${org.id}/mailbox`)).status).toBe(404);
    expect((await stranger.client.get(`/api/v1/orgs/${org.id}/outbox/${inGroup.emailId}`)).status).toBe(404);
  });
});
