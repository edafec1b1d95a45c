import { openDatabase } from '../src/db/database.ts';
import { sql } from 'kysely';
const h = await openDatabase({ dataDir: 'memory' });
const r = await sql<{ a: string; b: string }>`select * from unnest(${['7c9e6679-7425-40de-944b-e07fc1f90ae7']}::uuid[], ${['x,"y']}::text[]) as v(a,b)`.execute(h.db);
console.log(r.rows, typeof r.rows[0]);
const r2 = await sql`select hashtextextended('abc', 0) as h, now() - ${new Date()}::timestamptz as d`.execute(h.db);
console.log(r2.rows);
await h.close();
