import {
  CompiledQuery as Compiled,
  type CompiledQuery,
  type QueryResult,
  type RawBuilder,
  sql,
} from 'kysely';
import type { Executor } from './types.ts';

/** Where the n-th value of a statement goes, while the statement is compiled once. */
class Slot {
  readonly index: number;
  constructor(index: number) {
    this.index = index;
  }
}

type Slots<Values extends readonly unknown[]> = { [K in keyof Values]: RawBuilder<Values[K]> };

/** A raw statement (compiled against a database) or a query builder (which carries its own). */
type Buildable<Row> = { compile(db: Executor): CompiledQuery<Row> } | { compile(): CompiledQuery<Row> };

/**
 * A statement built and compiled on its first run, then sent as the same text with new values.
 * For the statements of the hottest paths: Kysely builds and compiles a query on every run (tens of
 * microseconds for a long one), and a text built afresh is hashed again to find its prepared name.
 * `build` gets one placeholder per value, to put where the value goes; whatever else it embeds is
 * fixed by the first run. One dialect compiles it (PostgreSQL's, for PGlite too), so one text serves
 * every database.
 */
export function compiledOnce<Values extends readonly unknown[], Row>(
  arity: Values['length'],
  build: (db: Executor, ...slots: Slots<Values>) => Buildable<Row>,
): (db: Executor, ...values: Values) => Promise<QueryResult<Row>> {
  let compiled: { sql: string; parameters: readonly unknown[] } | undefined;
  return (db, ...values) => {
    if (!compiled) {
      const slots = Array.from({ length: arity }, (_, i) => sql`${new Slot(i)}`) as unknown as Slots<Values>;
      compiled = (build(db, ...slots) as { compile(db: Executor): CompiledQuery<Row> }).compile(db);
    }
    const parameters = compiled.parameters.map((p) => (p instanceof Slot ? values[p.index] : p));
    return db.executeQuery(Compiled.raw(compiled.sql, parameters) as CompiledQuery<Row>);
  };
}
