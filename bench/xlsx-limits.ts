/**
 * Hostile workbooks through the XLSX reader: for each, the answer and the peak resident memory
 * above idle while it is read and refused (sampled every millisecond, after a GC; the range of
 * three runs, the median time). Target: under
 * 50 MB for every refused file. A valid 100,000-row workbook is read last, for comparison.
 * Each file is read in a fresh process (parseSpreadsheet from a file stream, as the upload route
 * calls it with the request), after a warm-up read, so no earlier allocation hides its growth.
 *
 *   node_modules/.bin/node --expose-gc bench/xlsx-limits.ts        npm run bench -- xlsx-limits
 */

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSpreadsheet } from '../src/imports/parse.ts';
import { AppError } from '../src/shared/errors.ts';
import {
  repeatedDeflate,
  SHEET_END,
  SHEET_START,
  sharedStringsXml,
  sheetXml,
  workbook,
} from '../test/helpers/xlsx-zip.ts';

const MB = 1024 * 1024;
const SST = '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';

function cases(): [string, () => Buffer][] {
  const sheet = sheetXml([[0], [1]]);
  return [
    [
      '1 GB sheet, sizes declared',
      () => workbook({ deflated: repeatedDeflate(SHEET_START, '<row r="1"/>', 1024 * MB, SHEET_END) }),
    ],
    [
      '1 GB sheet declared as 100 KB',
      () =>
        workbook({
          deflated: repeatedDeflate(SHEET_START, '<row r="1"/>', 1024 * MB, SHEET_END),
          declaredSize: 100 * 1024,
        }),
    ],
    [
      '200 MB sheet at ~1,000:1',
      () => workbook({ deflated: repeatedDeflate(SHEET_START, '<row r="1"/>', 200 * MB, SHEET_END) }),
    ],
    [
      '1 GB sharedStrings.xml after the sheet',
      () =>
        workbook(
          { data: sheet },
          { deflated: repeatedDeflate(SST, '<si><t>a</t></si>', 1024 * MB, '</sst>') },
        ),
    ],
    [
      '1 GB sharedStrings.xml declared as 100 KB',
      () =>
        workbook(
          { data: sheet },
          {
            deflated: repeatedDeflate(SST, '<si><t>a</t></si>', 1024 * MB, '</sst>'),
            declaredSize: 100 * 1024,
          },
        ),
    ],
    [
      '300 MB cell',
      () =>
        workbook({
          deflated: repeatedDeflate(
            `${SHEET_START}<row r="1"><c r="A1" t="inlineStr"><is><t>`,
            'a',
            300 * MB,
            `</t></is></c></row>${SHEET_END}`,
          ),
        }),
    ],
    [
      '700,000-character cell (under the ratio rule)',
      () =>
        workbook({
          data: `${SHEET_START}<row r="1"><c r="A1" t="inlineStr"><is><t>${'b'.repeat(700_000)}</t></is></c></row>${SHEET_END}`,
        }),
    ],
    [
      '300 MB shared string',
      () =>
        workbook(
          { data: sheet },
          { deflated: repeatedDeflate(`${SST}<si><t>`, 'c', 300 * MB, '</t></si></sst>') },
        ),
    ],
    [
      '300 MB XML comment',
      () =>
        workbook({ deflated: repeatedDeflate(`${SHEET_START}<!--`, 'a<b>c ', 300 * MB, `-->${SHEET_END}`) }),
    ],
    [
      '2 MB XML comment that does not compress',
      () =>
        workbook({
          data: `${SHEET_START}<!--${randomBytes(MB).toString('hex')}-->${SHEET_END}`,
        }),
    ],
    [
      'shared strings past their 12 MB (2 million distinct addresses)',
      () =>
        workbook(
          { data: sheet },
          { data: sharedStringsXml(Array.from({ length: 2_000_000 }, (_, i) => `user${i}@example.org`)) },
        ),
    ],
  ];
}

async function measure(path: string, tmpDir: string) {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const idle = process.memoryUsage.rss();
  let peak = idle;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 1);
  const t0 = performance.now();
  let answer: string;
  try {
    const sheet = await parseSpreadsheet(createReadStream(path, { highWaterMark: 64 * 1024 }), {
      maxBytes: 50 * MB,
      maxRows: 100_000,
      maxUncompressedBytes: 256 * MB,
      tmpDir,
      onRow: () => {},
    });
    answer = `read, ${sheet.rowCount.toLocaleString('en-US')} rows`;
  } catch (error) {
    answer = error instanceof AppError ? `${error.status} ${error.code}` : `error ${String(error)}`;
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, process.memoryUsage.rss());
  return { answer, seconds: (performance.now() - t0) / 1000, growthMb: (peak - idle) / MB };
}

/** One file in a fresh process: no earlier allocation can hide this one's growth. */
function measureInChild(path: string, tmpDir: string): Promise<Awaited<ReturnType<typeof measure>>> {
  return new Promise((resolve, reject) => {
    const node = join(import.meta.dirname, '..', 'node_modules', '.bin', 'node');
    const child = spawn(
      node,
      [
        '--expose-gc',
        '--max-semi-space-size=8',
        '--heap-growing-percent=50',
        import.meta.filename,
        '--child',
        path,
        tmpDir,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice(7)));
      else reject(new Error(`child exited ${code}: ${out.slice(-1000)}`));
    });
  });
}

async function validWorkbook(): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  const ws = wb.addWorksheet('People');
  ws.addRow(['email', 'groups', 'role']);
  for (let i = 0; i < 100_000; i++)
    ws.addRow([`person${i}@example.org`, i % 3 === 0 ? 'Sales;Onboarding' : 'Onboarding', 'learner']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function benchXlsxLimits(): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'beckon-bench-xlsx-'));
  const tmpDir = join(dir, 'upload');
  const figures: Record<string, string> = {};
  try {
    const all: [string, () => Buffer | Promise<Buffer>][] = [
      ...cases(),
      ['valid 100,000-row workbook written by exceljs', validWorkbook],
    ];
    for (const [i, [name, build]] of all.entries()) {
      const path = join(dir, `case-${i}.xlsx`);
      writeFileSync(path, await build());
      const size = statSync(path).size;
      // Three fresh processes each: garbage collection timing moves the peak by several MB.
      const runs = [];
      for (let r = 0; r < 3; r++) runs.push(await measureInChild(path, tmpDir));
      rmSync(path);
      const growth = runs.map((m) => m.growthMb);
      const seconds = runs.map((m) => m.seconds).sort((a, b) => a - b)[1]!;
      figures[`${name} (${size >= MB ? `${(size / MB).toFixed(1)} MB` : `${Math.round(size / 1024)} KB`})`] =
        `${runs[0]!.answer}; peak RSS +${Math.min(...growth).toFixed(1)}–${Math.max(...growth).toFixed(1)} MB; ${seconds.toFixed(2)} s`;
    }
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default benchXlsxLimits;

if (process.argv[2] === '--child') {
  const [path, tmpDir] = process.argv.slice(3) as [string, string];
  // Warm up: the reader's modules and first buffers are part of idle, as in a running server.
  const warm = join(tmpDir, '..', 'warm-up.xlsx');
  writeFileSync(warm, workbook({ data: sheetXml([['email'], ['a@example.org']]) }));
  await measure(warm, tmpDir);
  const m = await measure(path, tmpDir);
  process.stdout.write(`RESULT ${JSON.stringify(m)}\n`);
  process.exit(0);
} else if (import.meta.filename === process.argv[1]) {
  const figures = await benchXlsxLimits();
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(60)} ${v}`);
}
