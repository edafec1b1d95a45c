import { type Dispatch, type SetStateAction, useCallback, useEffect, useRef, useState } from 'react';
import { get } from '../api.ts';
import { useLocale } from '../i18n/i18n-provider.tsx';
import { usePoll } from './use-poll.ts';

export interface Query<T> {
  /** The last answer; kept while a reload or a new path loads, so lists do not flicker. */
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again now; answers the new data (undefined when it failed or a newer load won). */
  reload: () => Promise<T | undefined>;
  /** Replaces the data locally, e.g. with the row a mutation answered. */
  setData: Dispatch<SetStateAction<T | undefined>>;
}

export interface QueryOptions<T> {
  /** Milliseconds between reloads, or a function of the current data; falsy stops polling. */
  poll?: number | false | null | ((data: T | undefined) => number | false | null | undefined);
  /** How to load a path; GET by default. */
  load?: (path: string) => Promise<T>;
}

/**
 * The console's one way to read from the API: loads `path` (null waits), reloads when it changes
 * or the reader changes language (some answers are worded by the server), and polls through
 * usePoll. Answers to an older path or an older reload are dropped.
 */
export function useQuery<T>(path: string | null, options: QueryOptions<T> = {}): Query<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(path !== null);
  const generation = useRef(0);
  const { locale } = useLocale();
  const load = useRef(options.load);
  useEffect(() => {
    load.current = options.load;
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new language is a reason to read again.
  const reload = useCallback(async (): Promise<T | undefined> => {
    const mine = ++generation.current;
    // Waiting (no path) drops an answer still on its way for the path before.
    if (path === null) {
      setLoading(false);
      return undefined;
    }
    setLoading(true);
    try {
      const answer = await (load.current ?? get<T>)(path);
      if (mine !== generation.current) return undefined;
      setData(answer);
      setError(undefined);
      return answer;
    } catch (e) {
      if (mine === generation.current) setError(e);
      return undefined;
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [path, locale]);

  useEffect(() => {
    reload();
  }, [reload]);

  const { poll } = options;
  usePoll(reload, typeof poll === 'function' ? poll(data) : poll);
  return { data, error, loading, reload, setData };
}
