import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/db/database.ts';

let template: Blob | undefined;
/** The migrated PGlite dump made once per run (test/helpers/global-setup.ts), if this run has one. */
function pgliteTemplate(): Blob | undefined {
  if (template) return template;
  let file: string | undefined;
  try {
    file = inject('pgliteTemplate');
  } catch {
    // Outside a Vitest worker (benchmarks, scripts): no template.
  }
  if (file) template = new Blob([readFileSync(file)]);
  return template;
}

/**
 * A database of the test's own: in-memory PGlite by default, already migrated when the run made a
 * template (`empty` asks for a bare one); with TEST_DATABASE_URL set (CI runs the suite a second
 * time that way), a fresh PostgreSQL database on that server.
 */
export async function openTestDatabase(
  options: { empty?: boolean } = {},
): Promise<DatabaseHandle & { url?: string }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const loadDataDir = options.empty ? undefined : pgliteTemplate();
    return openDatabase({ dataDir: 'memory', ...(loadDataDir ? { loadDataDir } : {}) });
  }
  const name = `${process.env.TEST_DATABASE_PREFIX ?? 'beckon_t_'}${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory' });
  return {
    ...handle,
    url: url.toString(),
    async close() {
      await handle.close();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await c.end();
    },
  };
}

export const onPostgres = () => Boolean(process.env.TEST_DATABASE_URL);
