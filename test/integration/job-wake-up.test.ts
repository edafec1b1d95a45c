import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../helpers/app.ts';
import { createOrgWithOwner, uniqueEmail } from '../helpers/factories.ts';

/**
 * New jobs wake the workers when their transaction commits. The workers here poll every 60 s, so
 * an email that arrives within 20 s was fetched because its job woke the worker.
 */
const POLL_SECONDS = 60;
const WAKE_BOUND_MS = 20_000;

describe('a new job wakes the workers', () => {
  let t: TestApp;
  let owner: TestClient;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp({ smtp: true, runtime: { jobPollingSeconds: POLL_SECONDS } });
    const o = await createOrgWithOwner(t, 'Prompt Co');
    owner = o.client;
    base = `/api/v1/orgs/${o.org.id}/invitations`;
  });
  afterAll(() => t?.close());

  const invite = async (email: string) => {
    const res = await owner.post(base, { emails: [email] });
    expect(res.status).toBe(201);
    return res.body.invitations[0].id as string;
  };

  it('sends an invitation at once, its job written by the create statement itself', async () => {
    // The first email may be taken by the worker's first fetch; after it the worker waits its poll.
    const first = uniqueEmail('first');
    await invite(first);
    await t.smtp!.waitFor((m) => m.to.includes(first), WAKE_BOUND_MS);

    const second = uniqueEmail('second');
    await invite(second);
    await t.smtp!.waitFor((m) => m.to.includes(second), WAKE_BOUND_MS);
  });

  it('sends a resend at once, its job written by the queue', async () => {
    const to = uniqueEmail('resent');
    const id = await invite(to);
    const sent = await t.smtp!.waitFor((m) => m.to.includes(to), WAKE_BOUND_MS);
    t.clock.advance(10 * 60_000);

    const res = await owner.post(`${base}/${id}/resend`, {});
    expect(res.status).toBe(200);
    await t.smtp!.waitFor((m) => m.to.includes(to) && m !== sent, WAKE_BOUND_MS);
  });
});
