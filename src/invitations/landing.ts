import { originOf, registeredOrigins } from '../apps/uris.ts';
import { badRequest } from '../shared/errors.ts';

/** What the landing rules need to know of an app. */
export interface LandingApp {
  id: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  launchUrl: string | null;
  disabled: boolean;
}

/** Where "Continue to <app>" goes. */
export interface ContinueTo {
  app: { id: string; name: string };
  url: string;
}

const MAX_RETURN_PATH = 2000;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f\\]/;

/** The origins an app registered: its launch URL's first, then its redirect and logout URIs'. */
export function appOrigins(
  app: Pick<LandingApp, 'redirectUris' | 'postLogoutRedirectUris' | 'launchUrl'>,
): string[] {
  return registeredOrigins([app.launchUrl, ...app.redirectUris, ...app.postLogoutRedirectUris]);
}

/**
 * Checks a return path against the app and answers the form to store: a path on the app's own
 * origin ("/course/12?x=1"), or an absolute URL whose origin is one the app registered. Anything
 * else (another host, "//host", a backslash, a scheme like javascript:) is refused: Beckon never
 * sends a person to a place the organization did not register.
 */
export function cleanReturnPath(app: LandingApp, raw: string, field: string): string {
  const value = raw.trim();
  const refuse = (why: string) => badRequest('invalid_return_path', `"${field}" ${why}`, { field });
  if (!value) throw refuse('must not be empty.');
  if (value.length > MAX_RETURN_PATH) throw refuse(`must be at most ${MAX_RETURN_PATH} characters.`);
  if (CONTROL_OR_SPACE.test(value))
    throw refuse('must not contain spaces, backslashes or control characters.');
  const origins = appOrigins(app);
  if (origins.length === 0) throw refuse(`cannot be used: ${app.name} has no registered origin.`);
  if (value.startsWith('/')) {
    if (value.startsWith('//'))
      throw refuse('must be a path on the app ("/…") or a URL on its registered origins.');
    const resolved = new URL(value, origins[0]);
    if (resolved.origin !== origins[0]) throw refuse('must stay on the app.');
    return resolved.pathname + resolved.search + resolved.hash;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse('must be a path on the app ("/…") or a URL on its registered origins.');
  }
  if (!origins.includes(url.origin) || url.username || url.password) {
    throw refuse(`must be on one of ${app.name}'s registered origins (${origins.join(', ')}).`);
  }
  return url.toString();
}

/**
 * Where "Continue to <app>" goes: the return path on the app (checked again against what the app
 * registers now, so a later change of its URIs never turns a stored path into a redirect
 * elsewhere), else the app's launch URL, else the origin of its first redirect URI. None for a
 * disabled app.
 */
export function continueTo(app: LandingApp | null | undefined, returnPath: string | null): ContinueTo | null {
  if (!app || app.disabled) return null;
  const origins = appOrigins(app);
  if (origins.length === 0) return null;
  let url: string | null = null;
  if (returnPath) {
    if (returnPath.startsWith('/') && !returnPath.startsWith('//')) {
      const resolved = new URL(returnPath, origins[0]);
      if (resolved.origin === origins[0]) url = resolved.toString();
    } else {
      const origin = originOf(returnPath);
      if (origin && origins.includes(origin)) url = returnPath;
    }
  }
  url ??= app.launchUrl && originOf(app.launchUrl) ? app.launchUrl : `${origins[0]}/`;
  return { app: { id: app.id, name: app.name }, url };
}
