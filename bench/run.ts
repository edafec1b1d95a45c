/**
 * `npm run bench [-- name...]`: runs every benchmark module in bench/ and prints their figures.
 *
 * A benchmark module is bench/<name>.ts exporting an async function (`default`, `run` or `bench`)
 * that takes a BenchContext and returns its figures, either as an array of
 *   { name, value, unit?, target?, note? }
 * or as a plain object { "figure name": value, ... }. Modules listed in BENCHMARKS run when their
 * file exists (others write some of them); `npm run bench -- invitations` runs only those named.
 *
 * Environment: BENCH_DATABASE_URL (PostgreSQL server, default postgres://postgres@127.0.0.1:5432/postgres);
 * each benchmark creates its own beckon_bench_* database there and drops it afterwards.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Figure {
  name: string;
  value: number | string;
  unit?: string;
  target?: string;
  note?: string;
}

export interface BenchContext {
  /** PostgreSQL server URL the benchmark may create databases on. */
  pgServerUrl: string;
  log(message: string): void;
}

const BENCHMARKS = [
  'invitations',
  'create',
  'import',
  'dispatch',
  'oidc',
  'xlsx-limits',
  'csv',
  'audit',
  'people-export',
  'overview',
];
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const here = import.meta.dirname;

function normalise(result: unknown): Figure[] {
  if (Array.isArray(result)) {
    return result.map((f) =>
      f && typeof f === 'object' && 'name' in f ? (f as Figure) : { name: String(f), value: '' },
    );
  }
  if (result && typeof result === 'object') {
    return Object.entries(result as Record<string, unknown>).map(([name, value]) =>
      value && typeof value === 'object' && 'value' in value
        ? { name, ...(value as Omit<Figure, 'name'>) }
        : { name, value: typeof value === 'number' ? value : String(value) },
    );
  }
  return [];
}

function format(value: number | string): string {
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

async function main() {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = BENCHMARKS.filter((n) => wanted.length === 0 || wanted.includes(n));
  const unknown = wanted.filter((w) => !BENCHMARKS.includes(w));
  if (unknown.length) {
    console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${BENCHMARKS.join(', ')}`);
    process.exit(2);
  }
  const ctx: BenchContext = {
    pgServerUrl: process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    log: (m) => console.log(`  ${m}`),
  };
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
  // Other work on the machine skews every figure: the load average is printed with them.
  console.log(
    `Beckon benchmarks — ${new Date().toISOString()}\n${machine}\nload average at start: ${load()}\n`,
  );

  const results: Array<{ bench: string; figures: Figure[]; seconds: number; error?: string }> = [];
  for (const name of names) {
    const file = join(here, `${name}.ts`);
    if (!existsSync(file)) {
      console.log(`(${name}: bench/${name}.ts not present, skipped)\n`);
      continue;
    }
    console.log(`▶ ${name}`);
    const started = performance.now();
    try {
      const mod = await import(pathToFileURL(file).href);
      const fn = mod.default ?? mod.run ?? mod.bench;
      if (typeof fn !== 'function') throw new Error(`bench/${name}.ts exports no default/run/bench function`);
      const figures = normalise(await fn(ctx));
      const seconds = (performance.now() - started) / 1000;
      results.push({ bench: name, figures, seconds });
      console.log(`✔ ${name} (${seconds.toFixed(1)} s; load average now ${load()})\n`);
    } catch (error) {
      const seconds = (performance.now() - started) / 1000;
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.push({ bench: name, figures: [], seconds, error: message });
      console.error(`✘ ${name} failed after ${seconds.toFixed(1)} s:\n${message}\n`);
    }
  }

  const rows: string[][] = [['figure', 'value', 'unit', 'target', 'note']];
  for (const r of results) {
    for (const f of r.figures) {
      rows.push([`${r.bench}: ${f.name}`, format(f.value), f.unit ?? '', f.target ?? '', f.note ?? '']);
    }
    if (r.error) rows.push([`${r.bench}: FAILED`, '', '', '', r.error.split('\n')[0] ?? '']);
  }
  console.log(`\n${machine}; load average at the end: ${load()}\n`);
  console.log(table(rows));

  // Outside the linted tree, ignored by git.
  const outDir = join(here, '..', 'test-results', 'bench');
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    out,
    JSON.stringify({ at: new Date().toISOString(), machine, loadAverage: loadavg(), results }, null, 2),
  );
  console.log(`\nFigures saved to ${out}`);
  // Pools and timers of the benchmarked apps must not keep the process alive.
  process.exit(results.some((r) => r.error) ? 1 : 0);
}

await main();
