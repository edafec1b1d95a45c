import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { uniqueEmail } from '../helpers/factories.ts';

const redisUrl = process.env.REDIS_URL;

describe('rate limits', () => {
  let a: TestApp;
  let b: TestApp | undefined;
  beforeAll(async () => {
    a = await startTestApp({ workers: false, env: redisUrl ? { REDIS_URL: redisUrl } : {} });
    if (redisUrl) b = await startTestApp({ workers: false, env: { REDIS_URL: redisUrl } });
  });
  afterAll(async () => {
    await a.close();
    await b?.close();
  });

  it('slows password guessing on sign-in with 429 and Retry-After', async () => {
    const email = uniqueEmail('guess');
    const client = a.client();
    for (let i = 0; i < 10; i++) {
      expect((await client.post('/api/v1/session', { email, password: `wrong-${i}-password` })).status).toBe(
        401,
      );
    }
    const limited = await client.post('/api/v1/session', { email, password: 'wrong-again-password' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address from the same client is not locked out by someone else's guessing.
    expect(
      (await client.post('/api/v1/session', { email: uniqueEmail('other'), password: 'whatever-pass' }))
        .status,
    ).toBe(401);
  });

  it.runIf(Boolean(redisUrl))('holds across processes when REDIS_URL is set', async () => {
    const email = uniqueEmail('shared');
    for (let i = 0; i < 10; i++) {
      const app = i % 2 === 0 ? a : b!;
      expect(
        (await app.client().post('/api/v1/session', { email, password: `wrong-${i}-password` })).status,
      ).toBe(401);
    }
    expect((await b!.client().post('/api/v1/session', { email, password: 'wrong-password-x' })).status).toBe(
      429,
    );
    expect((await a.client().post('/api/v1/session', { email, password: 'wrong-password-y' })).status).toBe(
      429,
    );
  });
});
