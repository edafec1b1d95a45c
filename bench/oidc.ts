/**
 * OpenID Connect sign-in benchmark: full round trips (authorize → code → token → userinfo) for
 * people who already have a Beckon session, CONCURRENCY in flight (default 10), on PostgreSQL.
 * Beckon listens on 127.0.0.1; the relying parties run in a child process (bench/oidc-client.ts)
 * on kept-alive connections of their own (no ID token verification), so the figures are the
 * server's. Figures: round trips per second (target ≥ 300), p50/p95 latency, CPU per round trip
 * of Beckon, PostgreSQL and the client (and the ceiling they imply on this machine's cores), and
 * the database work per round trip (statements by kind, transactions, oidc_payloads writes).
 * Every figure covers the measured phase only: each browser's first sign-in, through the
 * interaction page, is a warm-up before it.
 *
 * Knobs: BENCH_OIDC_SECONDS (15), BENCH_OIDC_CONCURRENCY (10), BENCH_OIDC_POOL (20);
 * BENCH_OIDC_PROFILE=<file.cpuprofile> writes a CPU profile of the Beckon process over the
 * measured phase only (open it in Chrome DevTools).
 * Run alone: `npm run bench -- oidc`.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { organizationRepository } from '../src/organizations/repository.ts';
import { startRuntime } from '../src/runtime.ts';
import type { BenchContext, Figure } from './run.ts';

const SECONDS = Number(process.env.BENCH_OIDC_SECONDS ?? 15);
const CONCURRENCY = Number(process.env.BENCH_OIDC_CONCURRENCY ?? 10);
const POOL = Number(process.env.BENCH_OIDC_POOL ?? 20);
const REDIRECT = 'http://127.0.0.1:9/callback';

interface Outcome {
  count: number;
  elapsed: number;
  p50: number;
  p95: number;
  errors: number;
  firstError?: string;
  /** CPU seconds of the client process over the measured phase. */
  cpuSeconds: number;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** CPU seconds of this database's PostgreSQL backends (Linux /proc; 0 when PostgreSQL runs elsewhere). */
async function backendCpu(client: pg.Client, name: string): Promise<Map<number, number>> {
  const { rows } = await client.query(
    'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
    [name],
  );
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // not on this machine
    }
  }
  return cpu;
}

async function databaseStats(client: pg.Client, name: string) {
  await client.query('SELECT pg_stat_force_next_flush()').catch(() => {});
  const db = await client.query(
    'SELECT xact_commit::bigint AS commits, tup_returned::bigint, tup_fetched::bigint FROM pg_stat_database WHERE datname = $1',
    [name],
  );
  const payloads = await client.query(
    "SELECT n_tup_ins::bigint AS ins, n_tup_upd::bigint AS upd, n_tup_del::bigint AS del, idx_scan::bigint AS scans FROM pg_stat_user_tables WHERE relname = 'oidc_payloads'",
  );
  return {
    commits: Number(db.rows[0].commits),
    ...Object.fromEntries(Object.entries(payloads.rows[0] ?? {}).map(([k, v]) => [k, Number(v)])),
  } as {
    commits: number;
    ins: number;
    upd: number;
    del: number;
    scans: number;
  };
}

/**
 * Counts the statements this process sends to PostgreSQL, by their first words, while `on`: what
 * each round trip asks of the database, seen from Beckon's side.
 */
function countStatements() {
  const counts = new Map<string, number>();
  const state = { on: false };
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
    if (state.on) {
      const first = args[0];
      // Keyed by the text itself: the hot statements are sent as the same string each time, whose
      // hash V8 keeps, so counting costs the measured process next to nothing (a slice would not).
      const text = typeof first === 'string' ? first : ((first as { text?: string })?.text ?? '?');
      counts.set(text, (counts.get(text) ?? 0) + 1);
    }
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  return {
    state,
    counts,
    restore: () => {
      pg.Client.prototype.query = original;
    },
  };
}

