import { createHash } from 'node:crypto';
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

/** A migration that was changed after it was applied: the database and the code disagree. */
export class MigrationDriftError extends Error {}

export function checksumOf(source: string): string {
  return createHash('sha256').update(source.replace(/\r\n/g, '\n')).digest('hex');
}

/**
 * Applies every migration not yet applied, in order, each in its own transaction, and records
 * each one's checksum. Migrations are frozen once applied: a file whose checksum differs from the
 * recorded one stops the start (MigrationDriftError) before anything is applied. Rows applied
 * before checksums were recorded take the file's checksum the first time they are seen.
 */
export async function migrate(
  db: Db,
  log: (msg: string) => void = () => {},
  dir = MIGRATIONS_DIR,
): Promise<number> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`.execute(
    db,
  );
  await sql`ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text`.execute(db);
  const files = listMigrations(dir).map((m) => {
    const source = readFileSync(m.path, 'utf8');
    return { ...m, source, checksum: checksumOf(source) };
  });
  await checkApplied(db, files, log);
  let applied = 0;
  for (const migration of files) {
    const done = await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_ID})`.execute(trx);
      const existing = await trx
        .selectFrom('schema_migrations')
        .select('version')
        .where('version', '=', migration.version)
        .executeTakeFirst();
      if (existing) return false;
      for (const statement of splitStatements(migration.source)) {
        await sql.raw(statement).execute(trx);
      }
      await trx
        .insertInto('schema_migrations')
        .values({
          version: migration.version,
          name: migration.name,
          checksum: migration.checksum,
          applied_at: new Date(),
        })
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

async function checkApplied(
  db: Db,
  files: Array<MigrationFile & { checksum: string }>,
  log: (msg: string) => void,
): Promise<void> {
  const applied = await db.selectFrom('schema_migrations').select(['version', 'name', 'checksum']).execute();
  const byVersion = new Map(files.map((f) => [f.version, f]));
  const problems: string[] = [];
  for (const row of applied) {
    const file = byVersion.get(row.version);
    if (!file) {
      problems.push(`migration ${row.name} is applied to the database but its file is missing`);
    } else if (file.name !== row.name) {
      problems.push(
        `migration ${String(row.version).padStart(4, '0')} was applied as ${row.name} but the file is ${file.name}`,
      );
    } else if (row.checksum === null) {
      await db
        .updateTable('schema_migrations')
        .set({ checksum: file.checksum })
        .where('version', '=', row.version)
        .where('checksum', 'is', null)
        .execute();
      log(`recorded the checksum of migration ${row.name}`);
    } else if (row.checksum !== file.checksum) {
      problems.push(
        `migration ${row.name} was changed after it was applied (recorded ${row.checksum.slice(0, 12)}, file ${file.checksum.slice(0, 12)})`,
      );
    }
  }
  if (problems.length > 0) {
    throw new MigrationDriftError(
      `The database's migrations do not match the code:\n  - ${problems.join('\n  - ')}\n` +
        'Migrations are frozen once applied: restore the file as it was, and put the change in a new, higher-numbered migration.',
    );
  }
}
