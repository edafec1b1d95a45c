import { useCallback, useMemo, useState } from 'react';
import { get } from '../api.ts';
import { errorText } from '../ui/error-text.ts';
import { useQuery } from './use-query.ts';

/** A first page as read: its items, the next page's cursor, its path and which read it was. */
interface Page<T> {
  items: T[];
  next: string | null;
  path: string;
  read: number;
  /** The answer's other fields (a `partial` flag, say). */
  rest: Record<string, unknown>;
}

/** Pages read after the first one; they belong to that read of it and go when it is read again. */
interface Older<T> {
  after: number;
  items: T[];
  next: string | null;
  error: unknown;
  /** The other fields of the last page read after the first. */
  rest: Record<string, unknown> | null;
}

let reads = 0;

export interface PagedListOptions<T> {
  /** The query parameter asking for the page after a cursor, and the answer's field naming it. */
  cursor?: { param: string; next: string };
  /** Milliseconds between reloads of the first page (older pages go then), from the items shown. */
  poll?: (items: T[] | null) => number | false | null | undefined;
}

/**
 * A list read page by page (keyset cursor) through useQuery, reloaded when its query changes.
 * `query` holds the filters already encoded (without cursor); a typed search is debounced by the
 * caller. `items` is null until the first page of the current query is in.
 */
export function usePagedList<T>(path: string, query: URLSearchParams, options: PagedListOptions<T> = {}) {
  const param = options.cursor?.param ?? 'cursor';
  const nextField = options.cursor?.next ?? 'nextCursor';
  const qs = query.toString();
  const url = qs ? `${path}?${qs}` : path;
  const [older, setOlder] = useState<Older<T> | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  const read = useCallback(
    async (p: string): Promise<Page<T>> => {
      const { items, ...rest } = await get<{ items: T[] } & Record<string, unknown>>(p);
      const next = (rest[nextField] as string | null | undefined) ?? null;
      return { items, next, path: p, read: ++reads, rest };
    },
    [nextField],
  );
  const { poll } = options;
  const first = useQuery<Page<T>>(url, {
    load: read,
    poll: poll && ((page) => poll(page?.path === url ? itemsOf(page, older) : null)),
  });
  const { setData } = first;
  const current = first.data?.path === url ? first.data : undefined;
  const more = current && older?.after === current.read ? older : null;

  const items = useMemo(
    () => (current ? itemsOf(current, more) : first.error && !first.loading ? [] : null),
    [current, more, first.error, first.loading],
  );
  const next = more ? more.next : (current?.next ?? null);

  const loadMore = useCallback(async (): Promise<T[] | undefined> => {
    if (!current || !next) return undefined;
    const params = new URLSearchParams(qs);
    params.set(param, next);
    const after = current.read;
    const before = (o: Older<T> | null) =>
      o?.after === after ? o : { after, items: [], next, error: null, rest: null };
    setLoadingMore(true);
    try {
      const page = await read(`${path}?${params}`);
      setOlder((o) => ({
        after,
        items: [...before(o).items, ...page.items],
        next: page.next,
        error: null,
        rest: page.rest,
      }));
      return page.items;
    } catch (e) {
      setOlder((o) => ({ ...before(o), error: e }));
      return undefined;
    } finally {
      setLoadingMore(false);
    }
  }, [current, next, qs, param, path, read]);

  /** Puts `item` (or what it makes of the row) in place of the row `same` picks (after a change to it). */
  const replace = useCallback(
    (item: T | ((row: T) => T), same: (a: T) => boolean) => {
      const swap = (list: T[]) =>
        list.map((x) => (same(x) ? (typeof item === 'function' ? (item as (row: T) => T)(x) : item) : x));
      setData((page) => page && { ...page, items: swap(page.items) });
      setOlder((o) => o && { ...o, items: swap(o.items) });
    },
    [setData],
  );

  const failure = first.error ?? more?.error;
  return {
    items,
    /** Reads the next page and answers its items (undefined when it failed: see `error`). */
    more: next ? loadMore : null,
    loadingMore,
    reload: first.reload,
    replace,
    error: failure ? errorText(failure) : null,
    /** The last page's other fields, e.g. a flag saying the search looked through part of the list. */
    rest: more?.rest ?? current?.rest ?? null,
    /** Changes each time the first page of the query is read (anew, or again by reload or poll). */
    firstRead: current?.read ?? null,
  };
}

function itemsOf<T>(page: Page<T>, older: Older<T> | null): T[] {
  return older?.after === page.read ? [...page.items, ...older.items] : page.items;
}