export default async function bench(ctx: BenchContext): Promise<Figure[]> {
  const name = `beckon_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ctx.pgServerUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ctx.pgServerUrl);
  url.pathname = `/${name}`;
  const stats = new pg.Client({ connectionString: url.toString() });
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: 'production',
    SECRET_KEY: randomBytes(32).toString('hex'),
    APP_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'warn',
    BECKON_ROLE: 'web',
    OIDC_TOKEN_RATE_PER_MINUTE: '1000000',
  });
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory', poolSize: POOL });
  const runtime = await startRuntime(config, { database });
  const statements = countStatements();
  const child = fork(join(import.meta.dirname, 'oidc-client.ts'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    await runtime.app.listen({ port, host: '127.0.0.1' });
    await stats.connect();
    const { db, clock, auth, apps } = runtime.services;
    const now = clock.now();
    const org = await organizationRepository.insert(db, 'Bench Org', now);
    const sessions: string[] = [];
    let ownerId = '';
    for (let i = 0; i < CONCURRENCY; i++) {
      const user = await organizationRepository.insertUser(db, {
        email: `person${i}@bench.example`,
        name: `Person ${i}`,
        password_hash: null,
        now,
      });
      await organizationRepository.insertMember(db, {
        org_id: org.id,
        user_id: user.id,
        role: i === 0 ? 'owner' : 'learner',
        now,
      });
      if (i === 0) ownerId = user.id;
      sessions.push((await db.transaction().execute((trx) => auth.openSession(trx, user.id))).token);
    }
    const app = await apps.create(
      {
        type: 'user',
        id: ownerId,
        name: 'Person 0',
        userId: ownerId,
        memberId: null,
        orgId: org.id,
        role: 'owner',
        permissions: [],
        managedGroupIds: [],
      },
      { name: 'Bench RP', kind: 'web', redirectUris: [REDIRECT] },
    );
    await once(child, 'message');
    ctx.log(
      `oidc: ${CONCURRENCY} in flight for ${SECONDS} s against http://127.0.0.1:${port} (pool ${POOL})`,
    );
    const job = {
      base: `http://127.0.0.1:${port}`,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUri: REDIRECT,
      sessions,
      seconds: SECONDS,
    };
    // The warm-up sign-ins (one per browser, through the interaction page) come before the figures.
    child.send(job);
    await once(child, 'message');
    const before = await databaseStats(stats, name);
    const pgBefore = await backendCpu(stats, name);
    const profiler = process.env.BENCH_OIDC_PROFILE ? new Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    statements.state.on = true;
    const cpuBefore = process.cpuUsage();
    child.send('go');
    const [result] = (await once(child, 'message')) as [Outcome];
    const cpu = process.cpuUsage(cpuBefore);
    statements.state.on = false;
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(process.env.BENCH_OIDC_PROFILE!, JSON.stringify(profile));
      profiler.disconnect();
    }
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    let pgSeconds = 0;
    for (const [pid, seconds] of await backendCpu(stats, name))
      pgSeconds += seconds - (pgBefore.get(pid) ?? 0);
    const after = await databaseStats(stats, name);
    // The same client and concurrency on a trivial endpoint: what this machine allows right now.
    child.send({ ...job, mode: 'baseline', seconds: Math.min(SECONDS, 5) });
    await once(child, 'message');
    child.send('go');
    const [baseline] = (await once(child, 'message')) as [Outcome];
    if (result.errors) ctx.log(`oidc: ${result.errors} failed round trips, first: ${result.firstError}`);
    const trips = result.count;
    const per = (n: number) => Math.round((n / trips) * 10) / 10;
    let statementTotal = 0;
    const byText = new Map<string, number>();
    for (const [sent, n] of statements.counts) {
      const text = sent.replace(/\s+/g, ' ').trim().slice(0, 90);
      byText.set(text, (byText.get(text) ?? 0) + n);
    }
    for (const [text, n] of [...byText].sort((a, b) => b[1] - a[1])) {
      statementTotal += n;
      ctx.log(`oidc: ${per(n).toFixed(1).padStart(5)} × ${text}`);
    }
    return [
      {
        name: 'OIDC sign-in round trips/s (PostgreSQL)',
        value: result.count / result.elapsed,
        unit: '/s',
        target: '≥ 300',
        note: `${CONCURRENCY} in flight, authorize → code → token → userinfo`,
      },
      { name: 'OIDC round trip p50', value: result.p50, unit: 'ms' },
      { name: 'OIDC round trip p95', value: result.p95, unit: 'ms' },
      { name: 'OIDC failed round trips', value: result.errors },
      {
        name: 'Baseline: 3 × GET /healthz per round trip, same client',
        value: baseline.count / baseline.elapsed,
        unit: '/s',
        note: 'the ceiling of HTTP alone on this machine during the run',
      },
      {
        name: 'OIDC round trips per CPU-second of the Beckon process',
        value: trips / cpuSeconds,
        unit: '/s',
        note: 'the ceiling with a core to itself (PostgreSQL and the clients elsewhere)',
      },
      {
        name: 'OIDC CPU per round trip: Beckon / PostgreSQL',
        value: `${((cpuSeconds / trips) * 1000).toFixed(2)} ms / ${((pgSeconds / trips) * 1000).toFixed(2)} ms`,
      },
      {
        name: 'OIDC CPU per round trip: benchmark client',
        value: (result.cpuSeconds / trips) * 1000,
        unit: 'ms',
      },
      {
        name: 'OIDC ceiling on this machine: cores ÷ CPU per round trip',
        value: cpus().length / ((cpuSeconds + pgSeconds + result.cpuSeconds) / trips),
        unit: '/s',
        note: 'Beckon + PostgreSQL + client CPU per round trip, all cores busy with nothing else',
      },
      { name: 'OIDC statements per round trip (sent by Beckon)', value: per(statementTotal) },
      { name: 'OIDC transactions per round trip', value: per(after.commits - before.commits) },
      {
        name: 'OIDC oidc_payloads writes per round trip',
        value: `${per(after.ins - before.ins)} ins, ${per(after.upd - before.upd)} upd, ${per(after.del - before.del)} del`,
      },
      { name: 'OIDC oidc_payloads index scans per round trip', value: per(after.scans - before.scans) },
    ];
  } finally {
    child.kill();
    statements.restore();
    await runtime.stop();
    await stats.end().catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
}
