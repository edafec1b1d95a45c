import { beforeAll, describe, expect, it } from 'vitest';
import { orgWithOwner, PASSWORD } from '../helpers/accounts.ts';
import type { TestApp } from '../helpers/app.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

const LINK = /http:\/\/beckon\.test\/reset-password\/([A-Za-z0-9_-]+)/;

describe('password reset', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp({ smtp: true });
  });

  async function linkFor(email: string, after: number): Promise<string> {
    const mail = await t.smtp!.waitFor((m) => m.to.includes(email) && t.smtp!.messages.indexOf(m) >= after);
    expect(mail.subject).toContain('Reset your Beckon password');
    const match = LINK.exec(mail.text);
    expect(match).not.toBeNull();
    expect(mail.html).toContain(match![0]);
    return match![1]!;
  }

  it('answers the same for known and unknown addresses, and the emailed link sets a new password once', async () => {
    const { email, user, client } = await orgWithOwner(t);
    await t.services.db
      .updateTable('users')
      .set({ must_change_password: true })
      .where('id', '=', user.id)
      .execute();
    const anon = t.client();
    const before = t.smtp!.messages.length;

    const known = await anon.post('/api/v1/password-resets', { email: email.toUpperCase() });
    const unknown = await anon.post('/api/v1/password-resets', { email: 'nobody.here@example.com' });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    expect((await anon.post('/api/v1/password-resets', { email: 'not an address' })).status).toBe(400);

    const token = await linkFor(email, before);
    // Nothing secret at rest: the row keeps a hash, the stored email a placeholder.
    const tokens = await t.services.db
      .selectFrom('one_time_tokens')
      .selectAll()
      .where('user_id', '=', user.id)
      .execute();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.purpose).toBe('password_reset');
    expect(tokens[0]!.token_hash).not.toContain(token);
    const stored = await t.services.db
      .selectFrom('emails')
      .select(['html', 'text'])
      .where('kind', '=', 'password_reset')
      .execute();
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(t.smtp!.messages.filter((m) => m.to.includes('nobody.here@example.com'))).toHaveLength(0);

    const view = await anon.get(`/api/v1/password-resets/${token}`);
    expect(view.status).toBe(200);
    expect(view.body.email.toLowerCase()).toBe(email.toLowerCase());

    const weak = await anon.post(`/api/v1/password-resets/${token}`, { password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('weak_password');
    expect(weak.body.error.field).toBe('password');

    const done = await anon.post(`/api/v1/password-resets/${token}`, { password: 'a-brand-new-secret-42' });
    expect(done.status).toBe(204);
    // Every session of the account is gone; the forced change is lifted.
    expect((await client.get('/api/v1/session')).status).toBe(401);
    const row = await t.services.db
      .selectFrom('users')
      .select('must_change_password')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.must_change_password).toBe(false);

    const again = await anon.post(`/api/v1/password-resets/${token}`, { password: 'another-new-secret-43' });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('used');
    expect((await anon.get(`/api/v1/password-resets/${token}`)).status).toBe(410);

    const signIn = await t.client().post('/api/v1/session', { email, password: 'a-brand-new-secret-42' });
    expect(signIn.status).toBe(200);
    expect((await t.client().post('/api/v1/session', { email, password: PASSWORD })).status).toBe(401);

    expect((await anon.get('/api/v1/password-resets/not-a-token')).status).toBe(404);
    expect(
      (await anon.post(`/api/v1/password-resets/${'A'.repeat(54)}`, { password: 'whatever-long-1' })).status,
    ).toBe(404);
  });

  it('expires after an hour; asking again retires the earlier link; one email per minute per address', async () => {
    const { email } = await orgWithOwner(t);
    const anon = t.client();
    let mark = t.smtp!.messages.length;
    expect((await anon.post('/api/v1/password-resets', { email })).status).toBe(202);
    const first = await linkFor(email, mark);

    // A second ask within the minute answers the same but sends nothing.
    mark = t.smtp!.messages.length;
    expect((await anon.post('/api/v1/password-resets', { email })).status).toBe(202);
    t.clock.advance(61_000);
    expect((await anon.post('/api/v1/password-resets', { email })).status).toBe(202);
    const second = await linkFor(email, mark);
    expect(second).not.toBe(first);
    expect(t.smtp!.messages.slice(mark).filter((m) => m.to.includes(email))).toHaveLength(1);
    expect(
      (await anon.post(`/api/v1/password-resets/${first}`, { password: 'a-brand-new-secret-42' })).body.error
        .code,
    ).toBe('used');

    t.clock.advance(60 * 60 * 1000 + 1000);
    const late = await anon.post(`/api/v1/password-resets/${second}`, { password: 'a-brand-new-secret-42' });
    expect(late.status).toBe(410);
    expect(late.body.error.code).toBe('expired');
  });

  it('rate-limits asking by client address with 429 and Retry-After', async () => {
    const anon = t.client();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const last = await anon.post('/api/v1/password-resets', { email: `someone${i}@example.com` });
      statuses.push(last.status);
    }
    expect(statuses).toContain(429);
    const limited = await anon.post('/api/v1/password-resets', { email: 'x@example.com' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.error.code).toBe('rate_limited');
  });
});
