import { loadConfig } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import { MigrationDriftError, migrate } from '../db/migrate.ts';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  const applied = await migrate(database.db, (m) => console.log(m));
  console.log(applied ? `${applied} migration(s) applied` : 'database is up to date');
} catch (error) {
  if (!(error instanceof MigrationDriftError)) throw error;
  console.error(error.message);
  process.exitCode = 4;
} finally {
  await database.close();
}
