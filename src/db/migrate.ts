import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from './types.ts';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations');
// Any constant: serialises migration runs of several processes starting at once.
const MIGRATION_LOCK_ID = 7_340_113;

interface MigrationFile {
  version: number;
  name: string;
  path: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f.replace(/\.sql$/, ''), path: join(dir, f) }));
}

/**
 * Splits a migration into statements. PGlite's extended protocol takes one statement at a
 * time; `$$`-quoted bodies are kept whole.
 */
export function splitStatements(source: string): string[] {
  const statements: string[] = [];
  let current = '';
  let inDollar = false;
  for (const line of source.split('\n')) {
    if (!inDollar && /^\s*--/.test(line)) continue;
    current += line + '\n';
    const dollars = line.match(/\$\$/g)?.length ?? 0;
    if (dollars % 2 === 1) inDollar = !inDollar;
    if (!inDollar && /;\s*$/.test(line)) {
      if (current.trim()) statements.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}

/** Applies every migration not yet applied, in order, each in its own transaction. */
export async function migrate(db: Db, log: (msg: string) => void = () => {}): Promise<number> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`.execute(
    db,
  );
  let applied = 0;
  for (const migration of listMigrations()) {
    const done = await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_ID})`.execute(trx);
      const existing = await trx
        .selectFrom('schema_migrations')
        .select('version')
        .where('version', '=', migration.version)
        .executeTakeFirst();
      if (existing) return false;
      for (const statement of splitStatements(readFileSync(migration.path, 'utf8'))) {
        await sql.raw(statement).execute(trx);
      }
      await trx
        .insertInto('schema_migrations')
        .values({ version: migration.version, name: migration.name, applied_at: new Date() })
        .execute();
      return true;
    });
    if (done) {
      applied++;
      log(`applied migration ${migration.name}`);
    }
  }
  return applied;
}
