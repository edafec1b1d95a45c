import { loadConfig } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { ensureSigningKeys } from '../oidc/keys.ts';
import { rotateKeys } from '../oidc/service.ts';

/** `keys rotate`: new OpenID Connect signing keys; running processes pick them up within a minute. */
export async function runKeys(args: string[]): Promise<void> {
  if (args[0] !== 'rotate') throw new Error('Usage: npm run beckon -- keys rotate');
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(database.db, () => {});
    await ensureSigningKeys(database.db, config.secretKey, new Date());
    const { kids, signsFrom, removeAfter } = await rotateKeys({ db: database.db, config });
    console.log(
      `New signing keys ${kids.join(', ')}: published now, signing from ${signsFrom.toISOString()}.`,
    );
    console.log(`The keys they replace stay published until ${removeAfter.toISOString()}.`);
  } finally {
    await database.close();
  }
}
