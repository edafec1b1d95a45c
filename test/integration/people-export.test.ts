import { parse } from 'csv-parse/sync';
import Excel from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewInvitation } from '../../src/db/types.ts';
import { EXPORT_PAGE } from '../../src/people-export/service.ts';
import { memberOf, orgWithOwner, uniqueEmail } from '../helpers/accounts.ts';
import type { TestApp, TestClient } from '../helpers/app.ts';
import { insertInvitations, sentInvitationRow } from '../helpers/invitation-rows.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

const DAY = 86_400_000;

/** The download as the browser gets it: status, headers and the raw bytes. */
async function download(t: TestApp, client: TestClient, url: string) {
  const res = await t.app.inject({ method: 'GET', url, headers: { cookie: client.cookie! } });
  return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload };
}

/** CSV text → rows of cells, after checking the byte-order mark Excel needs. */
function parseCsv(bytes: Buffer): string[][] {
  const text = bytes.toString('utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  return parse(text.slice(1), { relaxQuotes: false, recordDelimiter: '\r\n' }) as string[][];
}

async function parseXlsx(bytes: Buffer): Promise<string[][]> {
  const book = new Excel.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow((r) => {
    rows.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))));
  });
  return rows;
}

describe('People exports (invitations and members as CSV and XLSX)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
  });
  afterAll(() => t.close());

  /** Pending invitations written in one statement per 1,000, newest first by index. */
  async function seed(orgId: string, n: number, over: (i: number) => Partial<NewInvitation> = () => ({})) {
    const now = t.clock.now().getTime();
    const rows: NewInvitation[] = Array.from({ length: n }, (_, i) => {
      const at = new Date(now - DAY - i * 1000);
      return {
        ...sentInvitationRow(orgId, uniqueEmail(`bulk${i}`), at, new Date(now + 5 * DAY)),
        ...over(i),
      };
    });
    await insertInvitations(t.services.db, rows);
  }

  it('exports every invitation the filter keeps, formula-safe, in both formats', async () => {
    const { org, client } = await orgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}`;
    const risky = (await client.post(`${base}/groups`, { name: '+cmd|calc' })).body;
    // More rows than one database page, so the keyset continues at least once.
    const n = EXPORT_PAGE + 7;
    await seed(org.id, n, (i) =>
      i === 0
        ? { created_by_name: '=HYPERLINK("http://evil","x")', group_ids: [risky.id] }
        : i === 1
          ? { created_by_name: '@SUM(1)', delivery_detail: '\tTabbed', delivery_status: 'failed' }
          : i % 3 === 0
            ? { status: 'cancelled' }
            : {},
    );
    const expectedPending = Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 !== 0 || i === 0);

    const csv = await download(t, client, `${base}/invitations/export?format=csv&status=pending`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="beckon-invitations-.*\.csv"/);
    // Streamed: no length known up front.
    expect(csv.headers['content-length']).toBeUndefined();
    const rows = parseCsv(csv.bytes);
    expect(rows[0]).toEqual([
      'email',
      'status',
      'role',
      'groups',
      'invited_by',
      'created_at',
      'send_at',
      'last_sent_at',
      'expires_at',
      'delivery',
      'delivery_detail',
      'last_event',
      'last_event_at',
    ]);
    expect(rows).toHaveLength(expectedPending.length + 1);
    expect(rows.slice(1).every((r) => r[1] === 'pending')).toBe(true);
    // Newest first: the seed's row 0 is the newest.
    expect(rows[1]).toMatchObject({ 3: "'+cmd|calc", 4: `'=HYPERLINK("http://evil","x")` });
    expect(rows[2]).toMatchObject({ 4: "'@SUM(1)", 9: 'failed', 10: "'\tTabbed" });
    // No cell anywhere starts as a formula would.
    expect(rows.flat().some((c) => /^[=+\-@\t\r]/.test(c))).toBe(false);

    const xlsx = await download(t, client, `${base}/invitations/export?format=xlsx&status=pending`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.headers['content-disposition']).toMatch(/filename="beckon-invitations-.*\.xlsx"/);
    const sheet = await parseXlsx(xlsx.bytes);
    expect(sheet).toHaveLength(rows.length);
    expect(sheet[0]).toEqual(rows[0]);
    // Typed string cells: exact text, never a formula.
    expect(sheet[1]![4]).toBe('=HYPERLINK("http://evil","x")');
    expect(sheet.map((r) => r[0])).toEqual(rows.map((r) => r[0]));

    // The search of the list applies too.
    const target = rows[5]![0]!;
    const searched = parseCsv(
      (await download(t, client, `${base}/invitations/export?format=csv&q=${encodeURIComponent(target)}`))
        .bytes,
    );
    expect(searched.slice(1).map((r) => r[0])).toEqual([target]);
    const inGroup = parseCsv(
      (await download(t, client, `${base}/invitations/export?format=csv&groupId=${risky.id}`)).bytes,
    );
    expect(inGroup).toHaveLength(2);
  });

  it("keeps a manager to their groups' invitations and members, and refuses what the list refuses", async () => {
    const { org, client } = await orgWithOwner(t);
    const base = `/api/v1/orgs/${org.id}`;
    const sales = (await client.post(`${base}/groups`, { name: 'Sales' })).body;
    const ops = (await client.post(`${base}/groups`, { name: 'Ops' })).body;
    const salesInvite = uniqueEmail('sales');
    await client.post(`${base}/invitations`, { emails: [salesInvite], groupIds: [sales.id] });
    await client.post(`${base}/invitations`, { emails: [uniqueEmail('ops')], groupIds: [ops.id] });
    const manager = await memberOf(t, org.id, 'manager', { name: 'Mia Manager' });
    const inSales = await memberOf(t, org.id, 'learner', { name: '-2+3 Formula' });
    const inOps = await memberOf(t, org.id, 'learner', { name: 'Otto Ops' });
    expect(
      (await client.request('PUT', `${base}/groups/${sales.id}/managers`, { memberIds: [manager.member.id] }))
        .status,
    ).toBe(200);
    const now = t.clock.now();
    await t.services.db
      .insertInto('group_members')
      .values([
        { org_id: org.id, group_id: sales.id, member_id: inSales.member.id, created_at: now },
        { org_id: org.id, group_id: ops.id, member_id: inOps.member.id, created_at: now },
      ])
      .execute();

    const mine = parseCsv((await download(t, manager.client, `${base}/invitations/export?format=csv`)).bytes);
    expect(mine.slice(1).map((r) => r[0])).toEqual([salesInvite]);
    const everyone = parseCsv((await download(t, client, `${base}/invitations/export?format=csv`)).bytes);
    expect(everyone).toHaveLength(3);

    const members = parseCsv((await download(t, manager.client, `${base}/members/export?format=csv`)).bytes);
    expect(members[0]).toEqual([
      'email',
      'name',
      'role',
      'status',
      'groups',
      'trainings',
      'joined_at',
      'first_sign_in_at',
      'last_sign_in_at',
    ]);
    expect(
      members
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual([inSales.email, manager.email].sort());
    const formula = members.find((r) => r[0] === inSales.email)!;
    expect(formula[1]).toBe("'-2+3 Formula");
    expect(formula[4]).toBe('Sales');

    const all = await download(t, client, `${base}/members/export?format=xlsx&q=otto`);
    expect(all.status).toBe(200);
    const sheet = await parseXlsx(all.bytes);
    expect(sheet.slice(1).map((r) => [r[0], r[1], r[4]])).toEqual([[inOps.email, 'Otto Ops', 'Ops']]);

    // What the lists refuse, the exports refuse, before any byte is sent.
    expect((await client.get(`${base}/invitations/export`)).status).toBe(400);
    expect((await client.get(`${base}/invitations/export?format=pdf`)).status).toBe(400);
    expect((await client.get(`${base}/invitations/export?format=csv&status=nope`)).status).toBe(400);
    expect((await client.get(`${base}/members/export?format=csv&groupId=x`)).status).toBe(400);
    const learner = await memberOf(t, org.id, 'learner');
    expect((await learner.client.get(`${base}/invitations/export?format=csv`)).status).toBe(403);
    expect((await learner.client.get(`${base}/members/export?format=xlsx`)).status).toBe(403);
    const other = await orgWithOwner(t);
    expect((await other.client.get(`${base}/invitations/export?format=csv`)).status).toBe(404);
    expect((await t.client().get(`${base}/members/export?format=csv`)).status).toBe(401);
  });
});
