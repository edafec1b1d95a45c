import { loadConfig } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  const applied = await migrate(database.db, (m) => console.log(m));
  console.log(applied ? `${applied} migration(s) applied` : 'database is up to date');
} finally {
  await database.close();
}
