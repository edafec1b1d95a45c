/**
 * Build report for the console's JavaScript budget: at most 150 KB gzipped on first load.
 * Run after `npm run build:web`: node scripts/bundle-size.ts [--budget-kb 150]
 * "First load" = the entry script plus the console chunk it loads for a signed-in administrator,
 * plus the English catalog (a reader always downloads one catalog), and every chunk these import
 * statically (shared code, the catalogs' shared ids). Each further language's catalog is a chunk
 * of its own, at most 30 KB gzipped.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LOCALES } from '../src/i18n/locales.ts';

const CATALOG_BUDGET_KB = 30;

const dir = join(import.meta.dirname, '..', 'dist', 'web');
const assets = join(dir, 'assets');
const budgetArg = process.argv.indexOf('--budget-kb');
const budgetKb = budgetArg > 0 ? Number(process.argv[budgetArg + 1]) : 150;

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
const catalogOf = (locale: string) => rows.find((r) => new RegExp(`^${locale}-[\\w-]{8}\\.js$`).test(r.file));
const catalogs = LOCALES.map((locale) => ({ locale, chunk: catalogOf(locale) }));
/** A chunk and what it imports statically, transitively (dynamic `import()` is left out). */
function withStaticImports(start: typeof rows): typeof rows {
  const seen = new Set<string>();
  const queue = start.map((r) => r.file);
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file) || !file.endsWith('.js')) continue;
    seen.add(file);
    const code = readFileSync(join(assets, file), 'utf8');
    for (const m of code.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) queue.push(m[1]!);
  }
  return rows.filter((r) => seen.has(r.file));
}
const firstLoadJs = withStaticImports(
  [...entry, ...consoleChunks, catalogOf('en')].filter((r) => r !== undefined),
);
const firstLoad = firstLoadJs.reduce((s, r) => s + r.gzip, 0);

console.log('asset'.padEnd(36), 'raw'.padStart(10), 'gzip'.padStart(10));
for (const r of rows) console.log(r.file.padEnd(36), kb(r.raw).padStart(10), kb(r.gzip).padStart(10));
console.log('');
let over = false;
for (const { locale, chunk } of catalogs) {
  if (!chunk) {
    console.error(`No catalog chunk for ${locale}.`);
    over = true;
    continue;
  }
  console.log(
    `Catalog ${locale.padEnd(5)} (loaded on demand, gzipped): ${kb(chunk.gzip)} — budget ${CATALOG_BUDGET_KB} KB`,
  );
  if (chunk.gzip > CATALOG_BUDGET_KB * 1024) over = true;
}
console.log(
  `Console JavaScript on first load (entry + console chunk + English catalog, gzipped): ${kb(firstLoad)} — budget ${budgetKb} KB`,
);
if (firstLoad > budgetKb * 1024) over = true;
if (over) {
  console.error('Over budget.');
  process.exit(1);
}
