import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgWithOwner, PASSWORD, uniqueEmail } from '../helpers/accounts.ts';
import { startTestApp, type TestApp, type TestResponse } from '../helpers/app.ts';
import { onPostgres } from '../helpers/database.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

const RESET_LINK = /http:\/\/beckon\.test\/reset-password\/([A-Za-z0-9_-]+)/;

/** Every attempt from its own client address: the per-address limit must not care. */
let nextAddress = 0;
const freshAddress = () => {
  nextAddress++;
  return `198.51.${Math.floor(nextAddress / 250)}.${(nextAddress % 250) + 1}`;
};

/** What a caller can observe of an answer: status, code, message and Retry-After. */
const seen = (r: TestResponse) => ({
  status: r.status,
  code: r.body?.error?.code ?? null,
  message: r.body?.error?.message ?? null,
  retryAfter: r.headers['retry-after'] ?? null,
});

describe('sign-in attempts are limited per address, whatever the client address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ smtp: true });
  });
  afterAll(() => t.close());

  const attempt = (app: TestApp, email: string, password: string) =>
    app.client().from(freshAddress()).post('/api/v1/session', { email, password });

  const noticesTo = async (email: string) =>
    (
      await t.services.db
        .selectFrom('emails')
        .select('id')
        .where('kind', '=', 'sign_in_paused')
        .where('to_address', '=', email)
        .execute()
    ).length;

  it('30 wrong passwords from 30 addresses pause the account, even for the right password, until the pause ends; one notice', async () => {
    const { email } = await orgWithOwner(t);
    const answers = [];
    for (let i = 0; i < 30; i++) answers.push(seen(await attempt(t, email, `wrong-guess-${i}-x`)));
    expect(answers.slice(0, 5).map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
    for (const a of answers.slice(5)) {
      expect(a.status).toBe(429);
      expect(a.code).toBe('sign_in_paused');
      expect(Number(a.retryAfter)).toBeGreaterThan(0);
      expect(Number(a.retryAfter)).toBeLessThanOrEqual(60);
    }
    const right = await attempt(t, email, PASSWORD);
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe('sign_in_paused');

    // The person is told once, through the outbox and SMTP.
    expect(await noticesTo(email)).toBe(1);
    const notice = await t.smtp!.waitFor((m) => m.to.includes(email));
    expect(notice.subject).toBe('Failed sign-ins to your Beckon account');
    expect(notice.text).toContain('http://beckon.test/forgot-password');

    t.clock.advance(60_000);
    expect((await attempt(t, email, PASSWORD)).status).toBe(200);
    // Success forgets the failures: the next wrong password is a plain 401.
    expect((await attempt(t, email, 'wrong-again-x1')).status).toBe(401);
    expect(await noticesTo(email)).toBe(1);
  });

  it('pauses double up to 15 minutes while failures continue, and a quiet window starts afresh', async () => {
    const { email } = await orgWithOwner(t);
    for (let i = 0; i < 5; i++) expect((await attempt(t, email, `wrong-${i}-guess`)).status).toBe(401);
    const pauses: number[] = [];
    for (let round = 0; round < 6; round++) {
      const refused = await attempt(t, email, 'wrong-while-paused');
      expect(refused.status).toBe(429);
      pauses.push(Number(refused.headers['retry-after']));
      t.clock.advance(pauses.at(-1)! * 1000);
      // After a pause, one more failure starts the next one.
      expect((await attempt(t, email, `wrong-after-${round}`)).status).toBe(401);
    }
    expect(pauses).toEqual([60, 120, 240, 480, 900, 900]);
    expect(await noticesTo(email)).toBe(1);

    t.clock.advance(900_000 + 15 * 60_000);
    for (let i = 0; i < 5; i++) expect((await attempt(t, email, `fresh-${i}-guess`)).status).toBe(401);
    const again = await attempt(t, email, PASSWORD);
    expect(again.status).toBe(429);
    expect(Number(again.headers['retry-after'])).toBe(60);
  });

  it('answers an unknown address exactly as a known one, and sends it nothing', async () => {
    const known = (await orgWithOwner(t)).email;
    const unknown = uniqueEmail('nobody');
    const run = async (email: string) => {
      const answers = [];
      for (let i = 0; i < 8; i++) answers.push(seen(await attempt(t, email, `wrong-guess-${i}-x`)));
      answers.push(seen(await attempt(t, email, PASSWORD)));
      return answers;
    };
    const forKnown = await run(known);
    const forUnknown = await run(unknown);
    expect(forUnknown).toEqual(forKnown);
    expect(forKnown.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429]);
    expect(await noticesTo(unknown)).toBe(0);
    expect(await noticesTo(known)).toBe(1);
    // Case and spaces do not make another address.
    expect((await attempt(t, `  ${unknown.toUpperCase()} `, 'whatever-pass-1')).status).toBe(429);
  });

  it('counts simultaneous guesses: 20 at once let exactly 5 be checked', async () => {
    const { email } = await orgWithOwner(t);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => attempt(t, email, `parallel-guess-${i}`)),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it('a password reset lifts the pause at once', async () => {
    const { email } = await orgWithOwner(t);
    for (let i = 0; i < 5; i++) await attempt(t, email, `wrong-${i}-guess`);
    expect((await attempt(t, email, PASSWORD)).status).toBe(429);

    const before = t.smtp!.messages.length;
    expect((await t.client().post('/api/v1/password-resets', { email })).status).toBe(202);
    const mail = await t.smtp!.waitFor(
      (m) => m.to.includes(email) && m.subject.includes('Reset') && t.smtp!.messages.indexOf(m) >= before,
    );
    const token = RESET_LINK.exec(mail.text)![1]!;
    const done = await t
      .client()
      .post(`/api/v1/password-resets/${token}`, { password: 'a-brand-new-secret-42' });
    expect(done.status).toBe(204);
    // The browser that proved the mailbox is trusted from now on.
    expect(deviceCookie(done)).toBeTruthy();
    expect((await attempt(t, email, 'a-brand-new-secret-42')).status).toBe(200);
  });

  const deviceCookie = (r: TestResponse) =>
    [r.headers['set-cookie']]
      .flat()
      .map(String)
      .find((c) => c.startsWith('beckon_device='))
      ?.split(';')[0];
  const fromDevice = (email: string, password: string, cookie: string) =>
    t.client().from(freshAddress()).post('/api/v1/session', { email, password }, { cookie });

  it('a browser that signed in before still gets in with the right password during a pause; nobody else does', async () => {
    const { email } = await orgWithOwner(t);
    const signedIn = await attempt(t, email, PASSWORD);
    expect(signedIn.status).toBe(200);
    const cookie = deviceCookie(signedIn)!;
    const header = [signedIn.headers['set-cookie']]
      .flat()
      .map(String)
      .find((c) => c.startsWith(cookie))!;
    expect(header).toContain('Path=/api/v1/session');
    expect(header).toContain('HttpOnly');
    const otherAccount = deviceCookie(await attempt(t, (await orgWithOwner(t)).email, PASSWORD))!;
    const forged = cookie.slice(0, -1) + (cookie.endsWith('A') ? 'B' : 'A');

    for (let i = 0; i < 5; i++) expect((await attempt(t, email, `wrong-${i}-guess`)).status).toBe(401);
    expect((await attempt(t, email, PASSWORD)).status).toBe(429);
    expect((await fromDevice(email, PASSWORD, otherAccount)).status).toBe(429);
    expect((await fromDevice(email, PASSWORD, forged)).status).toBe(429);
    expect((await fromDevice(email, PASSWORD, cookie)).status).toBe(200);
    // The pause stays for whoever caused it.
    expect((await attempt(t, email, PASSWORD)).status).toBe(429);
    // Wrong passwords from the device answer like any paused attempt; after five it is trusted no more.
    for (let i = 0; i < 5; i++) {
      const wrong = await fromDevice(email, `wrong-device-${i}`, cookie);
      expect(wrong.status).toBe(429);
      expect(wrong.body.error.code).toBe('sign_in_paused');
    }
    expect((await fromDevice(email, PASSWORD, cookie)).status).toBe(429);
  });

  it('trusts a device for 90 days', async () => {
    const { email } = await orgWithOwner(t);
    const cookie = deviceCookie(await attempt(t, email, PASSWORD))!;
    t.clock.advanceDays(89);
    for (let i = 0; i < 5; i++) await attempt(t, email, `wrong-${i}-guess`);
    expect((await fromDevice(email, PASSWORD, cookie)).status).toBe(200);
    t.clock.advanceDays(2);
    for (let i = 0; i < 5; i++) await attempt(t, email, `wrong-${i}-again`);
    expect((await fromDevice(email, PASSWORD, cookie)).status).toBe(429);
  });

  it.runIf(onPostgres())('holds across processes sharing the database', async () => {
    const b = await startTestApp({ workers: false, sameDatabaseAs: t });
    try {
      b.clock.set(t.clock.now());
      const { email } = await orgWithOwner(t);
      for (let i = 0; i < 5; i++) {
        const app = i % 2 === 0 ? t : b;
        expect((await attempt(app, email, `wrong-${i}-guess`)).status).toBe(401);
      }
      expect((await attempt(b, email, PASSWORD)).status).toBe(429);
      expect((await attempt(t, email, PASSWORD)).status).toBe(429);
    } finally {
      await b.close();
    }
  });
});
