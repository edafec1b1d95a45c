/**
 * Invitations benchmark (issue 2):
 *  (a) create 10,000 invitations through the HTTP API in calls of 10, on PGlite and on PostgreSQL;
 *  (b) on PostgreSQL, list and search a page of 50 at 100k and 1M invitations: p50/p95 through a
 *      real loopback HTTP request, plus EXPLAIN ANALYZE of the exact SQL the repository issued.
 *
 * The app is the real one: startRuntime() with BECKON_ROLE=web (emails are enqueued, not sent),
 * listening on 127.0.0.1 with a random port. Knobs (environment):
 *   BENCH_CREATE_TOTAL (10000), BENCH_CREATE_CONCURRENCY (4), BENCH_LIST_ITERATIONS (200),
 *   BENCH_SIZES ("100000,1000000"), BENCH_SKIP ("pglite", "create", "list": comma-separated),
 *   BENCH_KEEP_DATABASE=1 (keep the list benchmark's database and print its URL),
 *   BENCH_LIST_DATABASE_URL (reuse such a kept database: rows already there are not seeded again).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config/config.ts';
import type { DatabaseHandle } from '../src/db/database.ts';
import { prepareRepeatedStatements } from '../src/db/prepared-statements.ts';
import type { Database } from '../src/db/types.ts';
import { type Runtime, startRuntime } from '../src/runtime.ts';
import { encodeCursor } from '../src/shared/cursor.ts';
import type { BenchContext, Figure } from './run.ts';

const env = process.env;
const CREATE_TOTAL = Number(env.BENCH_CREATE_TOTAL ?? 10_000);
const CREATE_CONCURRENCY = Number(env.BENCH_CREATE_CONCURRENCY ?? 4);
const ITERATIONS = Number(env.BENCH_LIST_ITERATIONS ?? 200);
const SIZES = (env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const SKIP = new Set((env.BENCH_SKIP ?? '').split(',').filter(Boolean));
const PASSWORD = 'quiet-harbor-lantern-4821';

// ---------------------------------------------------------------- HTTP over loopback

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

class HttpClient {
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  cookie: string | undefined;
  csrf: string | undefined;
  bearer: string | undefined;
  readonly base: string;
  constructor(base: string) {
    this.base = base;
  }

  request(method: string, path: string, body?: unknown): Promise<Answer> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    else if (this.cookie) {
      headers.cookie = this.cookie;
      if (method !== 'GET' && this.csrf) headers['x-csrf-token'] = this.csrf;
    }
    return new Promise((resolve, reject) => {
      const req = http.request(`${this.base}${path}`, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: any = text;
          if (String(res.headers['content-type'] ?? '').includes('json') && text) parsed = JSON.parse(text);
          const setCookie = res.headers['set-cookie'];
          for (const c of setCookie ?? []) {
            const pair = c.split(';')[0]!;
            if (pair.startsWith('beckon_session=')) this.cookie = pair;
          }
          if (parsed && typeof parsed === 'object' && typeof parsed.csrfToken === 'string')
            this.csrf = parsed.csrfToken;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      // A stuck server fails the benchmark instead of hanging it.
      req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path}: no answer in 60 s`)));
      if (payload) req.write(payload);
      req.end();
    });
  }

  close() {
    this.agent.destroy();
  }
}

function expect(answer: Answer, status: number, what: string): any {
  if (answer.status !== status) {
    throw new Error(
      `${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body).slice(0, 400)}`,
    );
  }
  return answer.body;
}

// ---------------------------------------------------------------- the app under test

interface BenchApp {
  runtime: Runtime;
  base: string;
  /** SQL statements the app issued while `capture` was on (PostgreSQL only). */
  captured: Array<{ sql: string; parameters: readonly unknown[] }>;
  capture: boolean;
  stop(): Promise<void>;
}

