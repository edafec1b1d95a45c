/**
 * Both databases prepare what a connection sends repeatedly: a text seen twice is a named statement
 * from then on, its answers are what the unnamed statement answered, and a table that changes
 * under a prepared `SELECT *` costs one failed call, not a broken connection.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledOnce } from '../../src/db/compiled-once.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { invitationRepository } from '../../src/invitations/repository.ts';
import { orgWithOwner } from '../helpers/accounts.ts';
import { onPostgres, openTestDatabase } from '../helpers/database.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

describe(`prepared statements on ${onPostgres() ? 'PostgreSQL' : 'PGlite'}`, () => {
  let database: DatabaseHandle;

  beforeAll(async () => {
    database = await openTestDatabase({ empty: true });
    await sql`CREATE TABLE prepared_probe (id int PRIMARY KEY, label text, at timestamptz, data jsonb)`.execute(
      database.db,
    );
    await sql`INSERT INTO prepared_probe VALUES (1, 'one'), (2, 'two')`.execute(database.db);
  });
  afterAll(async () => {
    await database?.close();
  });

  /** Runs `fn` on one connection of the pool and answers what it found there. */
  const onOneConnection = <T>(fn: (c: DatabaseHandle['db']) => Promise<T>) =>
    database.db.connection().execute(fn);

  const prepared = (c: DatabaseHandle['db']) =>
    sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`
      .execute(c)
      .then((r) => r.rows.map((row) => row.statement));

  it('sends a text unnamed the first time and prepared from the second, with its answers intact', async () => {
    await onOneConnection(async (c) => {
      const read = (id: number) =>
        sql<{ label: string }>`SELECT label FROM prepared_probe WHERE id = ${id}`.execute(c);
      expect((await read(1)).rows).toEqual([{ label: 'one' }]);
      expect(await prepared(c)).not.toContain('SELECT label FROM prepared_probe WHERE id = $1');
      expect((await read(2)).rows).toEqual([{ label: 'two' }]);
      expect((await read(1)).rows).toEqual([{ label: 'one' }]);
      expect(await prepared(c)).toContain('SELECT label FROM prepared_probe WHERE id = $1');
    });
  });

  it('answers typed rows and counts changed rows as the unnamed statement does', async () => {
    await onOneConnection(async (c) => {
      const at = new Date('2026-12-01T09:30:00.000Z');
      const upsert = (id: number) =>
        sql<{ id: number; label: string; at: Date; data: unknown }>`
          INSERT INTO prepared_probe (id, label, at, data) VALUES (${id}, ${null}, ${at}, ${JSON.stringify({ n: id })})
          RETURNING id, label, at, data`.execute(c);
      for (const id of [30, 31, 32]) {
        expect((await upsert(id)).rows).toEqual([{ id, label: null, at, data: { n: id } }]);
      }
      const relabel = (label: string) =>
        sql`UPDATE prepared_probe SET label = ${label} WHERE id >= ${30} AND id <= ${32}`.execute(c);
      for (const label of ['a', 'b', 'c']) expect((await relabel(label)).numAffectedRows).toBe(3n);
      expect(await prepared(c)).toContain('UPDATE prepared_probe SET label = $1 WHERE id >= $2 AND id <= $3');
    });
  });

  it('prepares again after a table changed under a prepared SELECT *', async () => {
    await onOneConnection(async (c) => {
      const all = () => sql`SELECT * FROM prepared_probe WHERE id = ${1}`.execute(c);
      await all();
      await all();
      await sql`ALTER TABLE prepared_probe ADD COLUMN extra text`.execute(c);
      await expect(all()).rejects.toMatchObject({ code: '0A000' });
      const row = { id: 1, label: 'one', at: null, data: null, extra: null };
      expect((await all()).rows).toEqual([row]);
      expect((await all()).rows).toEqual([row]);
    });
  });

  it('keeps errors and transactions as they are', async () => {
    await onOneConnection(async (c) => {
      const insert = (id: number) =>
        sql`INSERT INTO prepared_probe (id, label) VALUES (${id}, 'x')`.execute(c);
      await insert(10);
      await insert(11);
      await expect(insert(10)).rejects.toMatchObject({ code: '23505' });
    });
    await database.db
      .transaction()
      .execute(async (trx) => {
        await sql`INSERT INTO prepared_probe (id, label) VALUES (${20}, 'x')`.execute(trx);
        throw new Error('roll back');
      })
      .catch(() => {});
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM prepared_probe WHERE id = 20`.execute(database.db);
    expect(rows[0]!.n).toBe(0);
  });

  it("runs a statement compiled once with each call's values, a value used twice in both places", async () => {
    let builds = 0;
    const labelled = compiledOnce<
      [number, string],
      { id: number; label: string; same: boolean; fixed: string }
    >(2, (db, id, label) => {
      builds++;
      return db
        .selectFrom('prepared_probe' as never)
        .select([
          sql<number>`${id}::int`.as('id'),
          sql<string>`${label}::text`.as('label'),
          sql<boolean>`${id}::int = ${id}::int`.as('same'),
          sql<string>`${'fixed at first build'}::text`.as('fixed'),
        ])
        .limit(1);
    });
    expect((await labelled(database.db, 7, 'seven')).rows).toEqual([
      { id: 7, label: 'seven', same: true, fixed: 'fixed at first build' },
    ]);
    await database.db.transaction().execute(async (trx) => {
      expect((await labelled(trx, 8, "o'eight")).rows).toEqual([
        { id: 8, label: "o'eight", same: true, fixed: 'fixed at first build' },
      ]);
    });
    expect(builds).toBe(1);
  });
});

describe('a repeated insert that skips open invitations', () => {
  it('keeps working once its prepared statement runs on a generic plan', async () => {
    const t = await sharedTestApp({ workers: false });
    const { org } = await orgWithOwner(t);
    const now = t.clock.now();
    // PostgreSQL plans a prepared statement's first five runs for their values, then may switch to
    // one plan for any values; the insert's conflict target must still match the partial index then.
    await t.services.db.connection().execute(async (c) => {
      for (let i = 0; i < 10; i++) {
        const inserted = await invitationRepository.insertMany(c, [
          {
            org_id: org.id,
            email: `repeat.${i}@example.com`,
            role: 'learner',
            group_ids: [],
            status: 'pending',
            last_event_type: 'created',
            last_event_at: now,
            created_at: now,
            updated_at: now,
          },
        ]);
        expect(inserted.map((row) => row.email)).toEqual([`repeat.${i}@example.com`]);
      }
    });
  });
});
