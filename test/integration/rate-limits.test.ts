import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgWithOwner } from '../helpers/accounts.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { uniqueEmail } from '../helpers/factories.ts';

const redisUrl = process.env.REDIS_URL;
/** A client address of this run's own: with REDIS_URL the counts outlive the run. */
const freshAddress = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join('.')}`;

describe('rate limits', () => {
  let a: TestApp;
  let b: TestApp | undefined;
  beforeAll(async () => {
    a = await startTestApp({
      workers: false,
      env: { SIGNIN_RATE_PER_CLIENT_PER_MINUTE: '30', ...(redisUrl ? { REDIS_URL: redisUrl } : {}) },
    });
    if (redisUrl)
      b = await startTestApp({
        workers: false,
        env: { SIGNIN_RATE_PER_CLIENT_PER_MINUTE: '30', REDIS_URL: redisUrl },
      });
  });
  afterAll(async () => {
    await a.close();
    await b?.close();
  });

  it('slows password guessing on sign-in with 429 and Retry-After', async () => {
    const email = uniqueEmail('guess');
    const client = a.client().from(freshAddress());
    // The per-address pause (signin-throttle.test.ts) answers from the sixth attempt; the client
    // limit still counts those and answers from the eleventh, before any password is checked.
    const codes = [];
    for (let i = 0; i < 10; i++) {
      const r = await client.post('/api/v1/session', { email, password: `wrong-${i}-password` });
      codes.push(r.status === 401 ? 401 : r.body.error.code);
    }
    expect(codes).toEqual([401, 401, 401, 401, 401, ...Array(5).fill('sign_in_paused')]);
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

  it('slows one client trying a password across many addresses', async () => {
    const sprayer = a.client().from(freshAddress());
    for (let i = 0; i < 30; i++) {
      const r = await sprayer.post('/api/v1/session', {
        email: uniqueEmail(`spray${i}`),
        password: 'Winter2026!!',
      });
      expect(r.status).toBe(401);
    }
    const limited = await sprayer.post('/api/v1/session', {
      email: uniqueEmail('spray'),
      password: 'Winter2026!!',
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Other clients sign in as before.
    expect(
      (
        await a
          .client()
          .from('203.0.113.78')
          .post('/api/v1/session', { email: uniqueEmail(), password: 'x-y-z-w' })
      ).status,
    ).toBe(401);
  });

  it('limits how many organizations one client creates in an hour', async () => {
    const owner = await orgWithOwner(a);
    const client = owner.client.from(freshAddress());
    for (let i = 0; i < 10; i++)
      expect((await client.post('/api/v1/orgs', { name: `Spare ${i}` })).status).toBe(201);
    const refused = await client.post('/api/v1/orgs', { name: 'One too many' });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
  });

  it.runIf(Boolean(redisUrl))('holds across processes when REDIS_URL is set', async () => {
    // Each app has a database of its own here, so only the client limit (in Redis) is shared:
    // five attempts per app stay under each one's per-address pause.
    const email = uniqueEmail('shared');
    const address = freshAddress();
    for (let i = 0; i < 10; i++) {
      const app = i % 2 === 0 ? a : b!;
      expect(
        (
          await app
            .client()
            .from(address)
            .post('/api/v1/session', { email, password: `wrong-${i}-password` })
        ).status,
      ).toBe(401);
    }
    for (const app of [b!, a]) {
      const limited = await app
        .client()
        .from(address)
        .post('/api/v1/session', { email, password: 'wrong-password-x' });
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('rate_limited');
    }
  });
});
