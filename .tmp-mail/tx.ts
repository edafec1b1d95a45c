import { openDatabase } from '/work/main/src/db/database.ts';
import { sql } from 'kysely';
const h = await openDatabase({ dataDir: 'memory' });
await sql`create table t (id int primary key, v text)`.execute(h.db);
const work = async (i: number) => {
  try {
    await h.db.transaction().execute(async (trx) => {
      await sql`insert into t values (${i}, 'a')`.execute(trx);
      await new Promise((r) => setTimeout(r, Math.random() * 5));
      await sql`update t set v = 'b' where id = ${i}`.execute(trx);
      if (i % 3 === 0) throw new Error('rollback ' + i);
    });
  } catch (e) { /* */ }
};
const others = async () => { for (let k = 0; k < 20; k++) { await sql`select count(*) from t`.execute(h.db); await new Promise((r) => setTimeout(r, 1)); } };
await Promise.all([...Array.from({ length: 30 }, (_, i) => work(i)), others()]);
const rows = await sql<{ id: number; v: string }>`select * from t order by id`.execute(h.db);
console.log(rows.rows.map((r) => `${r.id}${r.v}`).join(' '));
await h.close();
