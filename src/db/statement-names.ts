import { createHash } from 'node:crypto';

/** How many statements one connection keeps prepared; later ones are sent unnamed. */
export const PREPARED_PER_CONNECTION = 200;
/** How many distinct unprepared texts one connection remembers having seen once. */
const SEEN_ONCE_LIMIT = 2_000;

/**
 * Which statement texts one database connection sends as named prepared statements: a text seen
 * a second time gets a name from then on, up to PREPARED_PER_CONNECTION texts (texts that vary
 * with their input, such as long IN lists, stay unnamed once the connection is full).
 */
export class StatementNames {
  readonly #prepared = new Map<string, string>();
  readonly #seenOnce = new Set<string>();
  #renamed = 0;

  /** The name to send `text` under, or undefined to send it unnamed this time. */
  nameFor(text: string): string | undefined {
    const known = this.#prepared.get(text);
    if (known) return known;
    if (this.#prepared.size >= PREPARED_PER_CONNECTION) return undefined;
    if (!this.#seenOnce.has(text)) {
      if (this.#seenOnce.size >= SEEN_ONCE_LIMIT) this.#seenOnce.clear();
      this.#seenOnce.add(text);
      return undefined;
    }
    this.#seenOnce.delete(text);
    const name = `b${this.#renamed}_${createHash('sha1').update(text).digest('base64url')}`;
    this.#prepared.set(text, name);
    return name;
  }

  /**
   * A prepared `SELECT *` whose table changed columns fails once with "cached plan must not
   * change result type" (0A000): the text is prepared again, under a new name, on its next use.
   * True when `name` was dropped so.
   */
  failed(text: string, name: string, error: unknown): boolean {
    if ((error as { code?: string })?.code !== '0A000' || this.#prepared.get(text) !== name) return false;
    this.#prepared.delete(text);
    this.#renamed++;
    return true;
  }
}
