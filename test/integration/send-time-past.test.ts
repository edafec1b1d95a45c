import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { createOrgWithOwner, uniqueEmail } from '../helpers/factories.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

const HOUR = 3_600_000;

describe('a send time in the past', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
  });

  const ago = (ms: number) => new Date(t.clock.now().getTime() - ms).toISOString();

  it('is refused with 400 naming sendAt by invite, reschedule, import confirm and bulk resend', async () => {
    const { org, client } = await createOrgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}`;
    const expectRefused = (res: { status: number; body: any }) => {
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_send_at', field: 'sendAt' });
      expect(res.body.error.message).toMatch(/past/);
    };

    expectRefused(await client.post(`${base}/invitations`, { emails: [uniqueEmail()], sendAt: ago(HOUR) }));

    const later = new Date(t.clock.now().getTime() + HOUR).toISOString();
    const scheduled = await client.post(`${base}/invitations`, { emails: [uniqueEmail()], sendAt: later });
    const id = scheduled.body.invitations[0].id;
    expectRefused(await client.patch(`${base}/invitations/${id}`, { sendAt: ago(HOUR) }));

    const csv = `email\n${uniqueEmail()}\n`;
    const preview = await client.request('POST', `${base}/imports`, csv, { 'content-type': 'text/csv' });
    expectRefused(await client.post(`${base}/imports/${preview.body.id}/confirm`, { sendAt: ago(HOUR) }));

    expectRefused(await client.post(`${base}/invitations/bulk-resend`, { ids: [id], sendAt: ago(HOUR) }));
  });

  it('a few seconds ago, or none at all, sends now', async () => {
    const { org, client } = await createOrgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}`;
    const res = await client.post(`${base}/invitations`, { emails: [uniqueEmail()], sendAt: ago(5_000) });
    expect(res.status).toBe(201);
    expect(res.body.invitations[0]).toMatchObject({ status: 'pending', sendAt: null });
    const now = await client.post(`${base}/invitations`, { emails: [uniqueEmail()] });
    expect(now.body.invitations[0].status).toBe('pending');
  });
});
