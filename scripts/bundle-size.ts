/**
 * Build report for the console's JavaScript budget (issue 3: ≤ 300 KB gzipped on first load).
 * Run after `npm run build:web`: node scripts/bundle-size.ts [--budget-kb 300]
 * "First load" = the entry script plus the console chunk it loads for a signed-in administrator.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = join(import.meta.dirname, '..', 'dist', 'web');
const assets = join(dir, 'assets');
const budgetArg = process.argv.indexOf('--budget-kb');
const budgetKb = budgetArg > 0 ? Number(process.argv[budgetArg + 1]) : 300;

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const rows = readdirSync(assets)
  .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
  .map((f) => {
    const buf = readFileSync(join(assets, f));
    return { file: f, raw: statSync(join(assets, f)).size, gzip: gzipSync(buf, { level: 9 }).length };
  })
  .sort((a, b) => b.gzip - a.gzip);

const html = readFileSync(join(dir, 'index.html'), 'utf8');
const entry = rows.filter((r) => html.includes(r.file));
// The console chunk is lazy-loaded by the entry for any signed-in page; the invitee chunk is not part of it.
const consoleChunks = rows.filter((r) => r.file.startsWith('console-'));
const firstLoadJs = [...entry, ...consoleChunks].filter((r) => r.file.endsWith('.js'));
const firstLoad = firstLoadJs.reduce((s, r) => s + r.gzip, 0);

console.log('asset'.padEnd(36), 'raw'.padStart(10), 'gzip'.padStart(10));
for (const r of rows) console.log(r.file.padEnd(36), kb(r.raw).padStart(10), kb(r.gzip).padStart(10));
console.log('');
console.log(
  `Console JavaScript on first load (entry + console chunk, gzipped): ${kb(firstLoad)} — budget ${budgetKb} KB`,
);
if (firstLoad > budgetKb * 1024) {
  console.error('Over budget.');
  process.exit(1);
}
