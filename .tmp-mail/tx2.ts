import { openDatabase } from '../src/db/database.ts';
import { sql } from 'kysely';
const h = await openDatabase({ dataDir: 'memory' });
await sql`create table t (id int primary key, v text)`.execute(h.db);
const p = h.db.transaction().execute(async (trx) => {
  await sql`insert into t values (1, 'a')`.execute(trx);
  await new Promise((r) => setTimeout(r, 50));
  throw new Error('rollback');
}).catch(() => {});
await new Promise((r) => setTimeout(r, 10));
const t0 = Date.now();
await sql`insert into t values (2, 'outside')`.execute(h.db);
console.log('outside insert took', Date.now() - t0);
await p;
console.log((await sql`select * from t`.execute(h.db)).rows);
await h.close();
