import * as oidc from 'openid-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { memberOf, orgWithOwner } from '../helpers/accounts.ts';
import type { TestApp, TestClient } from '../helpers/app.ts';
import { injectFetch, TestBrowser } from '../helpers/oidc.ts';
import { sharedTestApp } from '../helpers/shared-app.ts';

const ISSUER = 'http://beckon.test/oidc';
const REDIRECT = 'https://rp.example/cb';

// A person who signed in to an app before, and still has a Beckon session, is sent straight back
// with a code: these are the checks that path must still make, and the single use of codes.
describe('OpenID Connect: signing in again', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await sharedTestApp();
  });
  afterAll(() => t.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  async function registerApp(client: TestClient, orgId: string) {
    const res = await client.post(`/api/v1/orgs/${orgId}/apps`, {
      name: 'Learning platform',
      kind: 'web',
      redirectUris: [REDIRECT],
    });
    expect(res.status).toBe(201);
    const app = res.body as { id: string; clientId: string; clientSecret: string };
    const config = await oidc.discovery(
      new URL(ISSUER),
      app.clientId,
      undefined,
      oidc.ClientSecretBasic(app.clientSecret),
      { execute: [oidc.allowInsecureRequests], [oidc.customFetch]: injectFetch(t) as never },
    );
    return { app, config };
  }

  /** An authorization request in `browser`; `maxHops` 1 means: answered with a code or an error at once. */
  async function authorize(
    config: oidc.Configuration,
    browser: TestBrowser,
    {
      maxHops = 10,
      scope = 'openid email organization',
      prompt,
    }: { maxHops?: number; scope?: string; prompt?: string } = {},
  ) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      ...(prompt ? { prompt } : {}),
    });
    const end = await browser.open(url.href, maxHops);
    return { ...end, verifier, state };
  }

  async function exchange(config: oidc.Configuration, end: { url: URL; verifier: string; state: string }) {
    return oidc.authorizationCodeGrant(config, end.url, {
      pkceCodeVerifier: end.verifier,
      expectedState: end.state,
    });
  }

  /** A learner who signed in to a fresh app once (through the interaction), and their browser. */
  async function signedInOnce(options: { scope?: string; prompt?: string } = {}) {
    const owner = await orgWithOwner(t);
    const learner = await memberOf(t, owner.org.id, 'learner');
    const { app, config } = await registerApp(owner.client, owner.org.id);
    const browser = new TestBrowser(t, learner.client.cookie);
    const first = await authorize(config, browser, options);
    expect(first.url.origin + first.url.pathname).toBe(REDIRECT);
    const tokens = await exchange(config, first);
    return { owner, learner, app, config, browser, tokens };
  }

  it('answers a repeat sign-in with a code at once, and the code works', async () => {
    const { learner, config, browser } = await signedInOnce();
    const again = await authorize(config, browser, { maxHops: 1 });
    expect(again.status).toBe(303);
    expect(again.url.origin + again.url.pathname).toBe(REDIRECT);
    const tokens = await exchange(config, again);
    expect(tokens.claims()?.sub).toBe(learner.user.id);
    expect((await oidc.fetchUserInfo(config, tokens.access_token, learner.user.id)).email).toBe(
      learner.email,
    );
  });

  it('refuses a repeat sign-in to a member deactivated, or no longer among the allowed roles', async () => {
    const { owner, learner, app, config, browser } = await signedInOnce();
    await owner.client.patch(`/api/v1/orgs/${owner.org.id}/apps/${app.id}`, {
      access: 'restricted',
      allowedRoles: ['admin'],
    });
    const restricted = await authorize(config, browser);
    expect(restricted.status).toBe(403);
    expect(restricted.body).toContain('open only to some roles or groups');

    await owner.client.patch(`/api/v1/orgs/${owner.org.id}/apps/${app.id}`, { access: 'all' });
    expect((await authorize(config, browser, { maxHops: 1 })).url.origin).toBe('https://rp.example');
    await t.services.db
      .updateTable('members')
      .set({ status: 'deactivated' })
      .where('id', '=', learner.member.id)
      .execute();
    const deactivated = await authorize(config, browser);
    expect(deactivated.status).toBe(403);
    expect(deactivated.body).toContain('deactivated');
  });

  it('refuses a repeat sign-in to a disabled app, and after the person signed out of Beckon', async () => {
    const { owner, learner, app, config, browser } = await signedInOnce();
    expect((await learner.client.delete('/api/v1/session')).status).toBe(204);
    const signedOut = await authorize(config, browser);
    expect(signedOut.url.pathname).toBe('/sign-in');

    const other = new TestBrowser(t, (await memberOf(t, owner.org.id, 'learner')).client.cookie);
    expect((await authorize(config, other)).url.origin).toBe('https://rp.example');
    await owner.client.patch(`/api/v1/orgs/${owner.org.id}/apps/${app.id}`, { disabled: true });
    const disabled = await authorize(config, other);
    expect(disabled.status).toBe(400);
    expect(disabled.url.host).toBe('beckon.test');
    expect(disabled.body).toContain('This app has been turned off by its organization.');
  });

  it('after a grant is revoked, signs in again under a new grant and keeps the old tokens dead', async () => {
    const { learner, config, browser, tokens } = await signedInOnce({
      scope: 'openid email offline_access',
      prompt: 'consent',
    });
    await oidc.tokenRevocation(config, tokens.refresh_token!);
    const again = await authorize(config, browser, { maxHops: 1 });
    expect(again.url.origin + again.url.pathname).toBe(REDIRECT);
    const fresh = await exchange(config, again);
    expect((await oidc.fetchUserInfo(config, fresh.access_token, learner.user.id)).sub).toBe(learner.user.id);
    await expect(oidc.fetchUserInfo(config, tokens.access_token, learner.user.id)).rejects.toThrow();
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('honours a code once when it is exchanged several times at once, and revokes what it gave', async () => {
    const { learner, config, browser } = await signedInOnce();
    const again = await authorize(config, browser, { maxHops: 1 });
    const results = await Promise.allSettled([1, 2, 3].map(() => exchange(config, again)));
    const issued = results.filter((r) => r.status === 'fulfilled');
    expect(issued.length).toBeLessThanOrEqual(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect(r.reason).toMatchObject({ error: 'invalid_grant' });
    }
    for (const r of issued) {
      await expect(oidc.fetchUserInfo(config, r.value.access_token, learner.user.id)).rejects.toThrow();
    }
  });

  it('lets only one of two requests that read the same unused code consume it', async () => {
    const { config, browser } = await signedInOnce();
    const again = await authorize(config, browser, { maxHops: 1 });
    const { AuthorizationCode, Grant } = t.app.oidc.provider;
    // As two processes would: both read the code before either uses it.
    const code = again.url.searchParams.get('code')!;
    const [first, second] = [await AuthorizationCode.find(code), await AuthorizationCode.find(code)];
    expect(first?.isValid).toBe(true);
    expect(second?.isValid).toBe(true);
    await first!.consume();
    await expect(second!.consume()).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(await Grant.find(first!.grantId!)).toBeUndefined();
    await expect(exchange(config, again)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('counts a code as used when its exchange is refused after the code was accepted', async () => {
    const { learner, config, browser } = await signedInOnce();
    const again = await authorize(config, browser, { maxHops: 1 });
    const code = again.url.searchParams.get('code')!;
    const setStatus = (status: 'active' | 'deactivated') =>
      t.services.db.updateTable('members').set({ status }).where('id', '=', learner.member.id).execute();
    // The code is accepted, then the person behind it is refused: no token, and the code is spent.
    await setStatus('deactivated');
    await expect(exchange(config, again)).rejects.toMatchObject({ error: 'invalid_grant' });
    const row = await t.services.db
      .selectFrom('oidc_payloads')
      .select('consumed_at')
      .where('model', '=', 'AuthorizationCode')
      .where('id', '=', code)
      .executeTakeFirst();
    expect(row?.consumed_at).toBeInstanceOf(Date);
    await setStatus('active');
    await expect(exchange(config, again)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('moves the provider session’s expiry at most once an hour', async () => {
    const { config, browser } = await signedInOnce();
    const expiry = async () => {
      const rows = await t.services.db
        .selectFrom('oidc_payloads')
        .select(['id', 'expires_at'])
        .where('model', '=', 'Session')
        .where('id', '=', browser.cookies.get('_session')!)
        .execute();
      expect(rows).toHaveLength(1);
      return rows[0]!.expires_at!.getTime();
    };
    const first = await expiry();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 30 * 60_000);
    expect((await authorize(config, browser, { maxHops: 1 })).url.origin).toBe('https://rp.example');
    expect(await expiry()).toBe(first);
    vi.setSystemTime(Date.now() + 31 * 60_000);
    expect((await authorize(config, browser, { maxHops: 1 })).url.origin).toBe('https://rp.example');
    expect(await expiry()).toBeGreaterThanOrEqual(first + 60 * 60_000);
  });
});
