/**
 * Create benchmark: `POST /api/v1/orgs/:org/invitations` with ONE address per call and an API key,
 * 10 calls in flight, on PostgreSQL and on PGlite (on disk).
 *
 * The app runs in its own process (bench/create-server.ts) so its CPU time is its own: the figures
 * are calls/s, round trips per call (counted on Beckon's database client, BEGIN and COMMIT
 * included: see create-server.ts), and calls per CPU-second of the Beckon process (and, on
 * PostgreSQL, of the server backends serving it), which mean something on a shared machine where
 * calls/s alone follows the load average.
 *
 * Knobs (environment): BENCH_CREATE_CALLS (2000; more needs more API keys than the 30 a minute
 * the API creates), BENCH_CREATE_IN_FLIGHT
 * (10), BENCH_SKIP ("pglite", "postgres": comma-separated), BENCH_CREATE_CPU_PROF (a directory:
 * the Beckon process writes a V8 CPU profile there).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { BenchContext, Figure } from './run.ts';

const env = process.env;
const IN_FLIGHT = Number(env.BENCH_CREATE_IN_FLIGHT ?? 10);
const SKIP = new Set((env.BENCH_SKIP ?? '').split(',').filter(Boolean));
const PROBE_CALLS = 30;
const WARM_UP_CALLS = 1_000;
/**
 * The API allows each credential 120 sending calls a minute, and a person 30 new keys a minute:
 * spread the default run (3,030 calls) over 28 keys.
 */
const CALLS_PER_KEY = 115;

interface Answer {
  status: number;
  body: any;
  setCookie: string[];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function request(
  base: string,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const all: Record<string, string> = { accept: 'application/json', ...headers };
  if (payload) {
    all['content-type'] = 'application/json';
    all['content-length'] = String(payload.length);
  }
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method, headers: all, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          body: text && String(res.headers['content-type']).includes('json') ? JSON.parse(text) : text,
          setCookie: res.headers['set-cookie'] ?? [],
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path}: no answer in 60 s`)));
    if (payload) req.write(payload);
    req.end();
  });
}

function expectStatus(answer: Answer, status: number, what: string): any {
  if (answer.status !== status)
    throw new Error(
      `${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`,
    );
  return answer.body;
}

// ---------------------------------------------------------------- the Beckon process

interface Server {
  child: ChildProcess;
  base: string;
  pid: number;
  ask<T = any>(type: string): Promise<T>;
}

function startServer(options: { databaseUrl?: string; dataDir: string }): Promise<Server> {
  const child = fork(join(import.meta.dirname, 'create-server.ts'), [], {
    env: {
      ...env,
      CREATE_BENCH_DATA_DIR: options.dataDir,
      CREATE_BENCH_DATABASE_URL: options.databaseUrl ?? '',
    },
    execArgv: [
      '--max-semi-space-size=8',
      '--heap-growing-percent=50',
      // A CPU profile of the Beckon process, to see where a call's time goes.
      ...(env.BENCH_CREATE_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${env.BENCH_CREATE_CPU_PROF}`] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting: Array<{ type: string; resolve: (m: any) => void }> = [];
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`create-server exited with ${code}`)));
    child.on('message', (message: any) => {
      if (message.type === 'ready') {
        resolve({
          child,
          pid: message.pid,
          base: `http://127.0.0.1:${message.port}`,
          ask: (type) =>
            new Promise((answer) => {
              waiting.push({ type, resolve: answer });
              child.send({ type });
            }),
        });
        return;
      }
      const i = waiting.findIndex((w) => w.type === message.type);
      if (i >= 0) waiting.splice(i, 1)[0]!.resolve(message);
    });
  });
}

async function stopServer(server: Server) {
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.send({ type: 'stop' });
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (server.child.exitCode === null) server.child.kill('SIGKILL');
}

// ---------------------------------------------------------------- PostgreSQL side

async function admin<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** CPU seconds (user + system) the server's backends for `database` have used so far. */
async function backendCpuSeconds(serverUrl: string, database: string): Promise<number> {
  const pids = await admin(serverUrl, (c) =>
    c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database]),
  );
  let ticks = 0;
  for (const { pid } of pids.rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The backend ended meanwhile.
    }
  }
  return ticks / 100;
}

// ---------------------------------------------------------------- the benchmark

