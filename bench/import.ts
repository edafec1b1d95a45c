/**
 * Import benchmark (issue 4): a 100,000-row CSV through the real app (startRuntime, BECKON_ROLE=web:
 * invitations are created and their emails enqueued, nothing is sent).
 *   - preview: POST /imports with the file as the body (parse, validate, store every row)  ≤ 5 s
 *   - confirm → done: POST /confirm, then the import.run job (run here, in this process) until every
 *     invitation, event, outbox email and email.send job exists                         ≤ 10 s PG, ≤ 20 s PGlite
 *   - peak RSS of the process doing it, sampled every 50 ms                                ≤ 300 MB
 *   - floor: the same 100,000 rows inserted into `invitations` with one plain INSERT … SELECT unnest()
 *   - preview XLSX: the same number of rows (other addresses) as a workbook exceljs wrote, last   ≤ 5 s
 * Each database runs in a child process of its own, so RSS figures are not mixed. PGlite's data
 * directory is created (initdb, migrations) by another child first, as a server opens an existing one.
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); a fresh
 * database beckon_bench_import_<ts> is created there and dropped afterwards. PGlite: a temp dir.
 * Knobs: BENCH_IMPORT_ROWS (100000), BENCH_SKIP ("pglite" and/or "postgres").
 *
 *   node_modules/.bin/node bench/import.ts        (alone)      npm run bench -- import
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config/config.ts';
import { startRuntime } from '../src/runtime.ts';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));
const SERVER = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SECRET = 'bench-secret-key-0123456789abcdef0123456789';

type Figures = Record<string, number | string>;

function csvOf(n: number): Buffer {
  const lines = ['email,groups,role'];
  for (let i = 0; i < n; i++)
    lines.push(`person${i}.bench@example.org,${i % 3 === 0 ? 'Sales;Onboarding' : 'Onboarding'},learner`);
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

async function xlsxOf(n: number): Promise<Buffer> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  const ws = wb.addWorksheet('People');
  ws.addRow(['email', 'groups', 'role']);
  for (let i = 0; i < n; i++)
    ws.addRow([`person${i}.xlsx@example.org`, i % 3 === 0 ? 'Sales;Onboarding' : 'Onboarding', 'learner']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Linux: how much of the RSS is anonymous memory, mapped files and shared memory. */
function rssKinds(): string {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = (name: string) => Number(status.match(new RegExp(`${name}:\\s+(\\d+)`))?.[1] ?? Number.NaN);
    const mb = (n: number) => Math.round(n / 1024);
    return `; RSS anon ${mb(kb('RssAnon'))}, file ${mb(kb('RssFile'))}, shmem ${mb(kb('RssShmem'))}`;
  } catch {
    return '';
  }
}

function rssSampler() {
  let peak = process.memoryUsage().rss;
  let atPeak = '';
  const mb = (n: number) => Math.round(n / 1024 / 1024);
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    if (m.rss > peak) {
      peak = m.rss;
      atPeak = `heap ${mb(m.heapTotal)}, external ${mb(m.external)}, array buffers ${mb(m.arrayBuffers)}${rssKinds()}`;
    }
  }, 50);
  return {
    get peakMb() {
      return Math.round(Math.max(peak, process.memoryUsage().rss) / 1024 / 1024);
    },
    get atPeak() {
      return atPeak;
    },
    stop: () => clearInterval(timer),
  };
}

