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
  await queue.stop();
  // Test databases never create databases, so the two templates PostgreSQL keeps for that are
  // left out: a dump a third smaller, and every app a test boots unpacks it faster.
  const pglite = database.pglite!;
  await pglite.exec(`UPDATE pg_database SET datistemplate = false WHERE datname LIKE 'template_'`);
  for (const name of ['template0', 'template1']) await pglite.exec(`DROP DATABASE ${name}`);
  await pglite.exec('CHECKPOINT');
  const dump = await pglite.dumpDataDir('none');
  await database.close();
  const dir = mkdtempSync(join(tmpdir(), 'beckon-test-template-'));
  const file = join(dir, 'pglite.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return () => rmSync(dir, { recursive: true, force: true });
}
