import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { MigrationDriftError, migrate } from '../../src/db/migrate.ts';
import { openTestDatabase } from '../helpers/database.ts';

describe('migrations are frozen once applied', () => {
  let database: DatabaseHandle;
  let dir: string;

  beforeAll(async () => {
    database = await openTestDatabase({ empty: true });
    dir = mkdtempSync(join(tmpdir(), 'beckon-migrations-'));
    cpSync(join(import.meta.dirname, '..', '..', 'migrations'), dir, { recursive: true });
  });
  afterAll(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records each checksum, and refuses to start when an applied file changed', async () => {
    const count = readdirSync(dir).filter((f) => f.endsWith('.sql')).length;
    expect(await migrate(database.db, () => {}, dir)).toBe(count);
    const rows = await database.db.selectFrom('schema_migrations').select(['name', 'checksum']).execute();
    expect(rows).toHaveLength(count);
    for (const r of rows) expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
    // Unchanged: nothing to do, and no complaint.
    expect(await migrate(database.db, () => {}, dir)).toBe(0);

    appendFileSync(join(dir, '0003_join.sql'), '\n-- edited after it was applied\n');
    const attempt = migrate(database.db, () => {}, dir);
    await expect(attempt).rejects.toBeInstanceOf(MigrationDriftError);
    await expect(attempt).rejects.toThrow(/migration 0003_join was changed after it was applied/);
  });

  it('takes the checksum of rows applied before checksums were kept', async () => {
    await database.db
      .updateTable('schema_migrations')
      .set({ checksum: null })
      .where('version', '=', 1)
      .execute();
    const said: string[] = [];
    // 0003 is still edited from the test above: restore it from the source tree first.
    cpSync(join(import.meta.dirname, '..', '..', 'migrations', '0003_join.sql'), join(dir, '0003_join.sql'));
    expect(await migrate(database.db, (m) => said.push(m), dir)).toBe(0);
    expect(said).toEqual(['recorded the checksum of migration 0001_core']);
    const row = await database.db
      .selectFrom('schema_migrations')
      .select('checksum')
      .where('version', '=', 1)
      .executeTakeFirstOrThrow();
    expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
  });
});
