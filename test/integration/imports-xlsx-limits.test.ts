import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from '../helpers/app.ts';
import { createOrgWithOwner, uniqueEmail } from '../helpers/factories.ts';
import {
  repeatedDeflate,
  SHEET_END,
  SHEET_START,
  sharedStringsXml,
  sheetXml,
  workbook,
  zip,
} from '../helpers/xlsx-zip.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MB = 1024 * 1024;

/** Descriptors this process holds on files in `dir` (an unlinked upload still holds its disk space). */
function openFilesIn(dir: string): string[] {
  const open: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith(dir)) open.push(target);
    } catch {
      // Closed while listing.
    }
  }
  return open;
}

/** Peak resident memory above the level before `fn`, sampled every 2 ms while it runs. */
async function peakGrowthMb<T>(fn: () => Promise<T>): Promise<{ result: T; growthMb: number }> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 2);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, growthMb: (peak - before) / MB };
  } finally {
    clearInterval(timer);
  }
}

/** The header row and two addresses, as shared strings. */
function people() {
  const a = uniqueEmail('xa');
  const b = uniqueEmail('xb');
  return {
    strings: sharedStringsXml(['email', 'groups', 'role', a, b, 'learner']),
    sheet: sheetXml([
      [0, 1, 2],
      [3, '', 5],
      [4, '', 5],
    ]),
  };
}