/** The web role (emails enqueued, not sent), silent, on PGlite in `dataDir` or on `databaseUrl`. */
function benchConfig(dataDir: string, databaseUrl?: string) {
  return loadConfig({
    NODE_ENV: 'production',
    SECRET_KEY: SECRET,
    APP_URL: 'http://beckon.bench',
    LOG_LEVEL: 'silent',
    BECKON_ROLE: 'web',
    DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
}

/** One database, in this process: setup → preview → confirm → job → counts. */
async function runVariant(kind: 'postgres' | 'pglite'): Promise<Figures> {
  const rss = rssSampler();
  const figures: Figures = {};
  let dbName: string | undefined;
  let dataDir: string | undefined;
  let databaseUrl: string | undefined;
  if (kind === 'postgres') {
    dbName = `beckon_bench_import_${Date.now()}`;
    const admin = new pg.Client({ connectionString: SERVER });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(SERVER);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  // PGlite: the data directory the parent prepared (a server opens an existing one; the first
  // start's initdb grows PGlite's WASM memory once, in another process).
  dataDir = process.env.BENCH_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'beckon-bench-import-'));
  const config = benchConfig(dataDir, databaseUrl);
  const runtime = await startRuntime(config);
  figures['RSS after start, before any import (MB)'] = Math.round(process.memoryUsage().rss / 1024 / 1024);
  const liveHeap = () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) return 'n/a (run with --expose-gc)';
    gc();
    return Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
  };
  try {
    const { app, services } = runtime;
    const setup = await app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: {
        organization: { name: 'Bench Org' },
        owner: { name: 'Bench Owner', email: 'owner@bench.example', password: 'quiet-harbor-lantern-4821' },
      },
    });
    if (setup.statusCode !== 201) throw new Error(`setup: ${setup.statusCode} ${setup.body}`);
    const orgId = setup.json().organization.id as string;
    const cookie = String(setup.headers['set-cookie']).split(';')[0]!;
    const csrf = setup.json().csrfToken as string;
    const headers = { cookie, 'x-csrf-token': csrf };
    const call = async (
      method: 'GET' | 'POST' | 'PATCH',
      url: string,
      payload?: unknown,
      extra: Record<string, string> = {},
    ) => {
      const res = await app.inject({
        method,
        url,
        headers: { ...headers, ...extra },
        payload: payload as string,
      });
      return {
        status: res.statusCode,
        body: res.headers['content-type']?.toString().includes('json') ? res.json() : res.body,
      };
    };
    const settings = await call('PATCH', `/api/v1/orgs/${orgId}/settings`, { importRowLimit: 100_000 });
    if (settings.status !== 200) throw new Error(`settings: ${JSON.stringify(settings.body)}`);
    for (const name of ['Sales', 'Onboarding']) await call('POST', `/api/v1/orgs/${orgId}/groups`, { name });
    const file = csvOf(ROWS);
    figures['CSV size'] = `${(file.length / 1024 / 1024).toFixed(1)} MB`;

    let t0 = performance.now();
    const preview = await call('POST', `/api/v1/orgs/${orgId}/imports?fileName=bench.csv`, file, {
      'content-type': 'text/csv',
    });
    const previewSeconds = (performance.now() - t0) / 1000;
    if (preview.status !== 201 || preview.body.valid !== ROWS)
      throw new Error(`preview: ${preview.status} ${JSON.stringify(preview.body).slice(0, 300)}`);
    figures['preview (s)'] = Number(previewSeconds.toFixed(2));
    figures['peak RSS after preview (MB)'] = rss.peakMb;
    figures['  at that peak (MB)'] = rss.atPeak;

    t0 = performance.now();
    const confirm = await call('POST', `/api/v1/orgs/${orgId}/imports/${preview.body.id}/confirm`, {});
    if (confirm.status !== 202) throw new Error(`confirm: ${JSON.stringify(confirm.body)}`);
    // BECKON_ROLE=web registers no workers: run the job's handler here, as a worker would.
    await services.imports.runImport(preview.body.id);
    const runSeconds = (performance.now() - t0) / 1000;
    const done = await call('GET', `/api/v1/orgs/${orgId}/imports/${preview.body.id}`);
    if (done.body.status !== 'done' || done.body.created !== ROWS)
      throw new Error(`job: ${JSON.stringify(done.body)}`);
    figures['confirm → all created + their sends enqueued (s)'] = Number(runSeconds.toFixed(2));
    figures['peak RSS through preview + confirm (MB)'] = rss.peakMb;
    figures['  at that peak (MB) '] = rss.atPeak;
    const owed = await sql<{ ids: number; jobs: number }>`
      SELECT count(*)::int AS ids, count(DISTINCT j.id)::int AS jobs
      FROM pgboss.job j, jsonb_array_elements_text(j.data->'invitationIds') AS b(id)
      WHERE j.name = 'invitation.send-batch'
    `.execute(services.db);
    if (owed.rows[0]!.ids !== ROWS) throw new Error(`send batches: ${JSON.stringify(owed.rows[0])}`);
    figures['  send-batch jobs holding every invitation id'] = owed.rows[0]!.jobs;

    // The send-batch jobs, run here as a worker would: each fills the outbox (rendered email +
    // email.send job + `sent` event) a slice at a time, ahead of the throttled sender.
    const batches = await sql<{ data: { invitationIds: string[] } }>`
      SELECT data FROM pgboss.job WHERE name = 'invitation.send-batch'
    `.execute(services.db);
    t0 = performance.now();
    for (const b of batches.rows) await services.sendBatches.send(b.data);
    const batchSeconds = (performance.now() - t0) / 1000;
    figures['send batches → every outbox email + email.send job (s)'] = Number(batchSeconds.toFixed(2));
    figures['  outbox fill rate (emails/s)'] = Math.round(ROWS / batchSeconds);

    const counts = await sql<{ inv: number; emails: number; jobs: number; events: number }>`
      SELECT (SELECT count(*)::int FROM invitations WHERE import_id = ${preview.body.id}) AS inv,
             (SELECT count(*)::int FROM emails WHERE org_id = ${orgId} AND kind = 'invitation') AS emails,
             (SELECT count(*)::int FROM pgboss.job WHERE name = 'email.send') AS jobs,
             (SELECT count(*)::int FROM invitation_events WHERE org_id = ${orgId}) AS events
    `.execute(services.db);
    const c = counts.rows[0]!;
    if (c.inv !== ROWS || c.emails !== ROWS || c.jobs < ROWS || c.events !== 2 * ROWS)
      throw new Error(`counts: ${JSON.stringify(c)}`);
    figures['rows created / emails / send jobs'] = `${c.inv} / ${c.emails} / ${c.jobs}`;
    figures['peak RSS, send batches included (MB)'] = rss.peakMb;
    figures['  at the peak (MB)'] = rss.atPeak;
    figures['live JS heap after the job (MB)'] = liveHeap();

    // The floor: the same rows straight into invitations, one statement, no app.
    const org2 = await services.db
      .insertInto('organizations')
      .values({ name: 'Floor Org', created_at: new Date(), updated_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const emails = Array.from({ length: ROWS }, (_, i) => `person${i}.bench@example.org`);
    t0 = performance.now();
    await sql`
      INSERT INTO invitations (org_id, email, role, status, expires_at, last_event_type, last_event_at, created_at, updated_at, delivery_status, sent_count)
      SELECT ${org2.id}::uuid, e, 'learner', 'pending', now() + interval '7 days', 'sent', now(), now(), now(), 'queued', 1
      FROM unnest(${sql.val(emails)}::text[]) AS e
    `.execute(services.db);
    figures['floor: raw INSERT of the same rows into invitations (s)'] = Number(
      ((performance.now() - t0) / 1000).toFixed(2),
    );

    // The same number of rows as an XLSX workbook (new addresses, so none is already invited):
    // the preview reads the zip and its XML instead of CSV text.
    const workbook = await xlsxOf(ROWS);
    figures['XLSX size'] = `${(workbook.length / 1024 / 1024).toFixed(1)} MB`;
    t0 = performance.now();
    const xlsxPreview = await call('POST', `/api/v1/orgs/${orgId}/imports?fileName=bench.xlsx`, workbook, {
      'content-type': XLSX_TYPE,
    });
    if (xlsxPreview.status !== 201 || xlsxPreview.body.valid !== ROWS)
      throw new Error(
        `xlsx preview: ${xlsxPreview.status} ${JSON.stringify(xlsxPreview.body).slice(0, 300)}`,
      );
    figures['preview XLSX (s)'] = Number(((performance.now() - t0) / 1000).toFixed(2));
    return figures;
  } finally {
    rss.stop();
    await runtime.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (dbName) {
      const admin = new pg.Client({ connectionString: SERVER });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
      await admin.end();
    }
  }
}

