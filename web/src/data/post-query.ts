import { post } from '../api.ts';

/**
 * A POST that changes nothing (a check, a preview) is read through useQuery like a GET: its key
 * is the path and the JSON body it posts, so a new body asks again and older answers are dropped.
 */
export function postKey(path: string, body: unknown): string {
  return `${path} ${JSON.stringify(body)}`;
}

/** The `load` for useQuery of a key made by postKey. */
export function postByKey<T>(key: string): Promise<T> {
  const space = key.indexOf(' ');
  return post<T>(key.slice(0, space), JSON.parse(key.slice(space + 1)));
}
