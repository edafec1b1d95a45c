import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestClient } from '../helpers/app.ts';
import { addMember, createOrgWithOwner, signIn, uniqueEmail } from '../helpers/factories.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

const tokenOf = (url: string) => url.split('/invite/')[1]!;

describe('invitations over HTTP', () => {
  let t: TestApp;
  let orgId: string;
  let admin: TestClient;
  let base: string;
  let ownerEmail: string;

  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
    const o = await createOrgWithOwner(t);
    orgId = o.org.id;
    admin = o.client;
    ownerEmail = o.email;
    base = `/api/v1/orgs/${orgId}/invitations`;
  });

  async function invite(email: string, extra: Record<string, unknown> = {}) {
    const res = await admin.post(base, { emails: [email], ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.invitations).toHaveLength(1);
    return res.body.invitations[0];
  }
  async function linkOf(id: string): Promise<string> {
    const res = await admin.get(`${base}/${id}/link`);
    expect(res.status).toBe(200);
    return tokenOf(res.body.url);
  }

  it('creates invitations and rejects bad, duplicate, typo, member and already-invited addresses with reasons', async () => {
    const pending = uniqueEmail('already');
    await invite(pending);
    const res = await admin.post(base, {
      emails: [
        'Good.Person@Example.org',
        'good.person@example.org',
        'nope',
        'sam@gmial.com',
        pending.toUpperCase(),
        ownerEmail,
      ],
      role: 'learner',
      message: 'Welcome aboard!',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.invitations.map((i: any) => i.email)).toEqual(['Good.Person@example.org']);
    const inv = res.body.invitations[0];
    expect(inv).toMatchObject({
      status: 'pending',
      role: 'learner',
      sentCount: 1,
      groups: [],
      user: null,
      delivery: { status: 'queued' },
    });
    expect(inv.lastEvent.type).toBe('sent');
    expect(new Date(inv.expiresAt).getTime() - new Date(inv.createdAt).getTime()).toBe(7 * 86_400_000);
    const codes = Object.fromEntries(res.body.rejected.map((r: any) => [r.email.toLowerCase(), r]));
    expect(codes['good.person@example.org'].code).toBe('duplicate');
    expect(codes.nope.code).toBe('invalid_email');
    expect(codes['sam@gmial.com']).toMatchObject({ code: 'possible_typo', suggestion: 'sam@gmail.com' });
    expect(codes[pending.toLowerCase()].code).toBe('already_invited');
    expect(Object.values(codes).some((r: any) => r.code === 'already_member')).toBe(true);
    // Which sentence each is, as a stable code for the console to word in its reader's language.
    expect(codes['good.person@example.org'].reasonCode).toBe('duplicate');
    expect(codes.nope.reasonCode).toBe('shape');
    expect(codes['sam@gmial.com'].reasonCode).toBe('possible_typo');
    expect(codes[pending.toLowerCase()].reasonCode).toBe('invited_pending');
    expect(Object.values(codes).find((r: any) => r.code === 'already_member')).toMatchObject({
      reasonCode: 'member_active',
    });

    // The inline check answers with the same codes, and the domain a sentence names.
    const checked = await admin.post(`${base}/check`, {
      emails: ['sam@gmial.com', 'x@bad_domain.com', pending],
    });
    expect(checked.status, JSON.stringify(checked.body)).toBe(200);
    expect(checked.body.results).toEqual([
      expect.objectContaining({
        code: 'possible_typo',
        reasonCode: 'possible_typo',
        suggestion: 'sam@gmail.com',
      }),
      expect.objectContaining({
        code: 'invalid_email',
        reasonCode: 'domain',
        domain: 'bad_domain.com',
        message: '"bad_domain.com" is not a valid domain.',
      }),
      expect.objectContaining({ code: 'already_invited', reasonCode: 'invited_pending' }),
    ]);

    const forced = await admin.post(base, { emails: ['sam@gmial.com'], allowTypos: true });
    expect(forced.body.invitations).toHaveLength(1);
  });

  it('answers bad input with a clear error naming the field, and changes nothing', async () => {
    const before = await admin.get(`${base}?limit=200`);
    const eleven = Array.from({ length: 11 }, (_, i) => `p${i}@example.com`);
    const tooMany = await admin.post(base, { emails: eleven });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.field).toBe('emails');
    const unknownField = await admin.post(base, { emails: ['a@example.com'], colour: 'red' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.field).toBe('colour');
    const notAnArray = await admin.post(base, { emails: 'a@example.com' });
    expect(notAnArray.status).toBe(400);
    expect(notAnArray.body.error.field).toBe('emails');
    const badRole = await admin.post(base, { emails: ['a@example.com'], role: 'emperor' });
    expect(badRole.status).toBe(400);
    expect(badRole.body.error.field).toBe('role');
    const longAddress = await admin.post(base, { emails: [`${'a'.repeat(330)}@example.com`] });
    expect(longAddress.status).toBe(400);
    expect(longAddress.body.error.field).toBe('emails[0]');
    const malformed = await admin.request('POST', base, '{"emails": [', {
      'content-type': 'application/json',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_json');
    const huge = await admin.request(
      'POST',
      base,
      JSON.stringify({ emails: ['a@example.com'], message: 'x'.repeat(2_000_000) }),
      { 'content-type': 'application/json' },
    );
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
    const unknownGroup = await admin.post(base, {
      emails: ['a@example.com'],
      groupIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(unknownGroup.status).toBe(400);
    expect(unknownGroup.body.error).toMatchObject({ code: 'unknown_group', field: 'groupIds' });
    const injection = await admin.post(base, { emails: ['a@example.com\r\nBcc: evil@example.com'] });
    expect(injection.body.rejected[0].code).toBe('invalid_email');
    const after = await admin.get(`${base}?limit=200`);
    expect(after.body.items.length).toBe(before.body.items.length);
  });

  it('keeps tenants apart: another organization and its invitations answer 404', async () => {
    const other = await createOrgWithOwner(t, 'Other Org');
    const theirs = await other.client.post(`/api/v1/orgs/${other.org.id}/invitations`, {
      emails: [uniqueEmail()],
    });
    const theirId = theirs.body.invitations[0].id;
    expect((await admin.get(`${base}/${theirId}`)).status).toBe(404);
    expect((await admin.post(`${base}/${theirId}/cancel`)).status).toBe(404);
    expect((await admin.get(`/api/v1/orgs/${other.org.id}/invitations`)).status).toBe(404);
    expect((await admin.get('/api/v1/orgs/not-a-uuid/invitations')).status).toBe(404);
    expect((await admin.get('/api/v1/orgs/00000000-0000-4000-8000-000000000000/invitations')).status).toBe(
      404,
    );
  });

  it('accepts through the link as a new person, with groups and trainings, exactly once', async () => {
    const group = await admin.post(`/api/v1/orgs/${orgId}/groups`, {
      name: `Onboarding ${Date.now()}`,
      trainings: ['Safety 101', 'Code of conduct'],
    });
    expect(group.status).toBe(201);
    const email = uniqueEmail('newbie');
    const inv = await invite(email, { groupIds: [group.body.id], role: 'learner' });
    expect(inv.groups).toEqual([{ id: group.body.id, name: group.body.name }]);
    const token = await linkOf(inv.id);

    const invitee = t.client();
    const view = await invitee.get(`/api/v1/invitations/${token}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      status: 'pending',
      organization: { name: 'Acme Training' },
      email,
      accountExists: false,
    });
    // Opening the link twice changes nothing.
    expect((await invitee.get(`/api/v1/invitations/${token}`)).body.status).toBe('pending');

    const weak = await invitee.post(`/api/v1/invitations/${token}/accept`, {
      name: 'Nia New',
      password: 'short',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.field).toBe('password');
    const accepted = await invitee.post(`/api/v1/invitations/${token}/accept`, {
      name: 'Nia New',
      password: 'a-strong-passphrase',
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body.organization.id).toBe(orgId);
    expect(invitee.cookie).toBeTruthy();
    const me = await invitee.get('/api/v1/session');
    expect(me.body.organizations[0]).toMatchObject({ id: orgId, role: 'learner' });

    const again = await t
      .client()
      .post(`/api/v1/invitations/${token}/accept`, { name: 'X', password: 'another-strong-one' });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('accepted');
    // Reopened, the link names the organization by id too: a member signed in is led there.
    const reopened = await t.client().get(`/api/v1/invitations/${token}`);
    expect(reopened.status).toBe(410);
    expect(reopened.body.error).toMatchObject({ code: 'accepted', organizationId: orgId });

    const detail = await admin.get(`${base}/${inv.id}`);
    expect(detail.body.status).toBe('accepted');
    expect(detail.body.user).toMatchObject({ name: 'Nia New' });
    expect(detail.body.actions).toEqual([]);
    expect(detail.body.events.map((e: any) => e.type)).toEqual([
      'created',
      'sent',
      'link_copied',
      'accepted',
    ]);
    const assignments = await t.services.db
      .selectFrom('training_assignments')
      .innerJoin('members', 'members.id', 'training_assignments.member_id')
      .where('members.user_id', '=', accepted.body.user.id)
      .select('training_assignments.id')
      .execute();
    expect(assignments).toHaveLength(2);
    const reinvite = await admin.post(base, { emails: [email] });
    expect(reinvite.body.rejected[0].code).toBe('already_member');
  });

  it('lets an existing user accept by signing in, and only with the invited address', async () => {
    const other = await createOrgWithOwner(t, 'Second Org');
    const inv = await invite(other.email);
    const token = await linkOf(inv.id);
    expect((await t.client().get(`/api/v1/invitations/${token}`)).body.accountExists).toBe(true);
    const anonymous = await t
      .client()
      .post(`/api/v1/invitations/${token}/accept`, { name: 'Someone', password: 'a-strong-passphrase' });
    expect(anonymous.status).toBe(409);
    expect(anonymous.body.error.code).toBe('account_exists');
    const wrongPerson = await admin.post(`/api/v1/invitations/${token}/accept`, {});
    expect(wrongPerson.status).toBe(403);
    expect(wrongPerson.body.error.code).toBe('email_mismatch');
    const ok = await other.client.post(`/api/v1/invitations/${token}/accept`, {});
    expect(ok.status).toBe(201);
    const me = await other.client.get('/api/v1/session');
    expect(me.body.organizations.map((o: any) => o.id)).toContain(orgId);
  });

  it('resend kills the old link at once, resets expiry and has a cooldown', async () => {
    const inv = await invite(uniqueEmail('resend'));
    const oldToken = await linkOf(inv.id);
    const tooSoon = await admin.post(`${base}/${inv.id}/resend`);
    expect(tooSoon.status).toBe(429);
    expect(Number(tooSoon.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(2 * 86_400_000);
    const resent = await admin.post(`${base}/${inv.id}/resend`);
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ status: 'pending', sentCount: 2, lastEvent: { type: 'resent' } });
    expect(new Date(resent.body.expiresAt).getTime()).toBe(t.clock.now().getTime() + 7 * 86_400_000);
    const old = await t.client().get(`/api/v1/invitations/${oldToken}`);
    expect(old.status).toBe(410);
    expect(old.body.error).toMatchObject({ code: 'replaced', organization: { name: 'Acme Training' } });
    expect(
      (
        await t
          .client()
          .post(`/api/v1/invitations/${oldToken}/accept`, { name: 'A', password: 'a-strong-passphrase' })
      ).body.error.code,
    ).toBe('replaced');
    const newToken = await linkOf(inv.id);
    expect(newToken).not.toBe(oldToken);
    expect((await t.client().get(`/api/v1/invitations/${newToken}`)).status).toBe(200);
    expect((await t.client().get(`/api/v1/invitations/${newToken.slice(0, -4)}AAAA`)).status).toBe(404);
    expect((await t.client().get('/api/v1/invitations/garbage')).status).toBe(404);

    // Once accepted through the newest link, the older one says so too: nothing is left to look for.
    const accepted = await t.client().post(`/api/v1/invitations/${newToken}/accept`, {
      name: 'Rae Resent',
      password: 'a-strong-passphrase',
    });
    expect(accepted.status).toBe(201);
    const oldAfter = await t.client().get(`/api/v1/invitations/${oldToken}`);
    expect(oldAfter.status).toBe(410);
    expect(oldAfter.body.error).toMatchObject({ code: 'accepted', organization: { name: 'Acme Training' } });
    const acceptAgain = await t
      .client()
      .post(`/api/v1/invitations/${oldToken}/accept`, { name: 'B', password: 'another-strong-passphrase' });
    expect(acceptAgain.body.error.code).toBe('accepted');
    // Acting on a dead link answers what viewing it answers: the organization comes along.
    expect(acceptAgain.body.error).toMatchObject({ organization: { name: 'Acme Training' } });
    const declineAfter = await t.client().post(`/api/v1/invitations/${newToken}/decline`);
    expect(declineAfter.status).toBe(410);
    expect(declineAfter.body.error).toMatchObject({
      code: 'accepted',
      organization: { name: 'Acme Training' },
      organizationId: expect.any(String),
    });
  });

  it('expires at read time, records it by job, and "send new invitation" renews it', async () => {
    const inv = await invite(uniqueEmail('expiring'));
    const token = await linkOf(inv.id);
    t.clock.advance(7 * 86_400_000 + 1000);
    const listed = await admin.get(`${base}?status=expired&q=${encodeURIComponent(inv.email)}`);
    expect(listed.body.items.map((i: any) => i.id)).toEqual([inv.id]);
    expect(listed.body.items[0].actions).toEqual(['renew', 'correct_address', 'cancel']);
    expect((await admin.get(`${base}?status=pending&q=${encodeURIComponent(inv.email)}`)).body.items).toEqual(
      [],
    );
    const dead = await t.client().get(`/api/v1/invitations/${token}`);
    expect(dead.status).toBe(410);
    expect(dead.body.error.code).toBe('expired');
    expect((await admin.get(`${base}/${inv.id}/link`)).status).toBe(409);

    // The pass comes by an hour late (a restart, say): the history still says when it expired.
    t.clock.advance(3_600_000);
    expect(await t.services.invitations.expireDue()).toBeGreaterThanOrEqual(1);
    const detail = await admin.get(`${base}/${inv.id}`);
    expect(detail.body.events.at(-1).at).toBe(detail.body.expiresAt);
    expect(detail.body.lastEvent.at).toBe(detail.body.expiresAt);
    // A part of Beckon acted: its English name, and a code for other languages.
    expect(detail.body.events.at(-1)).toMatchObject({
      type: 'expired',
      actor: { type: 'system', name: 'Beckon', code: 'beckon' },
    });
    expect(detail.body.lastEvent).toMatchObject({
      type: 'expired',
      actor: { type: 'system', name: 'Beckon', code: 'beckon' },
    });
    const invitedBy = detail.body.events.find((e: any) => e.type === 'created');
    expect(invitedBy.actor.code).toBeUndefined();

    const renewed = await admin.post(`${base}/${inv.id}/resend`);
    expect(renewed.status).toBe(200);
    expect(renewed.body).toMatchObject({ status: 'pending', lastEvent: { type: 'renewed' } });
    expect((await t.client().get(`/api/v1/invitations/${token}`)).body.error.code).toBe('replaced');
  });

  it('cancels, declines, and refuses actions the status does not allow with 409', async () => {
    const inv = await invite(uniqueEmail('cancel'));
    const token = await linkOf(inv.id);
    const cancelled = await admin.post(`${base}/${inv.id}/cancel`);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', actions: [] });
    expect(cancelled.body.statusReason).toMatch(/cancelled/i);
    expect(cancelled.body.statusReasonCode).toBe('status_cancelled');
    expect((await t.client().get(`/api/v1/invitations/${token}`)).body.error.code).toBe('cancelled');
    const again = await admin.post(`${base}/${inv.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('invalid_status');
    expect((await admin.post(`${base}/${inv.id}/resend`)).status).toBe(409);
    // A cancelled address may be invited afresh.
    const fresh = await invite(inv.email);
    const freshToken = await linkOf(fresh.id);
    expect((await t.client().post(`/api/v1/invitations/${freshToken}/decline`)).status).toBe(200);
    expect((await t.client().get(`/api/v1/invitations/${freshToken}`)).body.error.code).toBe('declined');
    expect((await admin.get(`${base}/${fresh.id}`)).body.status).toBe('declined');
  });

  it('sets a password by hand: accepted, and the first sign-in forces a new password', async () => {
    const email = uniqueEmail('manual');
    const inv = await invite(email);
    const weak = await admin.post(`${base}/${inv.id}/password`, { password: 'abc' });
    expect(weak.status).toBe(400);
    const res = await admin.post(`${base}/${inv.id}/password`, { password: 'Temporary-Pass-42' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('accepted');
    expect(res.body.lastEvent.type).toBe('password_set');
    const person = await signIn(t, email, 'Temporary-Pass-42');
    const me = await person.get('/api/v1/session');
    expect(me.body.user.mustChangePassword).toBe(true);
    const blocked = await person.get(`/api/v1/orgs/${orgId}`);
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('password_change_required');
    expect(
      (
        await person.post('/api/v1/session/password', {
          currentPassword: 'Temporary-Pass-42',
          newPassword: 'my-own-secret-phrase',
        })
      ).status,
    ).toBe(204);
    expect((await person.get(`/api/v1/orgs/${orgId}`)).status).toBe(200);
  });

  it('sets a password the same way for an address with an account elsewhere, keeping their own password', async () => {
    const elsewhere = await createOrgWithOwner(t, 'Other Org');
    const known = await invite(elsewhere.email);
    const fresh = await invite(uniqueEmail('fresh'));
    const a = await admin.post(`${base}/${known.id}/password`, { password: 'Temporary-Pass-42' });
    const b = await admin.post(`${base}/${fresh.id}/password`, { password: 'Temporary-Pass-42' });
    // One answer whether or not the address had an account: nothing told about other organizations.
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const shape = (r: any) => ({
      status: r.status,
      lastEvent: r.lastEvent.type,
      keys: Object.keys(r).sort(),
    });
    expect(shape(a.body)).toEqual(shape(b.body));

    // The existing account keeps its password and is simply a member now, told so by email.
    await expect(signIn(t, elsewhere.email, 'Temporary-Pass-42')).rejects.toThrow(/sign-in failed/);
    const person = await signIn(t, elsewhere.email);
    expect((await person.get(`/api/v1/orgs/${orgId}`)).status).toBe(200);
    const told = await t.services.db
      .selectFrom('emails')
      .select(['kind', 'subject'])
      .where('to_address', '=', elsewhere.email)
      .where('kind', '=', 'added_to_organization')
      .execute();
    expect(told).toEqual([{ kind: 'added_to_organization', subject: 'You were added to Acme Training' }]);

    // A new account's creation is in the invitation's history, with who did it.
    const events = (await admin.get(`${base}/${fresh.id}`)).body.events;
    expect(events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['account_created', 'password_set']),
    );
    expect(events.find((e: { type: string }) => e.type === 'account_created').actor.name).toBe(
      'Olivia Owner',
    );
  });

  it('pages with a keyset cursor, filters by status and searches case-insensitively', async () => {
    const tag = `pg${Date.now().toString(36)}`;
    for (let i = 0; i < 5; i++) {
      await admin.post(base, { emails: [0, 1].map((j) => `${tag}.${i}.${j}@Example.com`) });
      t.clock.advance(1000);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await admin.get(
        `${base}?q=${tag.toUpperCase()}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((i: any) => i.email));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
    expect(seen[0]).toMatch(new RegExp(`^${tag}\\.4\\.`));
    const bad = await admin.get(`${base}?status=weird`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('status');
    expect((await admin.get(`${base}?cursor=zzz`)).status).toBe(400);
  });

  it('schedules, moves and sends at the send time; expiry counts from the actual send', async () => {
    const sendAt = new Date(t.clock.now().getTime() + 3 * 86_400_000).toISOString();
    const inv = await invite(uniqueEmail('later'), { sendAt });
    expect(inv).toMatchObject({
      status: 'scheduled',
      sentCount: 0,
      expiresAt: null,
      actions: ['reschedule', 'correct_address', 'cancel'],
    });
    expect((await admin.get(`${base}/${inv.id}/link`)).status).toBe(409);
    const later = new Date(t.clock.now().getTime() + 4 * 86_400_000).toISOString();
    const moved = await admin.patch(`${base}/${inv.id}`, { sendAt: later });
    expect(moved.body.sendAt).toBe(later);
    t.clock.advance(3 * 86_400_000 + 1000);
    await t.services.sendBatches.send({ invitationIds: [inv.id] });
    expect((await admin.get(`${base}/${inv.id}`)).body.status).toBe('scheduled');
    t.clock.advance(86_400_000);
    await t.services.sendBatches.send({ invitationIds: [inv.id] });
    const sent = await admin.get(`${base}/${inv.id}`);
    expect(sent.body.status).toBe('pending');
    expect(new Date(sent.body.expiresAt).getTime()).toBe(t.clock.now().getTime() + 7 * 86_400_000);
  });

  it('sends one reminder inside the window and never after expiry', async () => {
    // Earlier tests moved the clock past the session lifetime.
    admin = await signIn(t, ownerEmail);
    await admin.patch(`/api/v1/orgs/${orgId}/settings`, { reminderDaysBeforeExpiry: 2 });
    const inv = await invite(uniqueEmail('remind'));
    await t.services.invitations.sendReminders();
    expect((await admin.get(`${base}/${inv.id}`)).body.events.some((e: any) => e.type === 'reminded')).toBe(
      false,
    );
    t.clock.advance(5 * 86_400_000 + 1000);
    await t.services.invitations.sendReminders();
    await t.services.invitations.sendReminders();
    const events = (await admin.get(`${base}/${inv.id}`)).body.events.filter(
      (e: any) => e.type === 'reminded',
    );
    expect(events).toHaveLength(1);
    const late = await invite(uniqueEmail('late'));
    t.clock.advance(8 * 86_400_000);
    await t.services.invitations.sendReminders();
    expect((await admin.get(`${base}/${late.id}`)).body.events.some((e: any) => e.type === 'reminded')).toBe(
      false,
    );
    await admin.patch(`/api/v1/orgs/${orgId}/settings`, { reminderDaysBeforeExpiry: null });
  });

  it('never reminds together with the invitation: the lead must be shorter than the expiry', async () => {
    const settings = `/api/v1/orgs/${orgId}/settings`;
    const current = (await admin.get(settings)).body;
    const tooLong = await admin.patch(settings, { reminderDaysBeforeExpiry: current.inviteExpiryDays });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error).toMatchObject({
      code: 'reminder_not_before_expiry',
      field: 'reminderDaysBeforeExpiry',
    });
    expect((await admin.patch(settings, { reminderDaysBeforeExpiry: 3 })).status).toBe(200);
    const shortened = await admin.patch(settings, { inviteExpiryDays: 3 });
    expect(shortened.body.error).toMatchObject({
      code: 'reminder_not_before_expiry',
      field: 'inviteExpiryDays',
    });
    expect((await admin.get(settings)).body).toMatchObject({
      inviteExpiryDays: current.inviteExpiryDays,
      reminderDaysBeforeExpiry: 3,
    });

    // An invitation sent while invitations lasted 2 days is not reminded 3 days before its expiry.
    expect(
      (await admin.patch(settings, { reminderDaysBeforeExpiry: null, inviteExpiryDays: 2 })).status,
    ).toBe(200);
    const short = await invite(uniqueEmail('short'));
    expect(
      (
        await admin.patch(settings, {
          inviteExpiryDays: current.inviteExpiryDays,
          reminderDaysBeforeExpiry: 3,
        })
      ).status,
    ).toBe(200);
    await t.services.invitations.sendReminders();
    const shortNow = await admin.get(`${base}/${short.id}`);
    expect(shortNow.status, JSON.stringify(shortNow.body)).toBe(200);
    const events = shortNow.body.events;
    expect(events.some((e: any) => e.type === 'reminded')).toBe(false);
    await admin.patch(settings, { reminderDaysBeforeExpiry: null });
  });

  it('follows the roles: learners are refused, curators need the people permission', async () => {
    const learner = await addMember(t, orgId, 'learner');
    expect((await learner.client.get(base)).status).toBe(403);
    const curator = await addMember(t, orgId, 'curator');
    expect((await curator.client.post(base, { emails: [uniqueEmail()] })).status).toBe(403);
    const granted = await addMember(t, orgId, 'curator', { permissions: ['people'] });
    expect((await granted.client.post(base, { emails: [uniqueEmail()] })).status).toBe(201);
    const hr = await addMember(t, orgId, 'hr');
    expect((await hr.client.post(base, { emails: [uniqueEmail()], role: 'admin' })).status).toBe(403);
    expect((await hr.client.patch(`/api/v1/orgs/${orgId}/settings`, { inviteExpiryDays: 3 })).status).toBe(
      403,
    );
  });

  it('limits invitations to one address per hour, even through cancel and re-invite', async () => {
    admin = await signIn(t, ownerEmail);
    const email = uniqueEmail('spammed');
    for (let i = 0; i < 5; i++) {
      const inv = await invite(email);
      await admin.post(`${base}/${inv.id}/cancel`);
    }
    const sixth = await admin.post(base, { emails: [email] });
    expect(sixth.body.rejected[0]).toMatchObject({ code: 'rate_limited' });
    t.clock.advance(3_600_000 + 1000);
    admin = await signIn(t, ownerEmail);
    expect((await admin.post(base, { emails: [email] })).body.invitations).toHaveLength(1);
  });

  it('accepts exactly once when 20 accepts race', async () => {
    admin = await signIn(t, ownerEmail);
    const inv = await invite(uniqueEmail('race'));
    const token = await linkOf(inv.id);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.client().post(`/api/v1/invitations/${token}/accept`, {
          name: `Racer ${i}`,
          password: 'a-strong-passphrase',
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 201).every((s) => s === 410)).toBe(true);
    const members = await t.services.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', inv.email)
      .execute();
    expect(members).toHaveLength(1);
  });
});
