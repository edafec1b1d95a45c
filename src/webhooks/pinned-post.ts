import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from '../shared/host-lookup.ts';

/**
 * POSTs `body` to `url` over a connection to `target` (the address already checked), whatever
 * the name would resolve to now; TLS still verifies the certificate against the URL's host.
 * Answers the status code and the start of the body (at most `BODY_LIMIT` bytes, read within the
 * same timeout), which the console shows to explain a failure. Redirects are not followed: a 3xx
 * is an answer.
 */
const BODY_LIMIT = 1000;

export function pinnedPost(
  url: URL,
  target: ResolvedAddress,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
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
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        resolve({ status, body: Buffer.concat(chunks).subarray(0, BODY_LIMIT).toString('utf8') });
        res.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= BODY_LIMIT) done();
      });
      res.on('end', done);
      // A body cut short (timeout, reset) still leaves the status code as the answer.
      res.on('error', done);
      res.on('aborted', done);
    });
    req.on('error', reject);
    req.end(body);
  });
}
