/**
 * A Beckon runtime over a fresh PostgreSQL database of its own, for benchmarks that measure the
 * app against a real server; `close` stops it and drops the database, whatever happened.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createApiKeyService } from '../src/api-keys/service.ts';
import type { Actor } from '../src/auth/permissions.ts';
import { loadConfig } from '../src/config/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { organizationRepository } from '../src/organizations/repository.ts';
import { type Runtime, startRuntime } from '../src/runtime.ts';
import type { BenchContext } from './run.ts';

async function onServer(ctx: BenchContext, statement: string) {
  const client = new pg.Client({ connectionString: ctx.pgServerUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function startBenchRuntime(
  ctx: BenchContext,
): Promise<{ runtime: Runtime; close(): Promise<void> }> {
  const name = `beckon_bench_${randomBytes(5).toString('hex')}`;
  await onServer(ctx, `CREATE DATABASE ${name}`);
  const url = new URL(ctx.pgServerUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory', poolSize: 10 });
  const config = loadConfig({
    NODE_ENV: 'production',
    SECRET_KEY: randomBytes(32).toString('hex'),
    APP_URL: 'http://beckon.bench',
    LOG_LEVEL: 'warn',
    BECKON_ROLE: 'web',
  });
  const runtime = await startRuntime(config, { database: handle });
  return {
    runtime,
    async close() {
      await runtime.stop().catch(() => {});
      await onServer(ctx, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    },
  };
}

/** An organization with its owner, as the actor the services take. */
export async function benchOrganization(runtime: Runtime) {
  const { db, clock } = runtime.services;
  const now = clock.now();
  const org = await organizationRepository.insert(db, 'Bench Org', now);
  const user = await organizationRepository.insertUser(db, {
    email: 'owner@bench.example',
    name: 'Bench Owner',
    password_hash: null,
    now,
  });
  await organizationRepository.insertMember(db, { org_id: org.id, user_id: user.id, role: 'owner', now });
  const owner: Actor = {
    type: 'user',
    id: user.id,
    name: 'Bench Owner',
    userId: user.id,
    memberId: null,
    orgId: org.id,
    role: 'owner',
    permissions: [],
    managedGroupIds: [],
  };
  return { org, user, owner };
}

/** An admin API key for `owner`'s organization, sent the way a script would. */
export async function benchApiKeyHeaders(runtime: Runtime, owner: Actor) {
  const { key } = await createApiKeyService(runtime.services).create(owner, { name: 'bench', role: 'admin' });
  return { authorization: `Bearer ${key}` };
}

/** Starts the app listening on a free loopback port; returns its origin. */
export async function listenOnLoopback(runtime: Runtime): Promise<string> {
  await runtime.app.listen({ port: 0, host: '127.0.0.1' });
  const address = runtime.app.server.address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

/**
 * Downloads `url`, handing each chunk to `onChunk`, and measures it: wall and CPU seconds, bytes,
 * and the process's resident memory before and at its peak (sampled every 20 ms).
 */
export async function measuredDownload(
  what: string,
  url: string,
  headers: Record<string, string>,
  onChunk: (chunk: Uint8Array) => void,
) {
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const res = await fetch(url, { headers });
  if (res.status !== 200) throw new Error(`${what} answered ${res.status}`);
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    onChunk(chunk);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, bytes, before, peak };
}
