import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewInvitation } from '../../src/db/types.ts';
import { organizationRepository } from '../../src/organizations/repository.ts';
import { startTestApp, type TestApp, type TestClient } from '../helpers/app.ts';
import { addMember, createOrgWithOwner, uniqueEmail } from '../helpers/factories.ts';
import { insertInvitations, sentInvitationRow } from '../helpers/invitation-rows.ts';

const DAY = 86_400_000;
/** Lowered from 500 so a handful of rows makes a background run. */
const THRESHOLD = 5;

/** Pending invitations sent two days ago (outside the resend cooldown), written in one statement. */
async function seedInvitations(t: TestApp, orgId: string, n: number, prefix = 'job') {
  const now = t.clock.now().getTime();
  const rows: NewInvitation[] = Array.from({ length: n }, (_, i) =>
    sentInvitationRow(
      orgId,
      uniqueEmail(`${prefix}${i}`),
      new Date(now - 2 * DAY - i),
      new Date(now + 5 * DAY),
    ),
  );
  return insertInvitations(t.services.db, rows);
}

/** A member given an account who never signed in. */
async function neverSignedIn(t: TestApp, orgId: string) {
  const now = t.clock.now();
  const user = await organizationRepository.insertUser(t.services.db, {
    email: uniqueEmail('never'),
    name: 'Nora Never',
    password_hash: null,
    now,
  });
  const member = await organizationRepository.insertMember(t.services.db, {
    org_id: orgId,
    user_id: user.id,
    role: 'learner',
    now,
  });
  return { id: member.id, email: user.email };
}