async function bootstrap(base: string, calls: number) {
  const setup = expectStatus(
    await request(base, 'POST', '/api/v1/setup', {
      organization: { name: 'Create Bench' },
      owner: {
        name: 'Bench Owner',
        email: 'owner@create-bench.example',
        password: 'quiet-harbor-lantern-4821',
      },
    }),
    201,
    'setup',
  );
  const session = await request(base, 'POST', '/api/v1/session', {
    email: 'owner@create-bench.example',
    password: 'quiet-harbor-lantern-4821',
  });
  const body = expectStatus(session, 200, 'sign-in');
  const cookie = session.setCookie.map((c) => c.split(';')[0]).find((c) => c?.startsWith('beckon_session='))!;
  const orgId: string = setup.organization.id;
  const keys: string[] = [];
  for (let i = 0; i < Math.ceil(calls / CALLS_PER_KEY) + 1; i++) {
    const key = expectStatus(
      await request(
        base,
        'POST',
        `/api/v1/orgs/${orgId}/api-keys`,
        { name: `bench ${i}` },
        { cookie, 'x-csrf-token': body.csrfToken },
      ),
      201,
      'API key',
    );
    keys.push(key.key);
  }
  return { orgId, keys };
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

async function run(ctx: BenchContext, kind: 'postgres' | 'pglite', figures: Figure[]) {
  const label = kind === 'postgres' ? 'PostgreSQL' : 'PGlite';
  const calls = Number(env.BENCH_CREATE_CALLS ?? 2000);
  const dataDir = mkdtempSync(join(tmpdir(), 'beckon-create-bench-'));
  const dbName = `beckon_bench_create_${Date.now()}_${process.pid}`;
  let databaseUrl: string | undefined;
  if (kind === 'postgres') {
    await admin(ctx.pgServerUrl, (c) => c.query(`CREATE DATABASE "${dbName}"`));
    const url = new URL(ctx.pgServerUrl);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  let server: Server | undefined;
  try {
    server = await startServer({ databaseUrl, dataDir });
    const { orgId, keys } = await bootstrap(server.base, calls + WARM_UP_CALLS + PROBE_CALLS);
    let n = 0;
    let keyCalls = 0;
    const invite = async (key: string) => {
      const i = n++;
      const answer = await request(
        server!.base,
        'POST',
        `/api/v1/orgs/${orgId}/invitations`,
        { emails: [`person.${i}@create-bench${i % 97}.example.com`], role: 'learner' },
        { authorization: `Bearer ${key}` },
      );
      const body = expectStatus(answer, 201, 'create');
      if (body.invitations.length !== 1) throw new Error(`create: ${JSON.stringify(body.rejected)}`);
    };
    const nextKey = () => keys[Math.floor(keyCalls++ / CALLS_PER_KEY)]!;

    // Round trips: one call at a time, each counted alone (the median drops pg-boss's timers).
    for (let i = 0; i < 5; i++) await invite(nextKey());
    const perCall: number[] = [];
    let heads: Record<string, number> = {};
    for (let i = 0; i < PROBE_CALLS; i++) {
      const key = nextKey();
      await server.ask('reset');
      await invite(key);
      const read = await server.ask('read');
      perCall.push(read.statements);
      heads = read.heads;
    }
    perCall.sort((a, b) => a - b);
    const roundTrips = percentile(perCall, 50);
    ctx.log(
      `${label}: ${roundTrips} round trips per call (min ${perCall[0]}, max ${perCall.at(-1)}): ${Object.entries(
        heads,
      )
        .map(([h, c]) => `${c}× ${h}`)
        .join(', ')}`,
    );

    // Throughput: IN_FLIGHT calls at a time.
    const flight = async (total: number, latencies?: number[]) => {
      let left = total;
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (left-- > 0) {
            const t0 = performance.now();
            await invite(nextKey());
            latencies?.push(performance.now() - t0);
          }
        }),
      );
    };
    await flight(WARM_UP_CALLS);
    // The organization now holds a thousand invitations, as a live one would; its tables are
    // analyzed as autovacuum does, so plans (and prepared statements' generic plans) fit them.
    await server.ask('analyze');
    const latencies: number[] = [];
    await server.ask('reset');
    const backendBefore = kind === 'postgres' ? await backendCpuSeconds(ctx.pgServerUrl, dbName) : 0;
    const loadBefore = loadavg()[0]!;
    const t0 = performance.now();
    await flight(calls, latencies);
    const seconds = (performance.now() - t0) / 1000;
    const read = await server.ask('read');
    const backendCpu =
      kind === 'postgres' ? (await backendCpuSeconds(ctx.pgServerUrl, dbName)) - backendBefore : 0;
    const load = `load ${loadBefore.toFixed(1)}→${loadavg()[0]!.toFixed(1)}`;
    latencies.sort((a, b) => a - b);
    const perSecond = calls / seconds;
    const p50 = percentile(latencies, 50);
    const p95 = percentile(latencies, 95);
    ctx.log(
      `${label}: ${calls} calls in ${seconds.toFixed(1)} s = ${perSecond.toFixed(0)} calls/s; p50 ${p50.toFixed(1)} ms, ` +
        `p95 ${p95.toFixed(1)} ms; Beckon CPU ${read.cpuSeconds.toFixed(1)} s` +
        (kind === 'postgres' ? `, backends CPU ${backendCpu.toFixed(1)} s` : '') +
        `; ${(read.statements / calls).toFixed(2)} statements per call under load; ${load}`,
    );
    figures.push(
      {
        name: `${label}: round trips per one-address call`,
        value: roundTrips,
        unit: 'round trips',
        target: '≤ 5',
        note: 'BEGIN and COMMIT counted',
      },
      {
        name: `${label}: one-address calls, ${IN_FLIGHT} in flight`,
        value: perSecond,
        unit: 'calls/s',
        target: kind === 'postgres' ? '≥ 400' : '≥ 200',
        note: `${calls} calls; p50 ${p50.toFixed(1)} / p95 ${p95.toFixed(1)} ms; ${load}`,
      },
      {
        name: `${label}: calls per CPU-second of the Beckon process`,
        value: calls / read.cpuSeconds,
        unit: 'calls/CPU-s',
        note: `${read.cpuSeconds.toFixed(1)} CPU-s for ${calls} calls`,
      },
    );
    if (kind === 'postgres') {
      figures.push({
        name: `${label}: calls per CPU-second of Beckon + its server backends`,
        value: calls / (read.cpuSeconds + backendCpu),
        unit: 'calls/CPU-s',
        note: `backends ${backendCpu.toFixed(1)} CPU-s`,
      });
    }
  } finally {
    if (server) await stopServer(server);
    if (kind === 'postgres')
      await admin(ctx.pgServerUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)).catch(
        (e) => ctx.log(`drop failed: ${e}`),
      );
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export default async function createBenchmark(ctx: BenchContext): Promise<Figure[]> {
  const figures: Figure[] = [];
  if (!SKIP.has('postgres')) await run(ctx, 'postgres', figures);
  if (!SKIP.has('pglite')) await run(ctx, 'pglite', figures);
  agent.destroy();
  return figures;
}
