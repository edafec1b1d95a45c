import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { parseCsv } from '../helpers/csv.ts';
import { createOrgWithOwner, uniqueEmail } from '../helpers/factories.ts';

describe('invitation metadata', () => {
  let t: TestApp;
  const hookHost = '127.0.0.1:9';

  beforeAll(async () => {
    // Workers off: the test fans webhook events out itself and reads the delivery jobs.
    t = await startTestApp({ workers: false, env: { WEBHOOK_ALLOWED_HOSTS: hookHost } });
  });
  afterAll(() => t.close());

  it('is stored with single and bulk invitations and returned by the API', async () => {
    const o = await createOrgWithOwner(t);
    const base = `/api/v1/orgs/${o.org.id}/invitations`;
    const metadata = { employeeId: 'E42', cohort: { year: 2027, tags: ['a', 'b'] }, note: 'Ünïcode ✓' };
    const emails = [uniqueEmail('meta'), uniqueEmail('meta')];
    const res = await o.client.post(base, { emails, metadata });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.invitations).toHaveLength(2);
    for (const inv of res.body.invitations) expect(inv.metadata).toEqual(metadata);

    const one = await o.client.get(`${base}/${res.body.invitations[0].id}`);
    expect(one.body.metadata).toEqual(metadata);
    const list = await o.client.get(`${base}?q=${encodeURIComponent(emails[1]!)}`);
    expect(list.body.items[0].metadata).toEqual(metadata);

    // Without metadata (or with an empty object) an invitation has none.
    const plain = await o.client.post(base, { emails: [uniqueEmail('plain')], metadata: {} });
    expect(plain.body.invitations[0].metadata).toBeNull();
  });

  it('refuses what is not a JSON object, or more than 4 KB of it, naming the field; nothing is created', async () => {
    const o = await createOrgWithOwner(t);
    const base = `/api/v1/orgs/${o.org.id}/invitations`;
    const email = uniqueEmail('refused');
    for (const metadata of [[1, 2], 'text', 42, null]) {
      const res = await o.client.post(base, { emails: [email], metadata });
      expect(res.status, JSON.stringify(metadata)).toBe(400);
      expect(res.body.error.field ?? res.body.error.message).toMatch(/metadata/);
    }
    // 4,096 bytes of compact JSON pass; one more byte does not (multi-byte characters count as bytes).
    const fill = (n: number) => ({ k: 'x'.repeat(n - 8) });
    expect(JSON.stringify(fill(4096)).length).toBe(4096);
    const tooBig = await o.client.post(base, { emails: [email], metadata: fill(4097) });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error).toMatchObject({ code: 'metadata_too_large', field: 'metadata' });
    const wide = await o.client.post(base, { emails: [email], metadata: { k: 'é'.repeat(2045) } });
    expect(wide.body.error).toMatchObject({ code: 'metadata_too_large', field: 'metadata' });
    const invitations = await t.services.db
      .selectFrom('invitations')
      .select('id')
      .where('org_id', '=', o.org.id)
      .execute();
    expect(invitations).toHaveLength(0);
    const fits = await o.client.post(base, { emails: [email], metadata: fill(4096) });
    expect(fits.status).toBe(201);
    expect(fits.body.invitations[0].metadata).toEqual(fill(4096));
  });

  it('is never shown to the invitee', async () => {
    const o = await createOrgWithOwner(t);
    const base = `/api/v1/orgs/${o.org.id}/invitations`;
    const res = await o.client.post(base, {
      emails: [uniqueEmail('invitee')],
      metadata: { secretScore: 'do-not-show-9137' },
    });
    const link = await o.client.get(`${base}/${res.body.invitations[0].id}/link`);
    const token = link.body.url.split('/invite/')[1];
    const view = await t.client().get(`/api/v1/invitations/${token}`);
    expect(view.status).toBe(200);
    expect(JSON.stringify(view.body)).not.toContain('do-not-show-9137');
    expect(view.body).not.toHaveProperty('metadata');
    const email = await t.services.db
      .selectFrom('emails')
      .select(['html', 'text', 'subject'])
      .where('invitation_id', '=', res.body.invitations[0].id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(email)).not.toContain('do-not-show-9137');
  });

  it('travels in every webhook event of the invitation', async () => {
    const o = await createOrgWithOwner(t);
    const hook = await o.client.post(`/api/v1/orgs/${o.org.id}/webhooks`, {
      url: `http://${hookHost}/hooks`,
    });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    const metadata = { crmId: 'crm-771' };
    const res = await o.client.post(`/api/v1/orgs/${o.org.id}/invitations`, {
      emails: [uniqueEmail('hooked')],
      metadata,
    });
    const id = res.body.invitations[0].id;
    await o.client.post(`/api/v1/orgs/${o.org.id}/invitations/${id}/cancel`);
    await t.services.webhooks.fanout();
    const { rows } = await sql<{ data: { event: string; payload: any } }>`
      SELECT data FROM pgboss.job
      WHERE name = 'webhook.deliver' AND data->>'endpointId' = ${hook.body.id}`.execute(t.services.db);
    expect(rows.map((r) => r.data.event).sort()).toEqual([
      'invitation.cancelled',
      'invitation.created',
      'invitation.sent',
    ]);
    for (const r of rows) expect(r.data.payload.data.invitation).toMatchObject({ id, metadata });
  });

  it('comes from an import column "metadata" holding a JSON object, and is in results.csv', async () => {
    const o = await createOrgWithOwner(t);
    const base = `/api/v1/orgs/${o.org.id}/imports`;
    const [a, b, c, d] = [uniqueEmail('imp'), uniqueEmail('imp'), uniqueEmail('imp'), uniqueEmail('imp')];
    const big = JSON.stringify({ k: 'x'.repeat(4100) }).replace(/"/g, '""');
    const csv =
      'email,role,metadata\n' +
      `${a},learner,"{""employeeId"": ""E1"", ""formula"": ""=1+1""}"\n` +
      `${b},learner,\n` +
      `${c},learner,not json\n` +
      `${d},learner,"${big}"\n`;
    const up = await o.client.request('POST', `${base}?fileName=people.csv`, Buffer.from(csv), {
      'content-type': 'text/csv',
    });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({ total: 4, valid: 2 });
    expect(up.body.problems).toEqual([
      expect.objectContaining({ row: 4, column: 'metadata', code: 'invalid_metadata' }),
      expect.objectContaining({ row: 5, column: 'metadata', code: 'invalid_metadata' }),
    ]);
    expect((await o.client.post(`${base}/${up.body.id}/confirm`)).status).toBe(202);
    await t.services.imports.runImport(up.body.id);

    const list = await o.client.get(`/api/v1/orgs/${o.org.id}/invitations?q=${encodeURIComponent(a)}`);
    expect(list.body.items[0].metadata).toEqual({ employeeId: 'E1', formula: '=1+1' });
    const other = await o.client.get(`/api/v1/orgs/${o.org.id}/invitations?q=${encodeURIComponent(b)}`);
    expect(other.body.items[0].metadata).toBeNull();

    const raw = (await o.client.get(`${base}/${up.body.id}/results.csv`)).body as string;
    const lines = parseCsv(raw);
    expect(lines[0]).toEqual(['row', 'email', 'outcome', 'code', 'reason', 'invitation_id', 'metadata']);
    // Compact JSON (keys in PostgreSQL's jsonb order): a cell starting with "{" is never a formula.
    expect(JSON.parse(lines[1]![6]!)).toEqual({ employeeId: 'E1', formula: '=1+1' });
    expect(lines[1]![6]).toMatch(/^\{"/);
    expect(lines[2]![6]).toBe('');
    // An invalid cell is not echoed as metadata: the row failed and its reason says why.
    expect(lines[3]).toMatchObject({ 2: 'failed', 3: 'invalid_metadata', 6: '' });
  });

  it('reads the metadata column from XLSX too', async () => {
    const o = await createOrgWithOwner(t);
    const base = `/api/v1/orgs/${o.org.id}/imports`;
    const email = uniqueEmail('xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('People');
    ws.addRow(['Email', 'Metadata']);
    ws.addRow([email, '{"employeeId": "X-7", "fte": 0.5}']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const up = await o.client.request('POST', base, file, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({ total: 1, valid: 1 });
    await o.client.post(`${base}/${up.body.id}/confirm`);
    await t.services.imports.runImport(up.body.id);
    const list = await o.client.get(`/api/v1/orgs/${o.org.id}/invitations?q=${encodeURIComponent(email)}`);
    expect(list.body.items[0].metadata).toEqual({ employeeId: 'X-7', fte: 0.5 });
  });
});
