import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp, TestClient } from '../helpers/app.ts';
import { addMember, createOrgWithOwner, uniqueEmail } from '../helpers/factories.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

const tokenOf = (url: string) => url.split('/invite/')[1]!;
const MIN = 60_000;

describe('bulk resend', () => {
  let t: TestApp;
  let orgId: string;
  let admin: TestClient;
  let base: string;

  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
    const o = await createOrgWithOwner(t, 'Bulk Co');
    orgId = o.org.id;
    admin = o.client;
    base = `/api/v1/orgs/${orgId}/invitations`;
  });

  async function invite(extra: Record<string, unknown> = {}, prefix = 'bulk') {
    const res = await admin.post(base, { emails: [uniqueEmail(prefix)], ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.invitations[0] as { id: string; email: string };
  }
  const link = async (id: string) => tokenOf((await admin.get(`${base}/${id}/link`)).body.url);
  const row = (id: string) =>
    t.services.db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const emailsTo = (to: string) =>
    t.services.db
      .selectFrom('emails')
      .selectAll()
      .where('to_address', '=', to)
      .orderBy('created_at')
      .execute();
  const expire = (id: string) =>
    t.services.db
      .updateTable('invitations')
      .set({ expires_at: new Date(t.clock.now().getTime() - 1000) })
      .where('id', '=', id)
      .execute();

  /** One invitation in each state, plus a member who was given an account and never signed in. */
  async function fixture() {
    const pending = await invite();
    const expired = await invite();
    await expire(expired.id);
    const cancelled = await invite();
    expect((await admin.post(`${base}/${cancelled.id}/cancel`)).status).toBe(200);
    const declined = await invite();
    expect((await t.client().post(`/api/v1/invitations/${await link(declined.id)}/decline`)).status).toBe(
      200,
    );
    const accepted = await invite();
    expect(
      (await admin.post(`${base}/${accepted.id}/password`, { password: 'Temporary-Pass-4821' })).status,
    ).toBe(200);
    const scheduled = await invite({ sendAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString() });
    t.clock.advance(5 * MIN); // past the resend cooldown
    const fresh = await invite(); // inside it
    const member = await t.services.db
      .selectFrom('members')
      .innerJoin('users', 'users.id', 'members.user_id')
      .select(['members.id', 'users.id as userId', 'users.email'])
      .where('members.org_id', '=', orgId)
      .where('users.email', '=', accepted.email)
      .executeTakeFirstOrThrow();
    return { pending, expired, cancelled, declined, accepted, scheduled, fresh, member };
  }

  it('dry run lists who is eligible and who is not, with reasons, and changes nothing', async () => {
    const f = await fixture();
    const ids = [
      f.pending.id,
      f.expired.id,
      f.cancelled.id,
      f.declined.id,
      f.accepted.id,
      f.scheduled.id,
      f.fresh.id,
      '00000000-0000-4000-8000-000000000000',
    ];
    const before = await Promise.all(ids.slice(0, 7).map(row));
    const emailsBefore = await t.services.db
      .selectFrom('emails')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();

    const res = await admin.post(`${base}/bulk-resend`, { ids, memberIds: [f.member.id], dryRun: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.dryRun).toBe(true);
    const eligible = Object.fromEntries(res.body.eligible.map((e: any) => [e.id, e]));
    expect(eligible[f.pending.id]).toMatchObject({
      type: 'invitation',
      email: f.pending.email,
      status: 'pending',
      action: 'resend',
    });
    expect(eligible[f.expired.id]).toMatchObject({ status: 'expired', action: 'renew' });
    expect(eligible[f.member.id]).toMatchObject({
      type: 'member',
      email: f.member.email,
      action: 'account_ready',
    });
    expect(res.body.eligibleCount).toBe(3);
    const reasons = Object.fromEntries(res.body.ineligible.map((e: any) => [e.id, e]));
    expect(res.body.ineligibleCount).toBe(6);
    expect(reasons[f.cancelled.id]).toMatchObject({ email: f.cancelled.email, status: 'cancelled' });
    expect(reasons[f.cancelled.id].reason).toMatch(/Cancelled/);
    expect(reasons[f.declined.id].reason).toMatch(/Declined/);
    expect(reasons[f.accepted.id].reason).toMatch(/Accepted/);
    expect(reasons[f.scheduled.id].reason).toMatch(/Not sent yet/);
    expect(reasons[f.fresh.id].reason).toMatch(/Sent moments ago/);
    expect(reasons['00000000-0000-4000-8000-000000000000'].reason).toMatch(/No such invitation/);
    // Each reason also has a stable code, with what its sentence names, for clients to word it.
    expect(reasons[f.cancelled.id].reasonCode).toBe('status_cancelled');
    expect(reasons[f.declined.id].reasonCode).toBe('status_declined');
    expect(reasons[f.accepted.id].reasonCode).toBe('status_accepted');
    expect(reasons[f.scheduled.id].reasonCode).toBe('not_sent_yet');
    expect(reasons[f.fresh.id]).toMatchObject({ reasonCode: 'cooldown', retryInSeconds: expect.any(Number) });
    expect(reasons[f.fresh.id].reason).toContain(`in ${reasons[f.fresh.id].retryInSeconds} seconds`);
    expect(reasons['00000000-0000-4000-8000-000000000000'].reasonCode).toBe('not_found');

    const after = await Promise.all(ids.slice(0, 7).map(row));
    expect(after).toEqual(before);
    const emailsAfter = await t.services.db
      .selectFrom('emails')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(emailsAfter.n)).toBe(Number(emailsBefore.n));
    const user = await t.services.db
      .selectFrom('users')
      .select('must_change_password')
      .where('id', '=', f.member.userId)
      .executeTakeFirstOrThrow();
    expect(user.must_change_password).toBe(true); // set by "set password" itself, untouched
  });

  it('resends pending (old links die), renews expired, and reaches never-signed-in members', async () => {
    const f = await fixture();
    const oldToken = await link(f.pending.id);
    await t.services.db
      .updateTable('users')
      .set({ must_change_password: false })
      .where('id', '=', f.member.userId)
      .execute();

    const res = await admin.post(`${base}/bulk-resend`, {
      ids: [f.pending.id, f.expired.id, f.cancelled.id],
      memberIds: [f.member.id],
      requirePasswordChange: true,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      dryRun: false,
      eligibleCount: 3,
      ineligibleCount: 1,
      queued: 3,
      scheduledFor: null,
    });

    const dead = await t.client().get(`/api/v1/invitations/${oldToken}`);
    expect(dead.status).toBe(410);
    expect(dead.body.error.code).toBe('replaced');
    const newToken = await link(f.pending.id);
    expect((await t.client().get(`/api/v1/invitations/${newToken}`)).status).toBe(200);

    const pending = await admin.get(`${base}/${f.pending.id}`);
    expect(pending.body).toMatchObject({ status: 'pending', sentCount: 2 });
    expect(pending.body.events.find((e: any) => e.type === 'resent')).toMatchObject({
      type: 'resent',
      actor: { name: 'Olivia Owner' },
      detail: { bulk: true },
    });
    const renewed = await admin.get(`${base}/${f.expired.id}`);
    expect(renewed.body).toMatchObject({ status: 'pending', lastEvent: { type: 'renewed' } });
    expect(new Date(renewed.body.expiresAt).getTime()).toBe(t.clock.now().getTime() + 7 * 86_400_000);
    expect((await row(f.cancelled.id)).status).toBe('cancelled');

    const mails = await emailsTo(f.member.email);
    const ready = mails.filter((m) => m.kind === 'account_ready');
    expect(ready).toHaveLength(1);
    expect(ready[0]!.link_path).toBe('/sign-in');
    expect(ready[0]!.text).toContain('choose a new password');
    const user = await t.services.db
      .selectFrom('users')
      .select('must_change_password')
      .where('id', '=', f.member.userId)
      .executeTakeFirstOrThrow();
    expect(user.must_change_password).toBe(true);

    // Straight away again: everyone is inside the cooldown now.
    const again = await admin.post(`${base}/bulk-resend`, { ids: [f.pending.id], memberIds: [f.member.id] });
    expect(again.body.eligibleCount).toBe(0);
    expect(again.body.ineligible.map((i: any) => i.reason)).toEqual([
      expect.stringMatching(/moments ago/),
      expect.stringMatching(/moments ago/),
    ]);
    expect(again.body.ineligible.map((i: any) => [i.type, i.reasonCode])).toEqual([
      ['invitation', 'cooldown'],
      ['member', 'cooldown'],
    ]);
  });

  it('selects by filter: pending/expired, never signed in, older than N days, search', async () => {
    const o = await createOrgWithOwner(t, 'Filter Co');
    const b = `/api/v1/orgs/${o.org.id}/invitations`;
    const mk = async (prefix: string) =>
      (await o.client.post(b, { emails: [uniqueEmail(prefix)] })).body.invitations[0];
    const old = await mk('old');
    t.clock.advanceDays(3);
    const recent = await mk('recent');
    const gone = await mk('gone');
    await expire(gone.id);
    t.clock.advance(5 * MIN);

    const all = await o.client.post(`${b}/bulk-resend`, { filter: {}, dryRun: true });
    expect(all.body.eligible.map((e: any) => e.id).sort()).toEqual([old.id, recent.id, gone.id].sort());
    const onlyExpired = await o.client.post(`${b}/bulk-resend`, {
      filter: { status: ['expired'] },
      dryRun: true,
    });
    expect(onlyExpired.body.eligible.map((e: any) => e.id)).toEqual([gone.id]);
    const older = await o.client.post(`${b}/bulk-resend`, {
      filter: { status: ['pending'], olderThanDays: 2 },
      dryRun: true,
    });
    expect(older.body.eligible.map((e: any) => e.id)).toEqual([old.id]);
    const search = await o.client.post(`${b}/bulk-resend`, { filter: { q: 'RECENT' }, dryRun: true });
    expect(search.body.eligible.map((e: any) => e.id)).toEqual([recent.id]);

    // "Never signed in": members given an account by "set password", not those who signed in.
    const setPw = await mk('setpw');
    t.clock.advance(5 * MIN);
    await o.client.post(`${b}/${setPw.id}/password`, { password: 'Temporary-Pass-4821' });
    const never = await o.client.post(`${b}/bulk-resend`, { filter: { neverSignedIn: true }, dryRun: true });
    expect(never.body.eligible).toEqual([
      expect.objectContaining({ type: 'member', email: setPw.email, action: 'account_ready' }),
    ]);

    const none = await o.client.post(`${b}/bulk-resend`, { dryRun: true });
    expect(none.status).toBe(400);
  });

  it("schedules with sendAt and uses the chosen template; refuses other organizations' templates", async () => {
    const inv = await invite({}, 'scheduled');
    t.clock.advance(5 * MIN);
    const tpl = await admin.post(`/api/v1/orgs/${orgId}/templates`, {
      kind: 'invitation',
      name: 'Second chance',
      subject: 'Second chance to join {{ organization.name }}',
      html: '<p>Still want in?</p><a href="{{ link }}">Join</a>',
      text: 'Still want in? {{ link }}',
    });
    expect(tpl.status, JSON.stringify(tpl.body)).toBe(201);
    const other = await createOrgWithOwner(t, 'Elsewhere');
    const foreign = await other.client.post(`/api/v1/orgs/${other.org.id}/templates`, {
      kind: 'invitation',
      name: 'Foreign',
      subject: 'x',
      html: '{{ link }}',
      text: '{{ link }}',
    });
    const refused = await admin.post(`${base}/bulk-resend`, { ids: [inv.id], templateId: foreign.body.id });
    expect(refused.status).toBe(400);
    expect(refused.body.error.field).toBe('templateId');

    const oldLink = await link(inv.id);
    const before = await row(inv.id);
    const mailsBefore = (await emailsTo(inv.email)).length;
    const sendAt = new Date(t.clock.now().getTime() + 2 * 86_400_000);
    const res = await admin.post(`${base}/bulk-resend`, {
      ids: [inv.id],
      sendAt: sendAt.toISOString(),
      templateId: tpl.body.id,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      queued: 0,
      scheduledFor: sendAt.toISOString(),
      status: 'scheduled',
      eligibleCount: 1,
    });
    const runId: string = res.body.bulkResendId;
    const runUrl = `${base}/bulk-resends/${runId}`;
    // Until it goes nothing changes: the link sent earlier still works, no email is queued.
    expect((await t.client().get(`/api/v1/invitations/${oldLink}`)).status).toBe(200);
    expect(await emailsTo(inv.email)).toHaveLength(mailsBefore);
    expect((await row(inv.id)).link_version).toBe(before.link_version);
    expect((await admin.get(runUrl)).body).toMatchObject({
      status: 'scheduled',
      sendAt: sendAt.toISOString(),
    });

    // Moved a day later: the job for the first time finds it not yet due.
    const past = await admin.patch(runUrl, { sendAt: new Date(t.clock.now().getTime() - MIN).toISOString() });
    expect(past.status).toBe(400);
    expect(past.body.error.field).toBe('sendAt');
    const later = new Date(sendAt.getTime() + 86_400_000);
    const moved = await admin.patch(runUrl, { sendAt: later.toISOString() });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ status: 'scheduled', sendAt: later.toISOString() });
    t.clock.set(sendAt);
    await t.services.bulkResend.runJob(runId);
    expect((await admin.get(runUrl)).body.status).toBe('scheduled');
    expect((await t.client().get(`/api/v1/invitations/${oldLink}`)).status).toBe(200);

    t.clock.set(later);
    await t.services.bulkResend.runJob(runId);
    expect((await admin.get(runUrl)).body).toMatchObject({ status: 'done', processed: 1, sent: 1 });
    expect((await t.client().get(`/api/v1/invitations/${oldLink}`)).status).toBe(410);
    const mails = await emailsTo(inv.email);
    const last = mails.at(-1)!;
    expect(last.subject).toBe('Second chance to join Bulk Co');
    expect(last.status).toBe('queued');
    expect(new Date(last.send_after).getTime()).toBeLessThanOrEqual(later.getTime());
    // Expiry counts from the actual send.
    const r = await row(inv.id);
    expect(new Date(r.expires_at!).getTime()).toBe(later.getTime() + 7 * 86_400_000);
    const detail = (await admin.get(`${base}/${inv.id}`)).body.events.at(-1);
    expect(detail).toMatchObject({
      type: 'resent',
      detail: { bulk: true, bulkResendId: runId, templateId: tpl.body.id },
    });
    // Gone: it can no longer be moved or cancelled.
    const tooLate = await admin.patch(runUrl, {
      sendAt: new Date(later.getTime() + 86_400_000).toISOString(),
    });
    expect(tooLate.status).toBe(409);
    expect(tooLate.body.error.code).toBe('invalid_status');
    expect((await admin.post(`${runUrl}/cancel`)).status).toBe(409);
  });

  it('judges a scheduled resend as of its send time: an invitation just sent is eligible for tomorrow', async () => {
    const inv = await invite({}, 'just-sent');
    const now = await admin.post(`${base}/bulk-resend`, { ids: [inv.id], dryRun: true });
    expect(now.body.ineligible[0].reason).toMatch(/Sent moments ago/);
    const sendAt = new Date(t.clock.now().getTime() + 86_400_000).toISOString();
    const dry = await admin.post(`${base}/bulk-resend`, { ids: [inv.id], dryRun: true, sendAt });
    expect(dry.body).toMatchObject({ eligibleCount: 1, ineligibleCount: 0 });
    const res = await admin.post(`${base}/bulk-resend`, { ids: [inv.id], sendAt });
    expect(res.body).toMatchObject({ status: 'scheduled', eligibleCount: 1 });
    expect((await admin.post(`${base}/bulk-resends/${res.body.bulkResendId}/cancel`)).status).toBe(200);
  });

  it('cancels a scheduled bulk resend: nothing is sent, no link changes; other organizations get 404', async () => {
    const inv = await invite({}, 'cancel-scheduled');
    t.clock.advance(5 * MIN);
    const oldLink = await link(inv.id);
    const mailsBefore = (await emailsTo(inv.email)).length;
    const sendAt = new Date(t.clock.now().getTime() + 86_400_000);
    const res = await admin.post(`${base}/bulk-resend`, { ids: [inv.id], sendAt: sendAt.toISOString() });
    expect(res.body.status).toBe('scheduled');
    const runUrl = `${base}/bulk-resends/${res.body.bulkResendId}`;

    const other = await createOrgWithOwner(t, 'Not yours');
    const foreign = await other.client.post(
      `/api/v1/orgs/${other.org.id}/invitations/bulk-resends/${res.body.bulkResendId}/cancel`,
    );
    expect(foreign.status).toBe(404);
    const learner = await addMember(t, orgId, 'learner');
    expect((await learner.client.post(`${runUrl}/cancel`)).status).toBe(403);

    const cancelled = await admin.post(`${runUrl}/cancel`);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelledBy: expect.any(String) });
    t.clock.set(new Date(sendAt.getTime() + MIN));
    await t.services.bulkResend.runJob(res.body.bulkResendId);
    expect((await admin.get(runUrl)).body).toMatchObject({ status: 'cancelled', processed: 0, sent: 0 });
    expect(await emailsTo(inv.email)).toHaveLength(mailsBefore);
    expect((await t.client().get(`/api/v1/invitations/${oldLink}`)).status).toBe(200);
    expect(
      (await admin.patch(runUrl, { sendAt: new Date(sendAt.getTime() + 86_400_000).toISOString() })).status,
    ).toBe(409);
  });

  it('needs the invitations capability; managers reach only their groups', async () => {
    const learner = await addMember(t, orgId, 'learner');
    expect((await learner.client.post(`${base}/bulk-resend`, { filter: {}, dryRun: true })).status).toBe(403);
    const manager = await addMember(t, orgId, 'manager');
    const inv = await invite();
    const res = await manager.client.post(`${base}/bulk-resend`, { ids: [inv.id], dryRun: true });
    expect(res.status).toBe(200);
    expect(res.body.ineligible[0].reason).toMatch(/No such invitation/);
    const bad = await admin.post(`${base}/bulk-resend`, { ids: ['x'], colour: 'red' });
    expect(bad.status).toBe(400);
  });

  it('is documented in OpenAPI with memberIds and the answer counts', async () => {
    const res = await t.client().get('/api/docs/json');
    expect(res.status).toBe(200);
    const op = res.body.paths['/api/v1/orgs/{org}/invitations/bulk-resend'].post;
    const body = op.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties)).toEqual(
      expect.arrayContaining([
        'ids',
        'memberIds',
        'filter',
        'dryRun',
        'sendAt',
        'templateId',
        'requirePasswordChange',
      ]),
    );
    expect(Object.keys(op.responses['200'].content['application/json'].schema.properties)).toEqual(
      expect.arrayContaining([
        'eligible',
        'ineligible',
        'eligibleCount',
        'ineligibleCount',
        'queued',
        'scheduledFor',
      ]),
    );
    expect(res.body.paths['/api/v1/orgs/{org}/templates/preview']).toBeTruthy();
  });
});