describe('bulk resend as a background job', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ workers: false, runtime: { bulkResendJobThreshold: THRESHOLD } });
  });
  afterAll(() => t.close());

  async function org(name = 'Bulk Jobs Co') {
    const o = await createOrgWithOwner(t, name);
    return { ...o, base: `/api/v1/orgs/${o.org.id}/invitations` };
  }

  /** Emails per address among these (every kind), and how many distinct addresses got one. */
  async function emailCounts(addresses: string[]) {
    const rows = await t.services.db
      .selectFrom('emails')
      .select(['to_address', 'kind', 'status'])
      .where('to_address', 'in', addresses)
      .where('status', '!=', 'cancelled')
      .execute();
    return { emails: rows.length, distinct: new Set(rows.map((r) => r.to_address)).size };
  }

  const jobsFor = async (id: string) =>
    (
      await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'invitation.bulk-resend' AND data->>'bulkResendId' = ${id}`.execute(
        t.services.db,
      )
    ).rows[0]!.n;

  it('a small run is still sent inside the request', async () => {
    const o = await org();
    const invs = await seedInvitations(t, o.org.id, THRESHOLD);
    const res = await o.client.post(`${o.base}/bulk-resend`, { ids: invs.map((i) => i.id) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'done', queued: THRESHOLD, eligibleCount: THRESHOLD });
    expect(res.body.bulkResendId).toBeUndefined();
    expect(await emailCounts(invs.map((i) => i.email))).toEqual({ emails: THRESHOLD, distinct: THRESHOLD });
  });

  it('a large run answers at once with the selection, then the job sends each eligible person once', async () => {
    const o = await org();
    const invs = await seedInvitations(t, o.org.id, 12);
    const members = [await neverSignedIn(t, o.org.id), await neverSignedIn(t, o.org.id)];
    const cancelled = invs.pop()!;
    await t.services.db
      .updateTable('invitations')
      .set({ status: 'cancelled' })
      .where('id', '=', cancelled.id)
      .execute();

    const res = await o.client.post(`${o.base}/bulk-resend`, {
      filter: { status: ['pending'] },
      ids: [cancelled.id],
      memberIds: members.map((m) => m.id),
      requirePasswordChange: true,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      dryRun: false,
      status: 'running',
      queued: 0,
      eligibleCount: 13,
      ineligibleCount: 1,
      scheduledFor: null,
    });
    expect(res.body.ineligible[0]).toMatchObject({
      id: cancelled.id,
      reason: expect.stringMatching(/Cancelled/),
    });
    const id = res.body.bulkResendId as string;
    expect(await jobsFor(id)).toBe(1);
    const addresses = [...invs.map((i) => i.email), ...members.map((m) => m.email)];
    expect(await emailCounts(addresses)).toEqual({ emails: 0, distinct: 0 });
    expect((await o.client.get(`${o.base}/bulk-resends/${id}`)).body).toMatchObject({
      id,
      status: 'running',
      total: 13,
      processed: 0,
      sent: 0,
      refused: 0,
      ineligible: 1,
      requirePasswordChange: true,
      createdBy: { type: 'user', name: 'Olivia Owner' },
      finishedAt: null,
      refusals: [],
    });

    // Batches of 5: 5 + 5 invitations, 1 invitation, then the 2 members (a batch never spans both).
    const seen: number[] = [];
    await t.services.bulkResend.runJob(id, { batchSize: 5, afterBatch: (n) => void seen.push(n) });
    expect(seen).toEqual([5, 5, 1]);
    const done = (await o.client.get(`${o.base}/bulk-resends/${id}`)).body;
    expect(done).toMatchObject({ status: 'done', total: 13, processed: 13, sent: 13, refused: 0 });
    expect(done.finishedAt).toBe(t.clock.now().toISOString());
    expect(await emailCounts(addresses)).toEqual({ emails: 13, distinct: 13 });
    const ready = await t.services.db
      .selectFrom('emails')
      .select('kind')
      .where(
        'to_address',
        'in',
        members.map((m) => m.email),
      )
      .execute();
    expect(ready.map((r) => r.kind)).toEqual(['account_ready', 'account_ready']);

    // The events say which run resent them.
    const inv = (await o.client.get(`${o.base}/${invs[0]!.id}`)).body;
    expect(inv).toMatchObject({ status: 'pending', sentCount: 2 });
    expect(inv.events.at(-1)).toMatchObject({ type: 'resent', detail: { bulk: true, bulkResendId: id } });

    // A late duplicate delivery of the job does nothing.
    await t.services.bulkResend.runJob(id);
    expect(await emailCounts(addresses)).toEqual({ emails: 13, distinct: 13 });
  });

  it('killed between batches, the rerun continues from the saved position: nothing lost, nothing doubled', async () => {
    const o = await org();
    const invs = await seedInvitations(t, o.org.id, 13);
    const res = await o.client.post(`${o.base}/bulk-resend`, { ids: invs.map((i) => i.id) });
    const id = res.body.bulkResendId as string;
    expect(res.body.status).toBe('running');

    await expect(
      t.services.bulkResend.runJob(id, {
        batchSize: 5,
        afterBatch: () => {
          throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    expect((await o.client.get(`${o.base}/bulk-resends/${id}`)).body).toMatchObject({
      status: 'running',
      processed: 5,
      sent: 5,
    });
    const addresses = invs.map((i) => i.email);
    expect(await emailCounts(addresses)).toEqual({ emails: 5, distinct: 5 });

    // Meanwhile one not yet reached is cancelled: the job refuses it, with the reason.
    const late = invs[12]!;
    expect((await o.client.post(`${o.base}/${late.id}/cancel`)).status).toBe(200);

    // The retry finishes the rest.
    await t.services.bulkResend.runJob(id, { batchSize: 5 });
    const done = (await o.client.get(`${o.base}/bulk-resends/${id}`)).body;
    expect(done).toMatchObject({ status: 'done', total: 13, processed: 13, sent: 12, refused: 1 });
    expect(done.refusals).toEqual([
      expect.objectContaining({ id: late.id, type: 'invitation', email: late.email, status: 'cancelled' }),
    ]);
    expect(done.refusals[0].reason).toMatch(/Cancelled/);
    expect(done.refusals[0].reasonCode).toBe('status_cancelled');
    expect(done.refusalsTruncated).toBe(false);
    expect(await emailCounts(addresses)).toEqual({ emails: 12, distinct: 12 });
  });

  it('cancelled while running: the batch done stays sent, no further batch starts', async () => {
    const o = await org();
    const invs = await seedInvitations(t, o.org.id, 12);
    const res = await o.client.post(`${o.base}/bulk-resend`, { ids: invs.map((i) => i.id) });
    const id = res.body.bulkResendId as string;
    await t.services.bulkResend.runJob(id, { batchSize: 5, maxBatches: 1 });
    const cancelled = await o.client.post(`${o.base}/bulk-resends/${id}/cancel`);
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', processed: 5, sent: 5 });
    expect(cancelled.body.finishedAt).toEqual(expect.any(String));
    // The job goes on (a redelivery, the next batch): it stops at once.
    await t.services.bulkResend.runJob(id, { batchSize: 5 });
    expect((await o.client.get(`${o.base}/bulk-resends/${id}`)).body).toMatchObject({
      status: 'cancelled',
      processed: 5,
      sent: 5,
    });
    expect(await emailCounts(invs.map((i) => i.email))).toEqual({ emails: 5, distinct: 5 });
    // A running run has no send time to move.
    const move = await o.client.patch(`${o.base}/bulk-resends/${id}`, {
      sendAt: new Date(t.clock.now().getTime() + DAY).toISOString(),
    });
    expect(move.status).toBe(409);
  });

  it('with a send time even a small run is recorded, and the job at that time sends it', async () => {
    const o = await org();
    const invs = await seedInvitations(t, o.org.id, 2, 'small-scheduled');
    const sendAt = new Date(t.clock.now().getTime() + DAY);
    const res = await o.client.post(`${o.base}/bulk-resend`, {
      ids: invs.map((i) => i.id),
      sendAt: sendAt.toISOString(),
    });
    expect(res.body).toMatchObject({ status: 'scheduled', queued: 0, eligibleCount: 2 });
    const id = res.body.bulkResendId as string;
    const job = await sql<{ start_after: Date }>`
      SELECT start_after FROM pgboss.job WHERE name = 'invitation.bulk-resend' AND data->>'bulkResendId' = ${id}`.execute(
      t.services.db,
    );
    expect(job.rows.map((r) => new Date(r.start_after).toISOString())).toEqual([sendAt.toISOString()]);
    const list = (await o.client.get(`${o.base}/bulk-resends`)).body.items;
    expect(list[0]).toMatchObject({ id, status: 'scheduled', sendAt: sendAt.toISOString() });
    t.clock.set(sendAt);
    await t.services.bulkResend.runJob(id);
    expect((await o.client.get(`${o.base}/bulk-resends/${id}`)).body).toMatchObject({
      status: 'done',
      sent: 2,
    });
    expect(await emailCounts(invs.map((i) => i.email))).toEqual({ emails: 2, distinct: 2 });
  });

  it('after the last retry the run is failed, with the error and what was sent kept', async () => {
    const o = await org();
    const invs = await seedInvitations(t, o.org.id, 8);
    const id = (await o.client.post(`${o.base}/bulk-resend`, { ids: invs.map((i) => i.id) })).body
      .bulkResendId as string;
    await t.services.bulkResend.runJob(id, { batchSize: 5, maxBatches: 1 });
    await t.services.bulkResend.failRun(id, 'database went away');
    const failed = (await o.client.get(`${o.base}/bulk-resends/${id}`)).body;
    expect(failed).toMatchObject({ status: 'failed', processed: 5, sent: 5, error: 'database went away' });
    expect(failed.finishedAt).not.toBeNull();
    // A failed run is not picked up again.
    await t.services.bulkResend.runJob(id, { batchSize: 5 });
    expect(await emailCounts(invs.map((i) => i.email))).toEqual({ emails: 5, distinct: 5 });
  });

  it('a scheduled run whose job gives up at its time is failed; one moved later is left to its new job', async () => {
    const o = await org();
    const invs = await seedInvitations(t, o.org.id, 2, 'give-up');
    const start = t.clock.now();
    const sendAt = new Date(start.getTime() + DAY);
    const id = (
      await o.client.post(`${o.base}/bulk-resend`, {
        ids: invs.map((i) => i.id),
        sendAt: sendAt.toISOString(),
      })
    ).body.bulkResendId as string;
    // The job for a time the run was moved away from gives up: the run stays scheduled.
    await t.services.bulkResend.failRun(id, 'database went away');
    expect((await o.client.get(`${o.base}/bulk-resends/${id}`)).body.status).toBe('scheduled');
    t.clock.set(sendAt);
    await t.services.bulkResend.failRun(id, 'database went away');
    expect((await o.client.get(`${o.base}/bulk-resends/${id}`)).body).toMatchObject({
      status: 'failed',
      error: 'database went away',
      sent: 0,
    });
    t.clock.set(start);
  });

  it('is reachable only within its organization, with the bulk resend capability', async () => {
    const o = await org();
    const invs = await seedInvitations(t, o.org.id, 6);
    const id = (await o.client.post(`${o.base}/bulk-resend`, { ids: invs.map((i) => i.id) })).body
      .bulkResendId as string;
    const other = await org('Other Co');
    expect((await other.client.get(`${other.base}/bulk-resends/${id}`)).status).toBe(404);
    // Another organization's id in this organization's URL is not a way in either.
    expect((await other.client.get(`${o.base}/bulk-resends/${id}`)).status).toBe(404);
    expect((await o.client.get(`${o.base}/bulk-resends/not-a-uuid`)).status).toBe(404);
    expect((await o.client.get(`${o.base}/bulk-resends/00000000-0000-4000-8000-000000000000`)).status).toBe(
      404,
    );
    const learner = await addMember(t, o.org.id, 'learner');
    expect((await learner.client.get(`${o.base}/bulk-resends/${id}`)).status).toBe(403);
    expect((await learner.client.get(`${o.base}/bulk-resends`)).status).toBe(403);
    // Managers see the runs they started, not the others'.
    const manager = await addMember(t, o.org.id, 'manager');
    expect((await manager.client.get(`${o.base}/bulk-resends/${id}`)).status).toBe(404);
    expect((await manager.client.get(`${o.base}/bulk-resends`)).body.items).toEqual([]);
  });

  it('lists the runs newest first, a page at a time', async () => {
    const o = await org();
    const ids: string[] = [];
    for (let n = 0; n < 3; n++) {
      const invs = await seedInvitations(t, o.org.id, 6, `hist${n}`);
      const res = await o.client.post(`${o.base}/bulk-resend`, { ids: invs.map((i) => i.id) });
      ids.push(res.body.bulkResendId);
      t.clock.advance(1000);
    }
    await t.services.bulkResend.runJob(ids[0]!);
    const first = await o.client.get(`${o.base}/bulk-resends?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((r: any) => r.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.items[0]).toMatchObject({ status: 'running', total: 6, processed: 0 });
    expect(first.body.items[0].refusals).toBeUndefined();
    const second = await o.client.get(`${o.base}/bulk-resends?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((r: any) => r.id)).toEqual([ids[0]]);
    expect(second.body.items[0]).toMatchObject({ status: 'done', sent: 6 });
    expect(second.body.nextCursor).toBeNull();
    expect((await o.client.get(`${o.base}/bulk-resends?cursor=nonsense`)).status).toBe(400);
    const other = await org('Elsewhere');
    expect((await other.client.get(`${other.base}/bulk-resends`)).body.items).toEqual([]);
  });

  it('works through a few thousand invitations in batches of 1,000', async () => {
    const o = await org();
    const invs = await seedInvitations(t, o.org.id, 2500, 'many');
    const res = await o.client.post(`${o.base}/bulk-resend`, { filter: { status: ['pending'] } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'running', eligibleCount: 2500, queued: 0 });
    const id = res.body.bulkResendId as string;
    const progress: number[] = [];
    await t.services.bulkResend.runJob(id, {
      afterBatch: async () => {
        progress.push((await o.client.get(`${o.base}/bulk-resends/${id}`)).body.processed);
      },
    });
    expect(progress).toEqual([1000, 2000]);
    expect((await o.client.get(`${o.base}/bulk-resends/${id}`)).body).toMatchObject({
      status: 'done',
      processed: 2500,
      sent: 2500,
    });
    const counts = await t.services.db
      .selectFrom('emails')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.count<number>('invitation_id').distinct().as('distinct'),
      ])
      .where('org_id', '=', o.org.id)
      .where(
        'invitation_id',
        'in',
        invs.map((i) => i.id),
      )
      .executeTakeFirstOrThrow();
    expect({ n: Number(counts.n), distinct: Number(counts.distinct) }).toEqual({ n: 2500, distinct: 2500 });
  }, 120_000);

  it('is documented in OpenAPI', async () => {
    const doc = (await t.client().get('/api/docs/json')).body;
    const post = doc.paths['/api/v1/orgs/{org}/invitations/bulk-resend'].post;
    expect(Object.keys(post.responses['200'].content['application/json'].schema.properties)).toEqual(
      expect.arrayContaining(['status', 'bulkResendId', 'queued']),
    );
    expect(doc.paths['/api/v1/orgs/{org}/invitations/bulk-resends'].get).toBeTruthy();
    expect(doc.paths['/api/v1/orgs/{org}/invitations/bulk-resends/{id}'].get).toBeTruthy();
  });
});

describe('bulk resend with the job worker running', () => {
  let t: TestApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await startTestApp({ workers: true, runtime: { bulkResendJobThreshold: 2 } });
  });
  afterAll(() => t.close());

  it('the invitation.bulk-resend job sends and the run reaches done', async () => {
    const o = await createOrgWithOwner(t);
    client = o.client;
    const base = `/api/v1/orgs/${o.org.id}/invitations`;
    const invs = await seedInvitations(t, o.org.id, 4);
    const res = await client.post(`${base}/bulk-resend`, { ids: invs.map((i) => i.id) });
    expect(res.body).toMatchObject({ status: 'running', queued: 0 });
    let body: any;
    for (let i = 0; i < 400; i++) {
      body = (await client.get(`${base}/bulk-resends/${res.body.bulkResendId}`)).body;
      if (body.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(body).toMatchObject({ status: 'done', processed: 4, sent: 4 });
  });
});
