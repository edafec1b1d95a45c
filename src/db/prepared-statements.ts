import { createHash } from 'node:crypto';
import type pg from 'pg';

/** How many statements one connection keeps prepared; later ones are sent unnamed. */
const PREPARED_PER_CONNECTION = 200;
/** How many distinct unprepared texts one connection remembers having seen once. */
const SEEN_ONCE_LIMIT = 2_000;

type Query = (...args: unknown[]) => unknown;

/**
 * Makes every connection of `pool` prepare the statements it sends repeatedly. A statement sent
 * as plain text is parsed and planned by PostgreSQL on every call; for the hot paths (an
 * invitation's create, an OpenID Connect exchange) that planning costs as much server time as
 * running them. A text seen a second time on a connection is sent as a named statement from then
 * on, so the server parses it once and may keep its plan. A connection prepares at most
 * PREPARED_PER_CONNECTION texts (statements whose text varies, such as long IN lists, stay
 * unnamed once it is full).
 *
 * A table whose columns change under a prepared `SELECT *` fails that statement once with
 * "cached plan must not change result type" (0A000); the text is then prepared again under a new
 * name on its next use.
 */
export function prepareRepeatedStatements(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const prepared = new Map<string, string>();
    const seenOnce = new Set<string>();
    let renamed = 0;
    const query = client.query.bind(client) as Query;

    const nameFor = (text: string): string | undefined => {
      const known = prepared.get(text);
      if (known) return known;
      if (prepared.size >= PREPARED_PER_CONNECTION) return undefined;
      if (!seenOnce.has(text)) {
        if (seenOnce.size >= SEEN_ONCE_LIMIT) seenOnce.clear();
        seenOnce.add(text);
        return undefined;
      }
      seenOnce.delete(text);
      const name = `b${renamed}_${createHash('sha1').update(text).digest('base64url')}`;
      prepared.set(text, name);
      return name;
    };

    (client as unknown as { query: Query }).query = (...args: unknown[]) => {
      const [text, values, callback] = args;
      // Only (text, values) with a promise answer, as Kysely sends them; cursors and callbacks pass.
      // A text without parameters (BEGIN, COMMIT, a migration of several statements) stays on the
      // simple protocol, which runs several statements in one text and cannot be prepared.
      if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || callback !== undefined)
        return query(...args);
      const name = nameFor(text);
      if (!name) return query(text, values);
      return (query({ name, text, values }) as Promise<unknown>).catch((error: { code?: string }) => {
        if (error?.code === '0A000' && prepared.get(text) === name) {
          prepared.delete(text);
          renamed++;
        }
        throw error;
      });
    };
  });
}
