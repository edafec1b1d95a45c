/**
 * The Beckon process of the create benchmark (bench/create.ts forks it): the real app
 * (startRuntime, BECKON_ROLE=web) on 127.0.0.1, whose database client counts what it sends.
 *
 * A round trip is one statement sent to the database and waited for: on PostgreSQL each
 * `client.query` of Beckon's pool (BEGIN and COMMIT included; pg sends one query at a time per
 * connection); on PGlite each `query`/`exec` and each prepared statement's run (`execProtocol`),
 * plus BEGIN and COMMIT for each `transaction`.
 * pg-boss's own pool (PostgreSQL) is not Beckon's request path and is not counted.
 *
 * Messages from the parent: {type:'reset'} zeroes the counters and the CPU clock; {type:'read'}
 * answers {statements, heads, cpuSeconds}; {type:'analyze'} runs VACUUM ANALYZE.
 */
import { randomBytes } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config/config.ts';
import {
  type DatabaseHandle,
  keepPoolAlive,
  openDatabase,
  PG_CONNECTION_OPTIONS,
} from '../src/db/database.ts';
import { withPreparedStatements } from '../src/db/pglite-statements.ts';
import { prepareRepeatedStatements } from '../src/db/prepared-statements.ts';
import type { Database } from '../src/db/types.ts';
import { startRuntime } from '../src/runtime.ts';

const databaseUrl = process.env.CREATE_BENCH_DATABASE_URL || undefined;
const dataDir = process.env.CREATE_BENCH_DATA_DIR!;

let statements = 0;
const heads = new Map<string, number>();
function count(sql: unknown) {
  statements++;
  const text = typeof sql === 'string' ? sql : ((sql as { text?: string })?.text ?? '?');
  // The first words only: splitting a whole statement would cost the process being measured.
  const head = text.slice(0, 80).trim().split(/\s+/).slice(0, 3).join(' ').toLowerCase().slice(0, 40);
  heads.set(head, (heads.get(head) ?? 0) + 1);
}

async function countedPostgres(url: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: 10, ...PG_CONNECTION_OPTIONS });
  keepPoolAlive(pool, (m) => process.emitWarning(m));
  prepareRepeatedStatements(pool);
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      count(args[0]);
      return query(...args);
    };
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', connectionString: url, close: () => db.destroy() };
}

async function countedPglite(dir: string): Promise<DatabaseHandle> {
  const handle = await openDatabase({ dataDir: dir });
  type Methods = Record<string, (...args: unknown[]) => Promise<unknown>>;
  const counting = (target: object, extra: Partial<Methods> = {}) =>
    new Proxy(target, {
      get(object, key) {
        if (typeof key === 'string' && key in extra) return extra[key];
        const value = Reflect.get(object, key);
        if (typeof value !== 'function') return value;
        // A prepared statement's run is one execProtocol call; its first use adds one to prepare it.
        if (key === 'query' || key === 'exec' || key === 'execProtocol')
          return (...args: unknown[]) => {
            count(key === 'execProtocol' ? 'prepared statement' : args[0]);
            return value.apply(object, args);
          };
        return value.bind(object);
      },
    });
  const pglite = handle.pglite!;
  const counted = counting(pglite, {
    transaction: (fn: unknown) => {
      count('begin');
      return pglite.transaction(async (tx) => {
        const result = await (fn as (t: unknown) => Promise<unknown>)(counting(tx));
        count('commit');
        return result;
      });
    },
  }) as PGlite;
  const db = new Kysely<Database>({
    dialect: new PGliteDialect({ pglite: withPreparedStatements(counted) }),
  });
  return {
    ...handle,
    db,
    close: async () => {
      await db.destroy();
      await handle.close();
    },
  };
}

const config = loadConfig({
  NODE_ENV: 'production',
  SECRET_KEY: randomBytes(32).toString('hex'),
  HOST: '127.0.0.1',
  PORT: '0',
  APP_URL: 'http://localhost:3000',
  DATA_DIR: dataDir,
  BECKON_ROLE: 'web',
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
});
const database = databaseUrl ? await countedPostgres(databaseUrl) : await countedPglite(dataDir);
const runtime = await startRuntime(config, { database });
await runtime.app.listen({ host: '127.0.0.1', port: 0 });
const address = runtime.app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;

let cpuFrom = process.cpuUsage();
process.on('message', async (message: { type: string }) => {
  if (message.type === 'reset') {
    statements = 0;
    heads.clear();
    cpuFrom = process.cpuUsage();
    process.send!({ type: 'reset' });
  } else if (message.type === 'read') {
    const cpu = process.cpuUsage(cpuFrom);
    process.send!({
      type: 'read',
      statements,
      heads: Object.fromEntries(heads),
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    });
  } else if (message.type === 'analyze') {
    // What autovacuum does in a running system: planner statistics of the tables as they are now.
    await sql`VACUUM ANALYZE`.execute(database.db);
    process.send!({ type: 'analyze' });
  } else if (message.type === 'stop') {
    await runtime.stop();
    process.exit(0);
  }
});
process.send!({ type: 'ready', port, pid: process.pid });
