import { type PGlite, protocol, type Results, type Transaction, types } from '@electric-sql/pglite';
import { StatementNames } from './statement-names.ts';

type Messages = Awaited<ReturnType<PGlite['execProtocol']>>['messages'];

interface Prepared {
  name: string;
  parameterTypes: number[];
  fields: { name: string; dataTypeID: number }[];
}

const { serialize } = protocol;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * The PGlite instance Kysely is given: it sends the parameterised statements it repeats as named
 * prepared statements. PGlite's own `query` parses and plans every statement and crosses into
 * WebAssembly six times for it (parse, describe, bind, describe, execute, sync); a prepared one
 * is parsed once and then runs as bind, execute and sync in one crossing, about a sixth of the
 * time for a one-row insert. Which texts are prepared follows the same rule as on PostgreSQL
 * (`StatementNames`); everything else (BEGIN, COMMIT, migrations, pg-boss, dumps) goes to PGlite
 * unchanged. Results are built as PGlite builds them: rows as objects through its type parsers,
 * and `affectedRows` from the command tag.
 */
export function withPreparedStatements(pglite: PGlite): PGlite {
  const names = new StatementNames();
  const statements = new Map<string, Prepared>();

  const run = async (message: Uint8Array): Promise<Messages> =>
    (await pglite.execProtocol(message, { syncToFs: false })).messages;

  async function prepare(text: string, name: string): Promise<Prepared> {
    const known = statements.get(name);
    if (known) return known;
    const messages = await run(
      concat([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]),
    );
    const parameters = messages.find((m) => m.name === 'parameterDescription') as
      | { dataTypeIDs: number[] }
      | undefined;
    const rows = messages.find((m) => m.name === 'rowDescription') as
      | { fields: { name: string; dataTypeID: number }[] }
      | undefined;
    const prepared = {
      name,
      parameterTypes: parameters?.dataTypeIDs ?? [],
      fields: rows?.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })) ?? [],
    };
    statements.set(name, prepared);
    return prepared;
  }

  function results(messages: Messages, fields: Prepared['fields']): Results {
    const rows: Record<string, unknown>[] = [];
    let affectedRows = 0;
    for (const message of messages) {
      if (message.name === 'dataRow') {
        const values = (message as unknown as { fields: (string | null)[] }).fields;
        const row: Record<string, unknown> = {};
        for (let i = 0; i < fields.length; i++)
          row[fields[i]!.name] = types.parseType(values[i] ?? null, fields[i]!.dataTypeID, pglite.parsers);
        rows.push(row);
      } else if (message.name === 'commandComplete') {
        const tag = (message as unknown as { text: string }).text.split(' ');
        const count = Number.parseInt(tag[tag.length - 1]!, 10);
        if (['INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(tag[0]!) && !Number.isNaN(count))
          affectedRows += count;
      }
    }
    return { rows, fields, affectedRows } as Results;
  }

  /** One prepared execution; the caller holds PGlite's query lock. */
  async function execute(text: string, name: string, values: unknown[]): Promise<Results> {
    try {
      const statement = await prepare(text, name);
      const parameters = values.map((value, i) => {
        if (value === null || value === undefined) return null;
        const serializer = pglite.serializers[statement.parameterTypes[i]!];
        return serializer ? serializer(value) : String(value);
      });
      const messages = await run(
        concat([
          serialize.bind({ statement: name, values: parameters }),
          serialize.execute({}),
          serialize.sync(),
        ]),
      );
      return results(messages, statement.fields);
    } catch (error) {
      if (names.failed(text, name, error)) statements.delete(name);
      Object.assign(error as object, { query: text, params: values });
      throw error;
    }
  }

  /** PGlite's `query`, prepared when the text repeats; `inTransaction` when the caller holds the transaction. */
  function query(inTransaction: boolean, original: (...args: any[]) => Promise<Results>) {
    return async (text: string, values?: unknown[], options?: Record<string, unknown>): Promise<Results> => {
      // Rows as objects and no other option: what Kysely asks for, and what a prepared run answers.
      const plain =
        !options || (Object.keys(options).every((k) => k === 'rowMode') && options.rowMode !== 'array');
      const name = plain && values?.length ? names.nameFor(text) : undefined;
      if (!name) return original(text, values, options);
      if (inTransaction) return pglite._runExclusiveQuery(() => execute(text, name, values!));
      await pglite._checkReady();
      const result = await pglite._runExclusiveTransaction(() =>
        pglite._runExclusiveQuery(() => execute(text, name, values!)),
      );
      await pglite.syncToFs();
      return result;
    };
  }

  const outsideTransaction = query(false, pglite.query.bind(pglite) as never);
  const transaction = <T>(callback: (tx: Transaction) => Promise<T>) =>
    pglite.transaction((tx) => {
      const inside = query(true, tx.query.bind(tx) as never);
      return callback(
        new Proxy(tx, { get: (target, key) => (key === 'query' ? inside : Reflect.get(target, key)) }),
      );
    });

  return new Proxy(pglite, {
    get(target, key) {
      if (key === 'query') return outsideTransaction;
      if (key === 'transaction') return transaction;
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
