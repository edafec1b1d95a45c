/**
 * `npm run lint` runs this. Two rules of the layout:
 * - only repositories (files named *repository.ts) and src/db/ write SQL, so no Kysely query
 *   builder call or `sql` tag appears anywhere else in src/;
 * - domain code does not reach into the HTTP layer: only src/http/ itself, route files
 *   (*routes.ts), schema files (*schemas.ts, which build on its TypeBox helpers) and the
 *   composition root (app.ts, web-app.ts, runtime.ts) import from src/http/.
 * Prints every breach with its line and exits 1 when there is one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const src = join(root, 'src');

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

const SQL =
  /\.(selectFrom|insertInto|updateTable|deleteFrom|selectNoFrom)\(|\bsql`|\bsql\.(raw|ref|table|id|lit|join)\(/;
const mayWriteSql = (file: string) => /repository\.ts$/.test(file) || file.startsWith('src/db/');
const HTTP_IMPORT = /from '(\.\.?\/)+http\/|from '\.\/http\//;
const mayImportHttp = (file: string) =>
  file.startsWith('src/http/') ||
  /(routes|schemas)\.ts$/.test(file) ||
  ['src/app.ts', 'src/web-app.ts', 'src/runtime.ts'].includes(file);

const breaches: string[] = [];
for (const path of files(src)) {
  const file = relative(root, path);
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (/^\s*(\/\/|\*)/.test(line)) return;
    if (!mayWriteSql(file) && SQL.test(line))
      breaches.push(`${file}:${i + 1}: SQL outside a repository: ${line.trim()}`);
    if (!mayImportHttp(file) && HTTP_IMPORT.test(line))
      breaches.push(`${file}:${i + 1}: domain code importing the HTTP layer: ${line.trim()}`);
  });
}

if (breaches.length > 0) {
  console.error(`Layering rules broken (${breaches.length}):\n${breaches.join('\n')}`);
  console.error(
    "Move a statement into the feature's repository and call it from the service; shared code (errors, ids, cursors) lives in src/shared/.",
  );
  process.exit(1);
}
console.log('layers: no SQL outside repositories, no HTTP imports in domain code');
