import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { LINK_CHECK_GRACE_MS, type LinkCheckJob } from '../../src/invitations/public-service.ts';
import { orgWithOwner } from '../helpers/accounts.ts';
import type { TestApp } from '../helpers/app.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

describe('opened, and by whom or what', () => {
  let t: TestApp;
  beforeAll(async () => {
    // No workers: the delayed link check is run by hand, as its job would.
    t = await sharedTestApp({ workers: false });
  });

  async function invite() {
    const { org, client } = await orgWithOwner(t);
    const res = await client.post(`/api/v1/orgs/${org.id}/invitations`, {
      emails: [`opened.${Math.random().toString(36).slice(2)}@example.com`],
    });
    const inv = res.body.invitations[0];
    const row = await t.services.db
      .selectFrom('invitations')
      .select('link_version')
      .where('id', '=', inv.id)
      .executeTakeFirstOrThrow();
    const token = t.services.links.sign(inv.id, row.link_version);
    const history = async () => {
      const detail = await client.get(`/api/v1/orgs/${org.id}/invitations/${inv.id}`);
      return detail.body as {
        status: string;
        events: Array<{ type: string; note?: string | null; at: string }>;
      };
    };
    return { inv, token, history };
  }

  /** The waiting link-check jobs for an invitation. */
  async function checks(invitationId: string) {
    const r = await sql<{ data: LinkCheckJob; start_after: Date }>`
      SELECT data, start_after FROM pgboss.job
      WHERE name = 'invitation.link-check' AND data->>'invitationId' = ${invitationId}`.execute(
      t.services.db,
    );
    return r.rows;
  }

  /** The link check a GET queues after its response is sent: wait for it to be written. */
  async function queuedCheck(invitationId: string) {
    for (let i = 0; i < 200; i++) {
      const rows = await checks(invitationId);
      if (rows.length > 0) return rows;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('no link check was queued');
  }

  it('a plain fetch of the link is recorded as a link check, never as a view; status unchanged', async () => {
    const { inv, token, history } = await invite();
    // A mail scanner: GETs the page (and even the API read), runs no script.
    const page = await t.client().get(`/invite/${token}`);
    expect([200, 404]).toContain(page.status); // 404 when the console is not built
    await t.client().get(`/invite/${token}`);
    expect((await t.client().get(`/api/v1/invitations/${token}`)).status).toBe(200);
    // Nothing written by the GETs themselves; one check waits, however many fetches.
    const waiting = await queuedCheck(inv.id);
    expect((await history()).events.map((e) => e.type)).toEqual(['created', 'sent']);
    expect(waiting).toHaveLength(1);
    const fetchedAt = new Date(waiting[0]!.data.fetchedAt);
    expect(fetchedAt.toISOString()).toBe(t.clock.now().toISOString());
    expect(waiting[0]!.start_after.getTime()).toBeGreaterThanOrEqual(
      fetchedAt.getTime() + LINK_CHECK_GRACE_MS - 5,
    );

    // The grace passes without a view: the job records the check, once.
    t.clock.advance(LINK_CHECK_GRACE_MS);
    expect(await t.services.invitationLinks.recordLinkCheck(waiting[0]!.data)).toBe(true);
    expect(await t.services.invitationLinks.recordLinkCheck(waiting[0]!.data)).toBe(false);
    const after = await history();
    expect(after.status).toBe('pending');
    expect(after.events.map((e) => e.type)).toEqual(['created', 'sent', 'link_checked']);
    expect(after.events[2]).toMatchObject({
      at: fetchedAt.toISOString(),
      note: 'Link checked by a mail scanner or link preview, not opened by a person.',
    });
    // A later fetch queues nothing more.
    await t.client().get(`/invite/${token}`);
    expect(await checks(inv.id)).toHaveLength(1);
  });

  it('the page shown in a browser records "viewed" once; a fetch followed by a view is no check', async () => {
    const { inv, token, history } = await invite();
    await t.client().get(`/invite/${token}`);
    const [job] = await queuedCheck(inv.id);
    t.clock.advance(2000);
    expect((await t.client().post(`/api/v1/invitations/${token}/viewed`)).status).toBe(204);
    expect((await t.client().post(`/api/v1/invitations/${token}/viewed`)).status).toBe(204);
    t.clock.advance(LINK_CHECK_GRACE_MS);
    expect(await t.services.invitationLinks.recordLinkCheck(job!.data)).toBe(false);
    const h = await history();
    expect(h.status).toBe('pending');
    expect(h.events.map((e) => e.type)).toEqual(['created', 'sent', 'viewed']);
    expect(h.events[2]!.note).toBe('Opened in a browser: the invitation page was shown to the invitee.');
    // Viewed already: a fetch now queues no check.
    await t.client().get(`/invite/${token}`);
    expect(await checks(inv.id)).toHaveLength(1);
  });

  it('dead or forged links record nothing', async () => {
    const { inv, token, history } = await invite();
    const forged = `${token.slice(0, -4)}AAAA`;
    expect((await t.client().post(`/api/v1/invitations/${forged}/viewed`)).status).toBe(404);
    await t.client().get(`/invite/${forged}`);
    expect(await checks(inv.id)).toHaveLength(0);
    await t.services.db
      .updateTable('invitations')
      .set({ status: 'cancelled' })
      .where('id', '=', inv.id)
      .execute();
    expect((await t.client().post(`/api/v1/invitations/${token}/viewed`)).status).toBe(410);
    await t.client().get(`/invite/${token}`);
    expect(await checks(inv.id)).toHaveLength(0);
    expect((await history()).events.map((e) => e.type)).toEqual(['created', 'sent']);
  });
});
