import type pg from 'pg';
import { StatementNames } from './statement-names.ts';

type Query = (...args: unknown[]) => unknown;

/**
 * Makes every connection of `pool` prepare the statements it sends repeatedly. A statement sent
 * as plain text is parsed and planned by PostgreSQL on every call; for the hot paths (an
 * invitation's create, an OpenID Connect exchange) that planning costs as much server time as
 * running them. A text seen a second time on a connection is sent as a named statement from then
 * on (`StatementNames`), so the server parses it once and may keep its plan.
 */
export function prepareRepeatedStatements(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const names = new StatementNames();
    const query = client.query.bind(client) as Query;
    (client as unknown as { query: Query }).query = (...args: unknown[]) => {
      const [text, values, callback] = args;
      // Only (text, values) with a promise answer, as Kysely sends them; cursors and callbacks pass.
      // A text without parameters (BEGIN, COMMIT, a migration of several statements) stays on the
      // simple protocol, which runs several statements in one text and cannot be prepared.
      if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || callback !== undefined)
        return query(...args);
      const name = names.nameFor(text);
      if (!name) return query(text, values);
      return (query({ name, text, values }) as Promise<unknown>).catch((error: unknown) => {
        names.failed(text, name, error);
        throw error;
      });
    };
  });
}
