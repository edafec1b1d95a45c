/**
 * Runs a command against a fresh PostgreSQL database of its own, then drops it.
 *
 *   node scripts/with-test-database.ts vitest run [args...]
 *
 * Creates `beckon_ci_<timestamp>` on TEST_PG_SERVER_URL (default postgres://postgres@127.0.0.1:5432),
 * and runs the command with:
 *   TEST_DATABASE_URL    = that database's URL (test/helpers/database.ts connects there and creates
 *                          one database per test app on the same server),
 *   TEST_DATABASE_PREFIX = `beckon_ci_<timestamp>_` (the per-app databases are named with it, so
 *                          this run's leftovers, even from a crashed test, are found and dropped),
 *   PATH                 = node_modules/.bin first (Node 24 and the project's tools).
 * Exits with the command's exit code.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';

const serverUrl = process.env.TEST_PG_SERVER_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const args = process.argv.slice(2);
if (args.length === 0) {
  console.error('usage: node scripts/with-test-database.ts <command> [args...]');
  process.exit(2);
}

const stamp = new Date()
  .toISOString()
  .replace(/[-:TZ.]/g, '')
  .slice(0, 14);
const runName = `beckon_ci_${stamp}_${process.pid}`;
const prefix = `${runName}_`;

function urlFor(database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function dropRunDatabases(): Promise<void> {
  await admin(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR starts_with(datname, $2)`,
      [runName, prefix],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch((error: Error) => {
        console.error(`could not drop ${datname}: ${error.message}`);
      });
    }
    if (rows.length > 1) console.log(`dropped ${rows.length - 1} leftover test database(s)`);
  });
}

try {
  await admin((client) => client.query(`CREATE DATABASE "${runName}"`));
} catch (error) {
  console.error(`Cannot create a test database on ${serverUrl}: ${(error as Error).message}`);
  console.error('Is PostgreSQL running? (pg_isready -h 127.0.0.1 -p 5432)');
  process.exit(1);
}
console.log(`PostgreSQL test database: ${runName}`);

const binDir = join(process.cwd(), 'node_modules', '.bin');
const child = spawn(args[0]!, args.slice(1), {
  stdio: 'inherit',
  env: {
    ...process.env,
    TEST_DATABASE_URL: urlFor(runName),
    TEST_DATABASE_PREFIX: prefix,
    PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}`,
  },
});

const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
process.on('SIGINT', forward('SIGINT'));
process.on('SIGTERM', forward('SIGTERM'));

const code: number = await new Promise((resolve) => {
  child.on('error', (error) => {
    console.error(`could not run ${args[0]}: ${error.message}`);
    resolve(127);
  });
  child.on('exit', (status, signal) =>
    resolve(status ?? 128 + (signal ? (constants.signals[signal] ?? 1) : 1)),
  );
});

try {
  await dropRunDatabases();
  console.log(`dropped ${runName}`);
} catch (error) {
  console.error(`could not drop ${runName}: ${(error as Error).message}`);
}
process.exit(code);
