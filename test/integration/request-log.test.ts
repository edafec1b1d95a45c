/** Every answered request is logged once at info, with link tokens cut out of its URL. */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';

function capturedLogger(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

describe('request log', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const token = 'Abcdefghijklmnopqrstuvwxyz0123456789_-ABCDE';

  it('writes one line a request at info, the link token redacted', async () => {
    const { logger, lines } = capturedLogger('info');
    app = await startTestApp({ workers: false, runtime: { logger } });
    await app.client().request('GET', `/api/v1/invitations/${token}`);
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'GET', url: '/api/v1/invitations/[redacted]' });
    expect(JSON.stringify(lines)).not.toContain(token);
  });
});
