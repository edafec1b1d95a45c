import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { PgBossQueue } from '../../src/jobs/queue.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A dump of a migrated PGlite data directory (pg-boss schema included); empty on PostgreSQL. */
    pgliteTemplate: string;
  }
}

/**
 * Creating a PGlite database (initdb in WebAssembly) is most of what booting a test app costs.
 * It is done once per run: every test database on PGlite starts from this migrated dump.
 */
export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('pgliteTemplate', '');
    return;
  }
  const database = await openDatabase({ dataDir: 'memory' });
  await migrate(database.db);
  const queue = new PgBossQueue(database, {});
  await queue.start();
  const dump = await database.pglite!.dumpDataDir('none');
  await queue.stop();
  await database.close();
  const dir = mkdtempSync(join(tmpdir(), 'beckon-test-template-'));
  const file = join(dir, 'pglite.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