/** The first start of an embedded database (initdb, migrations), as `npm run migrate` does it. */
async function prepareDataDir(dataDir: string) {
  const runtime = await startRuntime(benchConfig(dataDir));
  await runtime.stop();
}

function runChild(
  kind: 'postgres' | 'pglite',
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const node = join(import.meta.dirname, '..', 'node_modules', '.bin', 'node');
    // BENCH_NODE_FLAGS: V8 settings for the measured process; by default those `npm start` uses
    // (an 8 MB young generation: Node 24 sizes it by the machine's memory, up to 128 MB here).
    const flags = (
      process.env.BENCH_NODE_FLAGS ?? '--expose-gc --max-semi-space-size=8 --heap-growing-percent=50'
    )
      .split(/\s+/)
      .filter(Boolean);
    const child = spawn(node, [...flags, import.meta.filename, ...(args.length ? args : ['--child', kind])], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice(7)));
      else reject(new Error(`bench child (${kind}) exited ${code}: ${out.slice(-2000)}`));
    });
  });
}

export async function benchImport(ctx?: {
  pgServerUrl?: string;
  log?: (m: string) => void;
}): Promise<Record<string, number | string>> {
  if (ctx?.pgServerUrl && !process.env.BENCH_DATABASE_URL) process.env.BENCH_DATABASE_URL = ctx.pgServerUrl;
  const all: Figures = { rows: ROWS };
  for (const kind of ['postgres', 'pglite'] as const) {
    if (SKIP.has(kind)) continue;
    ctx?.log?.(`import: ${kind}…`);
    let dataDir: string | undefined;
    if (kind === 'pglite') {
      dataDir = mkdtempSync(join(tmpdir(), 'beckon-bench-import-'));
      await runChild(kind, ['--prepare', dataDir]);
    }
    try {
      const f = await runChild(kind, [], dataDir ? { BENCH_DATA_DIR: dataDir } : {});
      for (const [k, v] of Object.entries(f)) all[`${kind}: ${k}`] = v;
    } finally {
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  }
  all.targets =
    'preview ≤ 5 s; confirm → created+enqueued ≤ 10 s (PostgreSQL), ≤ 20 s (PGlite); peak RSS ≤ 300 MB';
  return all;
}

export default benchImport;

if (process.argv[2] === '--prepare') {
  await prepareDataDir(process.argv[3]!);
  process.stdout.write('RESULT {}\n');
  process.exit(0);
} else if (process.argv[2] === '--child') {
  const kind = process.argv[3] === 'pglite' ? 'pglite' : 'postgres';
  const figures = await runVariant(kind);
  process.stdout.write(`RESULT ${JSON.stringify(figures)}\n`);
  process.exit(0);
} else if (import.meta.filename === process.argv[1]) {
  const figures = await benchImport();
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(70)} ${v}`);
  process.exit(0);
}
