import { badRequest } from '../shared/errors.ts';

/**
 * A training's launch URL: an absolute http(s) URL without credentials. It is only ever a link the
 * person follows from their own trainings list, so any host an administrator names is allowed.
 */
export function cleanLaunchUrl(raw: string, field: string): string {
  const value = raw.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badRequest('invalid_url', `"${field}" must be an absolute http(s) URL.`, { field });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw badRequest('invalid_url', `"${field}" must use http or https.`, { field });
  if (url.username || url.password)
    throw badRequest('invalid_url', `"${field}" must not contain a user name or password.`, { field });
  const text = url.toString();
  if (text.length > 2000)
    throw badRequest('invalid_url', `"${field}" must be at most 2000 characters.`, { field });
  return text;
}
