import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from '../shared/host-lookup.ts';

/**
 * POSTs `body` to `url` over a connection to `target` (the address already checked), whatever
 * the name would resolve to now; TLS still verifies the certificate against the URL's host.
 * Answers the status code and reads no body. Redirects are not followed: a 3xx is an answer.
 */
export function pinnedPost(
  url: URL,
  target: ResolvedAddress,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<number> {
  const lookup: LookupFunction = (_hostname, options, callback) => {
    // Node asks for every address when it may try several families (autoSelectFamily).
    if (options.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup,
      agent: false,
      signal: AbortSignal.timeout(timeoutMs),
    });
    req.on('response', (res) => {
      resolve(res.statusCode ?? 0);
      res.destroy();
    });
    req.on('error', reject);
    req.end(body);
  });
}
