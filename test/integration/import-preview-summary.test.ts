import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberOf, orgWithOwner, uniqueEmail } from '../helpers/accounts.ts';
import type { TestApp, TestClient } from '../helpers/app.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

function upload(client: TestClient, orgId: string, csv: string) {
  return client.request('POST', `/api/v1/orgs/${orgId}/imports`, Buffer.from(csv, 'utf8'), {
    'content-type': 'text/csv',
  });
}

describe('import preview: problems grouped by kind, rows on demand, expiry', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
  });
  afterAll(() => t.close());

  it('counts each kind of problem and pages through the rows behind one kind', async () => {
    const { org, client } = await orgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}`;
    const invited = Array.from({ length: 7 }, () => uniqueEmail('invited'));
    for (let i = 0; i < invited.length; i += 5)
      expect((await client.post(`${base}/invitations`, { emails: invited.slice(i, i + 5) })).status).toBe(
        201,
      );
    const fresh = Array.from({ length: 5 }, () => uniqueEmail('fresh'));
    const lines = [
      'email,groups,role',
      ...invited.map((e) => `${e},,`), // rows 2-8: already invited
      ...fresh.map((e) => `${e},,`), // rows 9-13: fine
      `${fresh[0]},,`, // row 14: repeated in the file
      'not-an-address,,', // row 15
      'also@@bad,,', // row 16
      `${uniqueEmail('x')},Nowhere,`, // row 17: unknown group
    ];
    const preview = await upload(client, org.id, `${lines.join('\n')}\n`);
    expect(preview.status).toBe(201);
    expect(preview.body.problemGroups).toEqual([
      { code: 'invalid_email', count: 2, summary: '2 invalid addresses', effect: 'refused' },
      { code: 'unknown_group', count: 1, summary: '1 with an unknown group', effect: 'refused' },
      { code: 'already_invited', count: 7, summary: '7 already invited', effect: 'skipped' },
      { code: 'duplicate', count: 1, summary: '1 repeated in the file', effect: 'skipped' },
    ]);
    expect(preview.body).toMatchObject({ status: 'preview', expired: false });
    const id = preview.body.id;

    // The same summary after a reload.
    const groups = await client.get(`${base}/imports/${id}/problem-groups`);
    expect(groups.body.items).toEqual(preview.body.problemGroups);

    // The rows behind one group, three at a time, in file order.
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { status: number; body: any } = await client.get(
        `${base}/imports/${id}/problems?code=already_invited&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      for (const p of page.body.items) {
        expect(p).toMatchObject({ code: 'already_invited', column: 'email' });
        seen.push(p.row);
      }
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([2, 3, 4, 5, 6, 7, 8]);
    const invalid = await client.get(`${base}/imports/${id}/problems?code=invalid_email`);
    expect(invalid.body.items.map((p: any) => [p.row, p.email])).toEqual([
      [15, 'not-an-address'],
      [16, 'also@@bad'],
    ]);
    expect(invalid.body.nextCursor).toBeNull();
    // Without a kind: every problem row, as before.
    const all = await client.get(`${base}/imports/${id}/problems`);
    expect(all.body.items.map((p: any) => p.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17]);
    expect((await client.get(`${base}/imports/${id}/problems?cursor=abc`)).status).toBe(400);
    expect((await client.get(`${base}/imports/${id}/problems?code=DROP%20TABLE`)).status).toBe(400);
    const other = await orgWithOwner(t);
    expect((await other.client.get(`${base}/imports/${id}/problem-groups`)).status).toBe(404);
  });

  it('flags a role the importer may not grant exactly as the invite dialog refuses it', async () => {
    const { org } = await orgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}`;
    const admin = await memberOf(t, org.id, 'admin');
    const hr = await memberOf(t, org.id, 'hr');
    const refused = await admin.client.post(`${base}/invitations`, {
      emails: [uniqueEmail('o')],
      role: 'owner',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      'You cannot invite people as owner: you may invite as learner, manager, curator, hr or admin.',
    );

    const byAdmin = await upload(admin.client, org.id, `email,groups,role\n${uniqueEmail('a')},,owner\n`);
    expect(byAdmin.body.problems).toEqual([
      { row: 2, column: 'role', code: 'role_not_allowed', message: refused.body.error.message },
    ]);
    expect(byAdmin.body.problemGroups).toEqual([
      {
        code: 'role_not_allowed',
        count: 1,
        summary: '1 with a role that is unknown or that you cannot grant',
        effect: 'refused',
      },
    ]);
    const byHr = await upload(
      hr.client,
      org.id,
      `email,groups,role\n${uniqueEmail('b')},,admin\n${uniqueEmail('c')},,boss\n`,
    );
    expect(byHr.body.problems.map((p: any) => p.message)).toEqual([
      'You cannot invite people as admin: you may invite as learner, manager, curator or hr.',
      'Unknown role "boss": use learner, manager, curator or hr.',
    ]);
  });

  it('expires a preview not confirmed within a day: shown as expired, refused at confirm', async () => {
    const { org, client } = await orgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}`;
    const preview = await upload(client, org.id, `email,groups,role\n${uniqueEmail('late')},,\n`);
    const id = preview.body.id;
    const uploadedAt = new Date(preview.body.createdAt).getTime();
    expect(preview.body.expiresAt).toBe(new Date(uploadedAt + 86_400_000).toISOString());

    t.clock.advance(86_400_000 - 1000);
    expect((await client.get(`${base}/imports/${id}`)).body).toMatchObject({
      status: 'preview',
      expired: false,
    });
    t.clock.advance(1000);
    const later = await client.get(`${base}/imports/${id}`);
    expect(later.body).toMatchObject({ status: 'preview', expired: true });
    const listed = await client.get(`${base}/imports`);
    expect(listed.body.items.find((i: any) => i.id === id)).toMatchObject({ expired: true });
    const confirm = await client.post(`${base}/imports/${id}/confirm`, {});
    expect(confirm.status).toBe(409);
    expect(confirm.body.error.code).toBe('preview_expired');
    // Dropping it stays possible; a confirmed import carries no expiry.
    expect((await client.post(`${base}/imports/${id}/cancel`)).status).toBe(200);
    const next = await upload(client, org.id, `email,groups,role\n${uniqueEmail('soon')},,\n`);
    expect((await client.post(`${base}/imports/${next.body.id}/confirm`, {})).status).toBe(202);
    t.clock.advance(2 * 86_400_000);
    expect((await client.get(`${base}/imports/${next.body.id}`)).body).toMatchObject({
      expiresAt: null,
      expired: false,
    });
  });
});