async function startApp(options: { databaseUrl?: string; dataDir: string }): Promise<BenchApp> {
  const config = loadConfig({
    NODE_ENV: 'production',
    SECRET_KEY: randomBytes(32).toString('hex'),
    HOST: '127.0.0.1',
    PORT: '0',
    APP_URL: 'http://localhost:3000',
    DATA_DIR: options.dataDir,
    BECKON_ROLE: 'web',
    LOG_LEVEL: env.BENCH_LOG_LEVEL ?? 'warn',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
  });
  const captured: BenchApp['captured'] = [];
  const state = { capture: false };
  let database: DatabaseHandle | undefined;
  if (options.databaseUrl) {
    // The same pool openDatabase() builds, with a query log so EXPLAIN runs the repository's own SQL.
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    prepareRepeatedStatements(pool);
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool }),
      log: (event) => {
        if (state.capture && event.level === 'query') {
          captured.push({ sql: event.query.sql, parameters: event.query.parameters });
        }
      },
    });
    database = { db, kind: 'postgres', connectionString: options.databaseUrl, close: () => db.destroy() };
  }
  const runtime = await startRuntime(config, database ? { database } : {});
  await runtime.app.listen({ host: '127.0.0.1', port: 0 });
  const address = runtime.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    runtime,
    base: `http://127.0.0.1:${port}`,
    captured,
    get capture() {
      return state.capture;
    },
    set capture(on: boolean) {
      state.capture = on;
    },
    stop: () => runtime.stop(),
  };
}

/**
 * Setup → owner session → API key (or the session, if API keys are not there yet).
 * `credentials` > 1 makes that many independent callers: the API limits each caller to
 * 120 sending calls a minute, and (a) makes 1,000 calls, so it spreads them like several scripts would.
 */
