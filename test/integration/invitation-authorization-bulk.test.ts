import { beforeAll, describe, expect, it } from 'vitest';
import { memberOf, orgWithOwner, uniqueEmail } from '../helpers/accounts.ts';
import type { TestApp } from '../helpers/app.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

/** The role rule on the bulk paths: imports moved or cancelled, bulk resends to members and scheduled runs. */
describe('bulk actions stop at the roles the actor may grant', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
  });

  it('an HR member can neither cancel nor move an import that invites admins; its importer can', async () => {
    const o = await orgWithOwner(t);
    const hr = await memberOf(t, o.org.id, 'hr');
    const base = `/api/v1/orgs/${o.org.id}/imports`;
    const csv = `email,role\n${uniqueEmail('boss')},admin\n${uniqueEmail('staff')},learner\n`;
    const preview = await o.client.request('POST', base, Buffer.from(csv), { 'content-type': 'text/csv' });
    expect(preview.status, JSON.stringify(preview.body)).toBe(201);
    const sendAt = new Date(t.clock.now().getTime() + 86_400_000);
    const confirmed = await o.client.post(`${base}/${preview.body.id}/confirm`, {
      sendAt: sendAt.toISOString(),
    });
    expect(confirmed.status).toBe(202);
    await t.services.imports.runImport(preview.body.id);

    const later = new Date(sendAt.getTime() + 86_400_000).toISOString();
    const move = await hr.client.patch(`${base}/${preview.body.id}`, { sendAt: later });
    expect(move.status).toBe(403);
    expect(move.body.error.message).toMatch(/Invited as admin/);
    const cancel = await hr.client.post(`${base}/${preview.body.id}/cancel`);
    expect(cancel.status).toBe(403);
    const invitations = await t.services.db
      .selectFrom('invitations')
      .select(['status', 'send_at'])
      .where('import_id', '=', preview.body.id)
      .execute();
    expect(invitations).toHaveLength(2);
    for (const i of invitations) {
      expect(i.status).toBe('scheduled');
      expect(i.send_at!.toISOString()).toBe(sendAt.toISOString());
    }
    expect((await o.client.patch(`${base}/${preview.body.id}`, { sendAt: later })).status).toBe(200);
    expect((await o.client.post(`${base}/${preview.body.id}/cancel`)).status).toBe(200);
  });

  it('a bulk resend to members leaves out those whose role the sender may not grant', async () => {
    const o = await orgWithOwner(t);
    const hr = await memberOf(t, o.org.id, 'hr');
    const admin = await memberOf(t, o.org.id, 'admin', { signIn: false });
    const learner = await memberOf(t, o.org.id, 'learner', { signIn: false });
    const res = await hr.client.post(`/api/v1/orgs/${o.org.id}/invitations/bulk-resend`, {
      memberIds: [admin.member.id, learner.member.id],
      requirePasswordChange: true,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.eligible.map((e: { id: string }) => e.id)).toEqual([learner.member.id]);
    expect(res.body.ineligible).toEqual([
      expect.objectContaining({
        id: admin.member.id,
        reason: expect.stringMatching(/role admin/),
        reasonCode: 'member_role_not_grantable',
        role: 'admin',
      }),
    ]);
    const users = await t.services.db
      .selectFrom('users')
      .select(['id', 'must_change_password'])
      .where('id', 'in', [admin.user.id, learner.user.id])
      .execute();
    const mustChange = new Map(users.map((u) => [u.id, u.must_change_password]));
    expect(mustChange.get(admin.user.id)).toBe(false);
    expect(mustChange.get(learner.user.id)).toBe(true);
  });

  it('a scheduled bulk resend goes no further than its starter can when it runs', async () => {
    const o = await orgWithOwner(t);
    const admin = await memberOf(t, o.org.id, 'admin');
    const base = `/api/v1/orgs/${o.org.id}/invitations`;
    const made = await admin.client.post(base, {
      emails: [uniqueEmail('hr'), uniqueEmail('lr')],
      role: 'hr',
    });
    expect(made.status).toBe(201);
    const ids = made.body.invitations.map((i: { id: string }) => i.id);
    const sendAt = new Date(t.clock.now().getTime() + 3_600_000);
    const run = await admin.client.post(`${base}/bulk-resend`, { ids, sendAt: sendAt.toISOString() });
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body.status).toBe('scheduled');

    // Demoted to manager before the run's time: the run refuses the HR invitations it selected.
    const demote = await o.client.patch(`/api/v1/orgs/${o.org.id}/members/${admin.member.id}`, {
      role: 'manager',
    });
    expect(demote.status, JSON.stringify(demote.body)).toBe(200);
    t.clock.set(new Date(sendAt.getTime() + 1000));
    await t.services.bulkResend.runJob(run.body.bulkResendId);
    const after = await o.client.get(`${base}/bulk-resends/${run.body.bulkResendId}`);
    expect(after.body).toMatchObject({ status: 'done', sent: 0, refused: 2 });
    expect(
      after.body.refusals.map((r: { reasonCode: string; role: string }) => [r.reasonCode, r.role]),
    ).toEqual([
      ['role_not_grantable', 'hr'],
      ['role_not_grantable', 'hr'],
    ]);
    for (const id of ids) expect((await o.client.get(`${base}/${id}`)).body.sentCount).toBe(1);

    // Deactivated before the run's time: the run fails without sending.
    const member = `/api/v1/orgs/${o.org.id}/members/${admin.member.id}`;
    expect((await o.client.patch(member, { role: 'admin' })).status).toBe(200);
    t.clock.advance(61_000);
    const again = await admin.client.post(`${base}/bulk-resend`, {
      ids,
      sendAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString(),
    });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect((await o.client.patch(member, { status: 'deactivated' })).status).toBe(200);
    t.clock.advance(3_700_000);
    await t.services.bulkResend.runJob(again.body.bulkResendId);
    const failed = await o.client.get(`${base}/bulk-resends/${again.body.bulkResendId}`);
    expect(failed.body).toMatchObject({ status: 'failed', sent: 0 });
  });
});
