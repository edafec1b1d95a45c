import { badRequest } from '../shared/errors.ts';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
export const MAX_URIS = 10;
const MAX_URI_LENGTH = 2000;

/**
 * An address Beckon sends people to on an app's behalf: absolute, exact (no fragment, no
 * credentials), and https unless it is the developer's own machine (localhost, 127.0.0.1, ::1).
 */
export function checkAppUrl(raw: string, field: string): string {
  const invalid = (why: string) => badRequest('invalid_redirect_uri', `"${field}": ${why}`, { field });
  if (raw.length > MAX_URI_LENGTH) throw invalid(`at most ${MAX_URI_LENGTH} characters.`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid(`"${raw}" is not an absolute URL.`);
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw invalid(`"${raw}" must use https (http only for localhost and 127.0.0.1).`);
  }
  if (url.username || url.password) throw invalid(`"${raw}" must not contain credentials.`);
  if (url.hash || raw.includes('#')) throw invalid(`"${raw}" must not contain a fragment.`);
  return raw;
}

export function checkAppUrls(raw: string[], field: string, options: { min: number }): string[] {
  if (raw.length < options.min)
    throw badRequest('invalid_redirect_uri', `"${field}" needs at least ${options.min} URI.`, { field });
  if (raw.length > MAX_URIS)
    throw badRequest('invalid_redirect_uri', `"${field}" holds at most ${MAX_URIS} URIs.`, { field });
  return [...new Set(raw.map((u) => checkAppUrl(u.trim(), field)))];
}

/** Origins an app owns (redirect, logout and launch addresses): where Beckon may send its people. */
export function appOrigins(app: {
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  launch_url: string | null;
}): string[] {
  return registeredOrigins([...app.redirect_uris, ...app.post_logout_redirect_uris, app.launch_url]);
}

/** The http(s) origin of a URL, or null for none or anything else. */
export function originOf(raw: string | null): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** The distinct http(s) origins of these URLs, in the order given. */
export function registeredOrigins(urls: Array<string | null>): string[] {
  return [...new Set(urls.map(originOf).filter((o): o is string => o !== null))];
}
