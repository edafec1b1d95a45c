import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';
import { withPreparedStatements } from './pglite-statements.ts';
import { prepareRepeatedStatements } from './prepared-statements.ts';
import type { Database } from './types.ts';

// Counts and ids come back as JS numbers on both drivers.
pg.types.setTypeParser(20, (v) => Number(v));

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: 'pglite' | 'postgres';
  /** Set on the embedded database: pg-boss shares this one connection. */
  pglite?: PGlite;
  /** Set on PostgreSQL: the connection string pg-boss opens its own pool with. */
  connectionString?: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  /** Directory for PGlite; `memory` for an in-memory database (tests). */
  dataDir: string | 'memory';
  poolSize?: number;
  /** PGlite only: start from this dump of a data directory (tests start from a migrated one). */
  loadDataDir?: Blob;
  /** Where a lost connection is reported; the process carries on either way. */
  onConnectionError?: (message: string) => void;
}

/**
 * Connection settings every PostgreSQL client of the process shares (Beckon's pool and pg-boss's):
 * a connection attempt gives up after a few seconds instead of hanging while the server is away,
 * and TCP keepalive notices a peer that vanished without closing the connection.
 */
export const PG_CONNECTION_OPTIONS = {
  connectionTimeoutMillis: 5_000,
  keepAlive: true,
  keepAliveInitialDelayMillis: 10_000,
} as const;

/**
 * Keeps a pool alive through lost connections. A `pg` client whose connection drops emits
 * `error`; with no listener Node ends the process. The pool listens on idle clients only, so a
 * checked-out client (inside a transaction, between statements) needs its own listener for its
 * whole life. The failed client is discarded when released, and the next checkout connects anew.
 */
export function keepPoolAlive(pool: pg.Pool, report: (message: string) => void): void {
  pool.on('error', (error) => report(`PostgreSQL connection lost (idle): ${error.message}`));
  pool.on('connect', (client) => {
    client.on('error', (error) => report(`PostgreSQL connection lost: ${error.message}`));
  });
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      ...PG_CONNECTION_OPTIONS,
    });
    keepPoolAlive(pool, options.onConnectionError ?? ((m) => process.emitWarning(m)));
    prepareRepeatedStatements(pool);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', connectionString: options.databaseUrl, close: () => db.destroy() };
  }
  let unlock = () => {};
  let dir: string | undefined;
  if (options.dataDir !== 'memory') {
    unlock = lockDataDir(options.dataDir);
    dir = join(options.dataDir, 'pglite');
  }
  try {
    const pglite = await PGlite.create(dir, {
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
      extensions: { citext, pg_trgm },
      parsers: { 20: (v: string) => Number(v) },
    });
    const db = new Kysely<Database>({
      dialect: new PGliteDialect({ pglite: withPreparedStatements(pglite) }),
    });
    return {
      db,
      kind: 'pglite',
      pglite,
      close: async () => {
        await db.destroy();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}