describe('XLSX uploads: bounded inflation, no temporary file left', () => {
  let t: TestApp;
  let client: TestClient;
  let base: string;
  const tmp = mkdtempSync(join(tmpdir(), 'beckon-xlsx-test-'));

  beforeAll(async () => {
    t = await startTestApp({ workers: false, env: { IMPORT_TMP_DIR: tmp } });
    const o = await createOrgWithOwner(t);
    client = o.client;
    base = `/api/v1/orgs/${o.org.id}/imports`;
    // Warm up: the reader's modules and buffers are loaded before any memory is measured.
    const p = people();
    const res = await client.request('POST', base, workbook({ data: p.sheet }, { data: p.strings }), {
      'content-type': XLSX,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const upload = (file: Buffer) => client.request('POST', base, file, { 'content-type': XLSX });

  /** Uploads `file`, expects it refused with `code`, within 50 MB of memory, leaving no file. */
  async function expectRefused(file: Buffer, status: number, code: string) {
    // Resident memory is the whole worker's, other files' apps and their background work included:
    // a reading over the bound is taken again, up to three times, and the lowest counts. A reader
    // that needs more than the bound exceeds it every time.
    let { result: res, growthMb } = await peakGrowthMb(() => upload(file));
    for (let retry = 0; retry < 2 && growthMb >= 50; retry++) {
      const again = await peakGrowthMb(() => upload(file));
      res = again.result;
      growthMb = Math.min(growthMb, again.growthMb);
    }
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(growthMb).toBeLessThan(50);
    expect(openFilesIn(tmp)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
    return res.body.error;
  }

  it('reads a workbook whose sheet comes before sharedStrings.xml (as Excel writes it), and after', async () => {
    for (const order of ['sheet-first', 'strings-first'] as const) {
      const p = people();
      const res = await upload(workbook({ data: p.sheet }, { data: p.strings }, order));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({
        fileType: 'xlsx',
        total: 2,
        valid: 2,
        columns: ['email', 'groups', 'role'],
      });
      expect(openFilesIn(tmp)).toEqual([]);
      expect(readdirSync(tmp)).toEqual([]);
    }
    // Inline strings, no shared strings part at all.
    const inline = sheetXml([
      ['email', 'role'],
      [uniqueEmail('xi'), 'learner'],
    ]);
    const res = await upload(workbook({ data: inline }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ total: 1, valid: 1 });
  });

  it('refuses zip bombs before inflating them, or as soon as the inflated bytes pass the limits', async () => {
    // 1 GB sheet in ~1 MB, sizes declared honestly: over the 256 MB total, refused from the directory.
    const gigabyte = repeatedDeflate(SHEET_START, '<row r="1"/>', 1024 * MB, SHEET_END);
    const p = people();
    const honest = workbook({ deflated: gigabyte }, { data: p.strings });
    expect(honest.length).toBeLessThan(3 * MB);
    const e1 = await expectRefused(honest, 413, 'workbook_too_large');
    expect(e1.limit).toBe('uncompressed_bytes');

    // 200 MB (within the total) at ~1,000:1: refused by its compression ratio.
    const dense = repeatedDeflate(SHEET_START, '<row r="1"/>', 200 * MB, SHEET_END);
    const e2 = await expectRefused(
      workbook({ deflated: dense }, { data: p.strings }),
      413,
      'workbook_too_large',
    );
    expect(e2.limit).toBe('compression_ratio');

    // The same 1 GB declared as 100 KB: the inflated bytes are counted, and it stops there.
    await expectRefused(
      workbook({ deflated: gigabyte, declaredSize: 100 * 1024 }, { data: p.strings }),
      400,
      'not_a_spreadsheet',
    );
    // A bomb in the shared strings, before or after the sheet.
    const strings = repeatedDeflate(
      '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
      '<si><t>a</t></si>',
      1024 * MB,
      '</sst>',
    );
    for (const order of ['sheet-first', 'strings-first'] as const) {
      await expectRefused(
        workbook({ data: p.sheet }, { deflated: strings }, order),
        413,
        'workbook_too_large',
      );
    }
  });

  it('refuses huge cells and shared strings without holding them', async () => {
    // A 300 MB cell in a ~300 KB file.
    const cell = repeatedDeflate(
      `${SHEET_START}<row r="1"><c r="A1" t="inlineStr"><is><t>`,
      'a',
      300 * MB,
      `</t></is></c></row>${SHEET_END}`,
    );
    await expectRefused(workbook({ deflated: cell }), 413, 'workbook_too_large');

    // Under the ratio rule (below 1 MB inflated): a 700,000-character cell on row 2.
    const header = '<row r="1"><c r="A1" t="inlineStr"><is><t>email</t></is></c></row>';
    const long = `${SHEET_START}${header}<row r="2"><c r="A2" t="inlineStr"><is><t>${'b'.repeat(700_000)}</t></is></c></row>${SHEET_END}`;
    const e1 = await expectRefused(workbook({ data: long }), 400, 'row_too_long');
    expect(e1.row).toBe(2);

    // Over the row limit (8,192 characters) across cells, as CSV rows are.
    const wide = sheetXml([
      ['email', 'notes', 'more'],
      [uniqueEmail('w'), 'n'.repeat(5000), 'y'.repeat(5000)],
    ]);
    const e2 = await expectRefused(workbook({ data: wide }), 400, 'row_too_long');
    expect(e2.row).toBe(2);

    // A shared string of 300 MB, and one of 700,000 characters (under the ratio rule).
    const p = people();
    const sst = repeatedDeflate('<?xml version="1.0"?><sst><si><t>', 'c', 300 * MB, '</t></si></sst>');
    await expectRefused(workbook({ data: p.sheet }, { deflated: sst }), 413, 'workbook_too_large');
    await expectRefused(
      workbook({ data: p.sheet }, { data: `<sst><si><t>${'c'.repeat(700_000)}</t></si></sst>` }),
      400,
      'not_a_spreadsheet',
    );
  });

  it('refuses a zip directory of more than 10,000 entries, and a damaged one', async () => {
    const p = people();
    const parts = Array.from({ length: 10_001 }, (_, i) => ({ name: `xl/media/f${i}.xml`, data: '' }));
    const many = zip([...parts, { name: 'xl/worksheets/sheet1.xml', data: p.sheet }]);
    const e = await expectRefused(many, 413, 'workbook_too_large');
    expect(e.limit).toBe('entries');
    const valid = workbook({ data: p.sheet }, { data: p.strings });
    // The end-of-directory record points past the file.
    const damaged = Buffer.from(valid);
    damaged.writeUInt32LE(valid.length * 2, damaged.length - 6);
    await expectRefused(damaged, 400, 'not_a_spreadsheet');
  });

  it('refuses shared strings past what may be held in memory (12 MB)', async () => {
    const strings = Array.from({ length: 2_000_000 }, (_, i) => `user${i}@example.org`);
    const file = workbook({ data: sheetXml([[0], [1]]) }, { data: sharedStringsXml(strings) });
    const e = await expectRefused(file, 413, 'workbook_too_large');
    expect(e.limit).toBe('shared_strings');
  });

  it('refuses a huge XML comment, a DOCTYPE and deep nesting', async () => {
    // 300 MB of comment in a small file: the ratio rule.
    const comment = repeatedDeflate(`${SHEET_START}<!--`, 'a<b>c ', 300 * MB, `-->${SHEET_END}`);
    await expectRefused(workbook({ deflated: comment }), 413, 'workbook_too_large');
    // 2 MB of comment that barely compresses (random hex): the node limit, not the ratio.
    const noisy = `${SHEET_START}<!--${randomBytes(MB).toString('hex')}-->${SHEET_END}`;
    await expectRefused(workbook({ data: noisy }), 400, 'not_a_spreadsheet');
    // The same as CDATA and as an attribute value, and a processing instruction.
    const hex = randomBytes(MB).toString('hex');
    for (const node of [`<![CDATA[${hex}]]>`, `<row r="1" x="${hex}"/>`, `<?pi ${hex}?>`]) {
      await expectRefused(workbook({ data: `${SHEET_START}${node}${SHEET_END}` }), 400, 'not_a_spreadsheet');
    }
    const doctype = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet><sheetData/></worksheet>`;
    await expectRefused(workbook({ data: doctype }), 400, 'not_a_spreadsheet');
    const deep = `${SHEET_START}${'<x>'.repeat(10_000)}${'</x>'.repeat(10_000)}${SHEET_END}`;
    await expectRefused(workbook({ data: deep }), 400, 'not_a_spreadsheet');
  });

  it('leaves no temporary file when the client goes away mid-upload', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address() as AddressInfo;
    const p = people();
    const file = workbook({ data: p.sheet }, { data: p.strings });
    const req = httpRequest({
      host: '127.0.0.1',
      port: address.port,
      method: 'POST',
      path: base,
      headers: {
        'content-type': XLSX,
        'content-length': String(file.length + MB),
        cookie: client.cookie!,
        'x-csrf-token': client.csrfToken!,
      },
    });
    req.on('error', () => {});
    req.write(file);
    // The upload is being written to its (already unlinked) temporary file.
    await expect.poll(() => openFilesIn(tmp).length, { timeout: 10_000 }).toBe(1);
    req.destroy();
    await expect.poll(() => openFilesIn(tmp).length, { timeout: 10_000 }).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('XLSX uploads: the total inflated size counts every part read', () => {
  it('refuses shared strings and a sheet that together pass IMPORT_MAX_UNCOMPRESSED_BYTES', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'beckon-xlsx-test-'));
    const t = await startTestApp({
      workers: false,
      env: { IMPORT_TMP_DIR: tmp, IMPORT_MAX_UNCOMPRESSED_BYTES: String(MB) },
    });
    try {
      const o = await createOrgWithOwner(t);
      const strings = ['email', ...Array.from({ length: 15_000 }, () => uniqueEmail('t'))];
      const sheet = sheetXml(strings.map((_, i) => [i]));
      expect(Buffer.byteLength(sheet)).toBeLessThan(MB);
      expect(Buffer.byteLength(sharedStringsXml(strings))).toBeLessThan(MB);
      const res = await o.client.request(
        'POST',
        `/api/v1/orgs/${o.org.id}/imports`,
        workbook({ data: sheet }, { data: sharedStringsXml(strings) }),
        { 'content-type': XLSX },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(413);
      expect(res.body.error).toMatchObject({ code: 'workbook_too_large', limit: 'uncompressed_bytes' });
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      await t.close();
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('XLSX uploads: leftovers of a crash', () => {
  it('are removed at start, and nothing else in the directory is', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'beckon-xlsx-test-'));
    const dir = join(tmp, 'import-tmp');
    mkdirSync(dir);
    writeFileSync(join(dir, 'beckon-upload-4242-0123456789abcdef.xlsx'), randomBytes(64 * 1024));
    writeFileSync(join(dir, 'notes.txt'), 'not ours');
    const t = await startTestApp({ workers: false, env: { IMPORT_TMP_DIR: dir } });
    try {
      expect(readdirSync(dir)).toEqual(['notes.txt']);
    } finally {
      await t.close();
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
