/** Link tokens travel in URLs; logs get the path with the token cut out. */
export function redactUrl(url: string): string {
  return url
    .replace(/(\/invite\/|\/api\/v1\/invitations\/)[A-Za-z0-9_-]{20,}/g, '$1[redacted]')
    .replace(/(\/join\/[^/?]+\/verify\/|\/reset-password\/|[?&]token=)[A-Za-z0-9_-]{20,}/g, '$1[redacted]');
}