async function bootstrap(app: BenchApp, log: (m: string) => void, credentials = 1) {
  const owner = new HttpClient(app.base);
  const email = 'owner@bench.example';
  const setup = expect(
    await owner.request('POST', '/api/v1/setup', {
      organization: { name: 'Bench Org' },
      owner: { name: 'Bench Owner', email, password: PASSWORD },
    }),
    201,
    'setup',
  );
  const orgId: string = setup.organization.id;
  const clients: HttpClient[] = [];
  let auth = 'API keys';
  for (let i = 0; i < credentials; i++) {
    const key = await owner.request('POST', `/api/v1/orgs/${orgId}/api-keys`, { name: `bench ${i}` });
    if (key.status !== 201 || typeof key.body.key !== 'string') {
      if (i === 0) log(`API keys unavailable (${key.status}): using owner sessions instead`);
      auth = 'session cookies';
      break;
    }
    const c = new HttpClient(app.base);
    c.bearer = key.body.key;
    clients.push(c);
  }
  if (clients.length === 0) {
    clients.push(owner);
    for (let i = 1; i < credentials; i++) {
      const c = new HttpClient(app.base);
      expect(await c.request('POST', '/api/v1/session', { email, password: PASSWORD }), 200, 'sign-in');
      clients.push(c);
    }
  }
  return { owner, client: clients[0]!, clients, orgId, userId: setup.user.id as string, auth };
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

async function createInvitations(
  clients: HttpClient[],
  orgId: string,
  total: number,
  tag: string,
  log: (m: string) => void,
) {
  const calls = Array.from({ length: Math.ceil(total / 10) }, (_, i) => i);
  let created = 0;
  let rejected = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await pool(calls, CREATE_CONCURRENCY, async (i) => {
    const emails = Array.from(
      { length: 10 },
      (_, j) => `${tag}.${i * 10 + j}@bench${(i * 10 + j) % 97}.example.com`,
    );
    const client = clients[i % clients.length]!;
    const t0 = performance.now();
    const answer = await client.request('POST', `/api/v1/orgs/${orgId}/invitations`, {
      emails,
      role: 'learner',
    });
    latencies.push(performance.now() - t0);
    const body = expect(answer, 201, 'create invitations');
    created += body.invitations.length;
    rejected += body.rejected.length;
    if ((i + 1) % 250 === 0)
      log(`… ${created} created, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  });
  const seconds = (performance.now() - started) / 1000;
  return { created, rejected, seconds, perSecond: created / seconds, ...percentiles(latencies) };
}

// ---------------------------------------------------------------- helpers

function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) =>
    s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
  return {
    min: s[0] ?? Number.NaN,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: s[s.length - 1] ?? Number.NaN,
  };
}

async function withAdmin<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function createDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const stamp = new Date()
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 14);
  const name = `beckon_bench_${stamp}_${process.pid}`;
  await withAdmin(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdmin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}

// ---------------------------------------------------------------- (b) seeding at scale

/**
 * Adds rows [from, to) to one organization: newest first as n grows, ~20 s apart; a realistic mix
 * of statuses (recent open invitations pending, older ones expired), groups and delivery states.
 */
async function seed(
  c: pg.Client,
  orgId: string,
  userId: string,
  groupIds: string[],
  from: number,
  to: number,
) {
  // Many rows: drop the secondary indexes and build them again afterwards (much faster than
  // maintaining a trigram GIN index row by row); their definitions come from the catalog.
  const rebuild = to - from >= 200_000;
  let definitions: string[] = [];
  if (rebuild) {
    const { rows } = await c.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes
        WHERE schemaname = current_schema() AND tablename = 'invitations'
          AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
    );
    definitions = rows.map((r) => r.indexdef);
    for (const r of rows) await c.query(`DROP INDEX "${r.indexname}"`);
  }
  const step = 100_000;
  for (let lo = from; lo < to; lo += step) {
    const hi = Math.min(to, lo + step);
    await c.query(
      `
      WITH g AS (
        SELECT n, now() - make_interval(secs => n * 20 + 60) AS at, n % 20 AS k FROM generate_series($1::int, $2::int - 1) AS n
      ), s AS (
        SELECT n, at, k,
          CASE
            WHEN n % 1000 = 999 THEN 'scheduled'
            WHEN k BETWEEN 11 AND 14 THEN 'accepted'
            WHEN k IN (15, 16) THEN 'cancelled'
            WHEN k = 17 THEN 'declined'
            WHEN at > now() - interval '7 days' THEN 'pending'
            ELSE 'expired'
          END AS status
        FROM g
      )
      INSERT INTO invitations (org_id, email, role, group_ids, status, send_at, expires_at, sent_count, last_sent_at,
        delivery_status, delivery_detail, last_event_type, last_event_at, created_by_user_id, created_by_name,
        accepted_user_id, accepted_at, created_at, updated_at)
      SELECT $3::uuid,
        'user' || n || '@domain' || (n % 500) || '.example',
        CASE WHEN n % 50 = 0 THEN 'hr' ELSE 'learner' END,
        CASE WHEN n % 3 = 0 THEN ARRAY[$5::uuid] WHEN n % 3 = 1 THEN ARRAY[$6::uuid, $7::uuid] ELSE '{}'::uuid[] END,
        status,
        CASE WHEN status = 'scheduled' THEN now() + interval '1 day' END,
        CASE WHEN status = 'scheduled' THEN NULL ELSE at + interval '7 days' END,
        CASE WHEN status = 'scheduled' THEN 0 WHEN n % 7 = 0 THEN 2 ELSE 1 END,
        CASE WHEN status = 'scheduled' THEN NULL ELSE at END,
        CASE WHEN status = 'scheduled' THEN 'none' WHEN n % 101 = 0 THEN 'failed' ELSE 'sent' END,
        CASE WHEN status <> 'scheduled' AND n % 101 = 0 THEN '550 5.1.1 <user@domain.example>: mailbox unavailable' END,
        CASE status WHEN 'pending' THEN 'sent' ELSE status END,
        CASE WHEN status IN ('accepted', 'cancelled', 'declined') THEN at + interval '1 day'
             WHEN status = 'expired' THEN at + interval '7 days' ELSE at END,
        $4::uuid, 'Bench Owner',
        CASE WHEN status = 'accepted' THEN $4::uuid END,
        CASE WHEN status = 'accepted' THEN at + interval '1 day' END,
        at, at
      FROM s`,
      [lo, hi, orgId, userId, groupIds[0], groupIds[1], groupIds[2]],
    );
  }
  if (rebuild) {
    await c.query(`SET maintenance_work_mem = '512MB'`);
    for (const definition of definitions) await c.query(definition);
    await c.query('RESET maintenance_work_mem');
  }
}

interface Scenario {
  name: string;
  path: string;
}

async function measure(client: HttpClient, scenario: Scenario) {
  for (let i = 0; i < 10; i++) expect(await client.request('GET', scenario.path), 200, scenario.name); // warm-up
  const samples: number[] = [];
  let items = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    const t0 = performance.now();
    const answer = await client.request('GET', scenario.path);
    samples.push(performance.now() - t0);
    items = expect(answer, 200, scenario.name).items.length;
  }
  return { ...percentiles(samples), items };
}

interface CapturedSql {
  sql: string;
  parameters: readonly unknown[];
}

/** The invitation list statement the app issued for this request (from Kysely's query log). */
async function captureListSql(
  app: BenchApp,
  client: HttpClient,
  scenario: Scenario,
): Promise<CapturedSql | undefined> {
  app.captured.length = 0;
  app.capture = true;
  try {
    expect(await client.request('GET', scenario.path), 200, scenario.name);
  } finally {
    app.capture = false;
  }
  // The last such statement: a short term's bounded scan first looks up where to stop.
  return app.captured.findLast(
    (q) => /from "invitations"/i.test(q.sql) && /order by "created_at" desc/i.test(q.sql),
  );
}

/** The statement alone, straight to PostgreSQL: what the database costs, without HTTP and the app. */
async function sqlTiming(c: pg.Client, q: CapturedSql) {
  const samples: number[] = [];
  for (let i = 0; i < 10 + ITERATIONS; i++) {
    const t0 = performance.now();
    await c.query(q.sql, q.parameters as unknown[]);
    if (i >= 10) samples.push(performance.now() - t0);
  }
  return percentiles(samples);
}

async function explain(c: pg.Client, q: CapturedSql | undefined): Promise<string> {
  if (!q) return '(list statement not captured)';
  const plan = await c.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.parameters as unknown[]);
  return `${q.sql}\n${plan.rows.map((r) => `    ${r['QUERY PLAN']}`).join('\n')}`;
}

/** A kept database's owner signs in again and takes a fresh API key. */
async function rejoin(app: BenchApp, admin: pg.Client) {
  const owner = new HttpClient(app.base);
  expect(
    await owner.request('POST', '/api/v1/session', { email: 'owner@bench.example', password: PASSWORD }),
    200,
    'sign-in',
  );
  const { rows } = await admin.query<{ org_id: string; user_id: string }>(
    `SELECT o.id AS org_id, u.id AS user_id FROM organizations o, users u
      WHERE o.name = 'Bench Org' AND u.email = 'owner@bench.example'`,
  );
  const { org_id: orgId, user_id: userId } = rows[0]!;
  const key = expect(
    await owner.request('POST', `/api/v1/orgs/${orgId}/api-keys`, { name: 'bench again' }),
    201,
    'api key',
  );
  const client = new HttpClient(app.base);
  client.bearer = key.key;
  return { owner, client, orgId, userId };
}

async function listBenchmark(ctx: BenchContext, figures: Figure[]) {
  const reuse = env.BENCH_LIST_DATABASE_URL;
  const database = reuse ? { url: reuse, drop: async () => {} } : await createDatabase(ctx.pgServerUrl);
  const dataDir = mkdtempSync(join(tmpdir(), 'beckon-bench-'));
  let app: BenchApp | undefined;
  let client: HttpClient | undefined;
  let owner: HttpClient | undefined;
  const admin = new pg.Client({ connectionString: database.url });
  try {
    app = await startApp({ databaseUrl: database.url, dataDir });
    await admin.connect();
    const boot = reuse ? await rejoin(app, admin) : await bootstrap(app, ctx.log);
    client = boot.client;
    owner = boot.owner;
    if (!reuse) {
      await admin.query(
        `INSERT INTO groups (org_id, name, created_at)
         SELECT $1, 'Group ' || g, now() FROM generate_series(1, 3) g`,
        [boot.orgId],
      );
    }
    const { rows: groups } = await admin.query<{ id: string }>(
      'SELECT id FROM groups WHERE org_id = $1 ORDER BY name',
      [boot.orgId],
    );
    const groupIds = groups.map((g) => g.id);
    const present = await admin.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM invitations WHERE org_id = $1',
      [boot.orgId],
    );
    let seeded = present.rows[0]!.n;
    for (const size of SIZES) {
      const t0 = performance.now();
      if (size > seeded) {
        await seed(admin, boot.orgId, boot.userId, groupIds, seeded, size);
        await admin.query('VACUUM ANALYZE invitations');
      }
      const seedSeconds = (performance.now() - t0) / 1000;
      ctx.log(
        `seeded ${(size - seeded).toLocaleString('en-US')} rows in ${seedSeconds.toFixed(1)} s (total ${size.toLocaleString('en-US')})`,
      );
      figures.push({
        name: `PostgreSQL: seed to ${label(size)} (SQL, incl. indexes + VACUUM ANALYZE)`,
        value: seedSeconds,
        unit: 's',
      });
      seeded = Math.max(seeded, size);

      const base = `/api/v1/orgs/${boot.orgId}/invitations`;
      // Page 21 through the cursors the API hands out.
      let cursor: string | null = null;
      for (let page = 0; page < 20; page++) {
        const answer = expect(
          await client.request('GET', `${base}?limit=50${cursor ? `&cursor=${cursor}` : ''}`),
          200,
          'paging',
        );
        cursor = answer.nextCursor;
      }
      // A deep page: the cursor of the row half-way down, as the API would have handed it out.
      const middle = await admin.query<{ created_at: Date; id: string }>(
        'SELECT created_at, id FROM invitations WHERE org_id = $1 ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT 1',
        [boot.orgId, Math.floor(size / 2)],
      );
      const deepCursor = encodeCursor(middle.rows[0]!);
      const rare = `user${Math.floor(size * 0.42) + 7}@`;
      const scenarios: Scenario[] = [
        { name: 'first page', path: `${base}?limit=50` },
        { name: 'status=pending', path: `${base}?status=pending&limit=50` },
        { name: 'status=accepted', path: `${base}?status=accepted&limit=50` },
        { name: 'status=expired', path: `${base}?status=expired&limit=50` },
        { name: 'status=scheduled (0.1%)', path: `${base}?status=scheduled&limit=50` },
        { name: 'page 21 via cursor', path: `${base}?limit=50&cursor=${cursor}` },
        {
          name: `deep page via cursor (row ${label(size / 2)})`,
          path: `${base}?limit=50&cursor=${deepCursor}`,
        },
        { name: `search q=${rare} (1 match)`, path: `${base}?q=${encodeURIComponent(rare)}&limit=50` },
        { name: 'search q=domain123. (0.2%)', path: `${base}?q=domain123.&limit=50` },
        { name: 'search q=domain1 (22%)', path: `${base}?q=domain1&limit=50` },
        { name: 'search q=qz (2 characters, no match)', path: `${base}?q=qz&limit=50` },
        {
          // n ≡ 72 (mod 500) implies n ≡ 12 (mod 20): every domain72 address is accepted.
          name: 'search q=domain72 + status=accepted (0.2%, all of them accepted)',
          path: `${base}?q=domain72&status=accepted&limit=50`,
        },
      ];
      const runs: Array<{ scenario: Scenario; client: HttpClient }> = scenarios.map((scenario) => ({
        scenario,
        client: client!,
      }));
      if (boot.owner !== client) {
        // The console's way in: a session cookie instead of an API key.
        runs.splice(1, 0, {
          scenario: { name: 'first page, session cookie', path: `${base}?limit=50` },
          client: boot.owner,
        });
      }
      const plans: string[] = [];
      for (const { scenario: s, client: c } of runs) {
        const r = await measure(c, s);
        const q = await captureListSql(app, c, s);
        const db = q ? await sqlTiming(admin, q) : undefined;
        // The minimum is what a call costs when nothing else competes for the CPU.
        const dbText = db
          ? `SQL alone p50 ${db.p50.toFixed(2)} / p95 ${db.p95.toFixed(2)} / min ${db.min.toFixed(2)} ms`
          : 'SQL not captured';
        ctx.log(
          `${label(size)} ${s.name}: p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms, min ${r.min.toFixed(2)} ms (${r.items} items; ${dbText})`,
        );
        figures.push({
          name: `PostgreSQL ${label(size)}: list ${s.name}`,
          value: `${r.p50.toFixed(2)} / ${r.p95.toFixed(2)}`,
          unit: 'ms p50/p95',
          target: size >= 1_000_000 ? 'p95 ≤ 15 ms' : '',
          note: `min ${r.min.toFixed(2)} ms; ${r.items} items; ${dbText}${size >= 1_000_000 ? (r.p95 <= 15 ? '; ok' : '; OVER TARGET') : ''}`,
        });
        if (size === SIZES[SIZES.length - 1] && c === client)
          plans.push(`\n  -- ${s.name}\n    ${await explain(admin, q)}`);
      }
      if (plans.length)
        console.log(`\n  EXPLAIN ANALYZE at ${label(size)} (the repository's own SQL):${plans.join('\n')}\n`);
    }
  } finally {
    client?.close();
    owner?.close();
    await admin.end().catch(() => {});
    await app?.stop().catch((e) => ctx.log(`stop failed: ${e}`));
    if (env.BENCH_KEEP_DATABASE) ctx.log(`kept: BENCH_LIST_DATABASE_URL=${database.url}`);
    else if (!reuse) await database.drop().catch((e) => ctx.log(`drop failed: ${e}`));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);

// ---------------------------------------------------------------- (a) creation through the API

async function createBenchmark(ctx: BenchContext, kind: 'pglite' | 'postgres', figures: Figure[]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'beckon-bench-'));
  const database = kind === 'postgres' ? await createDatabase(ctx.pgServerUrl) : undefined;
  let app: BenchApp | undefined;
  let clients: HttpClient[] = [];
  try {
    app = await startApp({ databaseUrl: database?.url, dataDir });
    const calls = Math.ceil(CREATE_TOTAL / 10);
    const boot = await bootstrap(app, ctx.log, Math.ceil(calls / 100));
    clients = boot.clients;
    const r = await createInvitations(clients, boot.orgId, CREATE_TOTAL, 'create', ctx.log);
    const name = kind === 'pglite' ? 'PGlite (on disk)' : 'PostgreSQL';
    ctx.log(
      `${name}: ${r.created} created (${r.rejected} rejected) in ${r.seconds.toFixed(1)} s = ${r.perSecond.toFixed(0)} invitations/s; ` +
        `call p50 ${r.p50.toFixed(1)} ms p95 ${r.p95.toFixed(1)} ms (${clients.length} ${boot.auth}, ${CREATE_CONCURRENCY} concurrent)`,
    );
    if (r.created !== CREATE_TOTAL) throw new Error(`${name}: created ${r.created} of ${CREATE_TOTAL}`);
    figures.push({
      name: `${name}: create ${CREATE_TOTAL.toLocaleString('en-US')} via API, calls of 10`,
      value: r.perSecond,
      unit: 'invitations/s',
      note: `${r.seconds.toFixed(1)} s; call p50 ${r.p50.toFixed(1)} / p95 ${r.p95.toFixed(1)} ms; ${CREATE_CONCURRENCY} concurrent`,
    });
    if (kind === 'postgres') {
      // What one call of 10 costs the database: the statements it sends.
      app.captured.length = 0;
      app.capture = true;
      const emails = Array.from({ length: 10 }, (_, j) => `probe.${j}@bench-probe.example.com`);
      expect(
        await clients[0]!.request('POST', `/api/v1/orgs/${boot.orgId}/invitations`, {
          emails,
          role: 'learner',
        }),
        201,
        'probe',
      );
      app.capture = false;
      const statements = app.captured.length;
      const kinds = new Map<string, number>();
      for (const q of app.captured) {
        const head = q.sql.trim().split(/\s+/).slice(0, 3).join(' ').toLowerCase().slice(0, 40);
        kinds.set(head, (kinds.get(head) ?? 0) + 1);
      }
      ctx.log(
        `one call of 10 sent ${statements} SQL statements: ${[...kinds].map(([k, n]) => `${n}× ${k}`).join(', ')}`,
      );
      figures.push({
        name: 'PostgreSQL: SQL statements per create call of 10',
        value: statements,
        unit: 'statements',
      });
    }
  } finally {
    for (const c of clients) c.close();
    await app?.stop().catch((e) => ctx.log(`stop failed: ${e}`));
    await database?.drop().catch((e) => ctx.log(`drop failed: ${e}`));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export default async function invitationsBenchmark(ctx: BenchContext): Promise<Figure[]> {
  const figures: Figure[] = [];
  if (!SKIP.has('create')) {
    if (!SKIP.has('pglite')) await createBenchmark(ctx, 'pglite', figures);
    await createBenchmark(ctx, 'postgres', figures);
  }
  if (!SKIP.has('list')) await listBenchmark(ctx, figures);
  return figures;
}
