import { describe, expect, it } from 'vitest';
import { type ParseOptions, parseSpreadsheet, type SheetRow } from '../../src/imports/parse.ts';

async function read(input: string | Buffer, chunkSize = 7) {
  const buf = typeof input === 'string' ? Buffer.from(input) : input;
  async function* chunks() {
    for (let i = 0; i < buf.length; i += chunkSize) yield buf.subarray(i, i + chunkSize);
  }
  const rows: SheetRow[] = [];
  const options: ParseOptions = {
    maxBytes: 1e7,
    maxRows: 1000,
    tmpDir: '/tmp',
    maxUncompressedBytes: 1e7,
    onRow: (row) => rows.push(row),
  };
  const sheet = await parseSpreadsheet(chunks(), options);
  return { sheet, rows: rows.map((r) => [r.row, r.email, r.groups, r.role]) };
}

describe('the CSV reader', () => {
  it('detects the delimiter from the header line', async () => {
    for (const d of [',', ';', '\t']) {
      const { sheet, rows } = await read(`email${d}groups${d}role\na@b.co${d}Sales${d}learner\n`);
      expect(sheet.delimiter).toBe(d);
      expect(rows).toEqual([[2, 'a@b.co', 'Sales', 'learner']]);
    }
  });

  it('reads quotes, "" escapes and line breaks inside quotes, split across chunks', async () => {
    const { rows } = await read(
      'email,groups\r\n"a@b.co","Sales, ""North""\r\nand South"\r\nc@d.co,x\r\n',
      3,
    );
    expect(rows).toEqual([
      [2, 'a@b.co', 'Sales, "North"\r\nand South', ''],
      [3, 'c@d.co', 'x', ''],
    ]);
  });

  it('counts spreadsheet rows across blank lines and CR-only endings', async () => {
    const { rows } = await read('email\r\ra@b.co\r\rc@d.co\r');
    expect(rows).toEqual([
      [3, 'a@b.co', '', ''],
      [5, 'c@d.co', '', ''],
    ]);
  });

  it('strips a UTF-8 BOM and reads Windows-1252', async () => {
    const utf8 = await read('\uFEFFemail,groups\nzoë@b.co,Café\n');
    expect(utf8.rows).toEqual([[2, 'zoë@b.co', 'Café', '']]);
    const latin = await read(Buffer.from('email,groups\na@b.co,Caf\xe9\n', 'latin1'));
    expect(latin.sheet.encoding).toBe('windows-1252');
    expect(latin.rows).toEqual([[2, 'a@b.co', 'Café', '']]);
  });

  it('keeps a stray quote inside an unquoted field as text', async () => {
    const { rows } = await read('email,groups\na@b.co,5" screens\n');
    expect(rows).toEqual([[2, 'a@b.co', '5" screens', '']]);
  });

  it('names the row of an unclosed quote and of an overlong row', async () => {
    await expect(read('email\na@b.co\n"c@d.co\n')).rejects.toMatchObject({ code: 'invalid_csv' });
    await expect(read(`email\na@b.co,${'x'.repeat(9000)}\n`)).rejects.toMatchObject({
      code: 'row_too_long',
      details: { row: 2 },
    });
  });
});
