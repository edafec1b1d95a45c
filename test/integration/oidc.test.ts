import { createLocalJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { translate } from '../../src/i18n/intl.ts';
import { memberOf, orgWithOwner, sessionClient } from '../helpers/accounts.ts';
import { startTestApp, type TestApp, type TestClient } from '../helpers/app.ts';
import { injectFetch, TestBrowser } from '../helpers/oidc.ts';

const ISSUER = 'http://beckon.test/oidc';
const REDIRECT = 'https://rp.example/cb';
const SCOPE = 'openid email profile organization offline_access';
/** openid-client reports a 401 from the token endpoint as a WWW-Authenticate challenge. */
const INVALID_CLIENT = { status: 401, cause: [{ parameters: { error: 'invalid_client' } }] };

describe('OpenID Connect provider', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  async function registerApp(client: TestClient, orgId: string, extra: Record<string, unknown> = {}) {
    const res = await client.post(`/api/v1/orgs/${orgId}/apps`, {
      name: 'Learning platform',
      kind: 'web',
      redirectUris: [REDIRECT],
      postLogoutRedirectUris: ['https://rp.example/bye'],
      ...extra,
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; clientId: string; clientSecret: string | null };
  }

  async function relyingParty(app: { clientId: string; clientSecret: string | null }, secret?: string) {
    const auth = app.clientSecret === null ? oidc.None() : oidc.ClientSecretBasic(secret ?? app.clientSecret);
    return oidc.discovery(new URL(ISSUER), app.clientId, undefined, auth, {
      execute: [oidc.allowInsecureRequests],
      [oidc.customFetch]: injectFetch(t) as never,
    });
  }

  /** Authorization request in a browser holding `session`; answers where the provider sent it. */
  async function authorize(
    config: oidc.Configuration,
    session: string | undefined,
    params: Record<string, string> = {},
  ) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: SCOPE,
      prompt: 'consent',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      ...params,
    });
    const browser = new TestBrowser(t, session);
    const end = await browser.open(url.href);
    return { ...end, verifier, state, browser };
  }

  async function signIn(config: oidc.Configuration, session: string | undefined) {
    const end = await authorize(config, session);
    expect(end.url.origin + end.url.pathname).toBe(REDIRECT);
    const tokens = await oidc.authorizationCodeGrant(config, end.url, {
      pkceCodeVerifier: end.verifier,
      expectedState: end.state,
    });
    return { tokens, callback: end.url, verifier: end.verifier, browser: end.browser };
  }

  async function jwks() {
    const res = await t.app.inject({ url: '/oidc/jwks' });
    return createLocalJWKSet(JSON.parse(res.body));
  }

  async function learnerWithGroup() {
    const owner = await orgWithOwner(t);
    const learner = await memberOf(t, owner.org.id, 'learner', { name: 'Lena Learner' });
    const group = await owner.client.post(`/api/v1/orgs/${owner.org.id}/groups`, {
      name: 'Nurses',
      trainings: ['Hand hygiene'],
    });
    const training = await t.services.db
      .selectFrom('trainings')
      .select('id')
      .where('group_id', '=', group.body.id)
      .executeTakeFirstOrThrow();
    await t.services.db
      .updateTable('trainings')
      .set({ launch_url: 'https://rp.example/course/7' })
      .where('id', '=', training.id)
      .execute();
    const now = new Date();
    await t.services.db
      .insertInto('group_members')
      .values({
        org_id: owner.org.id,
        group_id: group.body.id,
        member_id: learner.member.id,
        created_at: now,
      })
      .execute();
    await t.services.db
      .insertInto('training_assignments')
      .values({
        org_id: owner.org.id,
        member_id: learner.member.id,
        training_id: training.id,
        group_id: group.body.id,
        assigned_at: now,
      })
      .execute();
    return { ...owner, learner, groupId: group.body.id as string, trainingId: training.id };
  }

  it('signs a member in with code + PKCE: ID token, userinfo claims, refresh, introspection, revocation', async () => {
    const { org, client, learner, groupId, trainingId } = await learnerWithGroup();
    const app = await registerApp(client, org.id);
    const config = await relyingParty(app);
    expect(config.serverMetadata()).toMatchObject({
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/auth`,
      token_endpoint: `${ISSUER}/token`,
      userinfo_endpoint: `${ISSUER}/me`,
      jwks_uri: `${ISSUER}/jwks`,
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'none'],
      id_token_signing_alg_values_supported: ['RS256', 'ES256'],
      scopes_supported: ['openid', 'offline_access', 'email', 'profile', 'organization'],
    });

    const { tokens } = await signIn(config, learner.client.cookie);
    const organization = {
      id: org.id,
      name: 'Acme Training',
      role: 'learner',
      groups: [{ id: groupId, name: 'Nurses' }],
      trainings: [{ id: trainingId, name: 'Hand hygiene', launch_url: 'https://rp.example/course/7' }],
    };
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token!, await jwks(), {
      issuer: ISSUER,
      audience: app.clientId,
    });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({
      sub: learner.user.id,
      email: learner.email,
      email_verified: true,
      name: 'Lena Learner',
      organization,
    });
    const info = await oidc.fetchUserInfo(config, tokens.access_token, learner.user.id);
    expect(info).toMatchObject({
      sub: learner.user.id,
      email: learner.email,
      name: 'Lena Learner',
      organization,
    });

    expect(tokens.refresh_token).toBeTruthy();
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect((await oidc.tokenIntrospection(config, refreshed.access_token)).active).toBe(true);

    await oidc.tokenRevocation(config, refreshed.access_token);
    expect((await oidc.tokenIntrospection(config, refreshed.access_token)).active).toBe(false);
    await expect(oidc.fetchUserInfo(config, refreshed.access_token, learner.user.id)).rejects.toThrow();

    // A person with a Beckon session signs in again without any page in between.
    const again = await signIn(config, learner.client.cookie);
    expect(again.tokens.claims()?.sub).toBe(learner.user.id);
  });

  it('sends a person without a Beckon session to Beckon’s sign-in page and back', async () => {
    const { org, client, user } = await orgWithOwner(t);
    const config = await relyingParty(await registerApp(client, org.id));
    const first = await authorize(config, undefined);
    const signInUrl = first.url;
    expect(signInUrl.pathname).toBe('/sign-in');
    const next = signInUrl.searchParams.get('next')!;
    expect(next).toMatch(/^\/oidc\/interaction\/[\w-]+$/);
    // Signing in sets the Beckon cookie; the sign-in page then loads `next`.
    const fresh = await sessionClient(t, user.id);
    first.browser.cookies.set('beckon_session', fresh.cookie!.split('=')[1]!);
    const back = await first.browser.open(next);
    expect(back.url.origin + back.url.pathname).toBe(REDIRECT);
    const tokens = await oidc.authorizationCodeGrant(config, back.url, {
      pkceCodeVerifier: first.verifier,
      expectedState: first.state,
    });
    expect(tokens.claims()?.sub).toBe(user.id);
  });

  it('lets a native app sign in with PKCE and no secret, and refuses it without PKCE', async () => {
    const { org, client, user } = await orgWithOwner(t);
    const app = await registerApp(client, org.id, { kind: 'native' });
    expect(app.clientSecret).toBeNull();
    const config = await relyingParty(app);
    const { tokens } = await signIn(config, client.cookie);
    expect(tokens.claims()?.sub).toBe(user.id);
    // Introspection is for apps with a secret.
    expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(false);

    const noPkce = await authorize(config, client.cookie, { code_challenge: '', code_challenge_method: '' });
    expect(noPkce.url.origin + noPkce.url.pathname).toBe(REDIRECT);
    expect(noPkce.url.searchParams.get('error')).toBe('invalid_request');
    const plain = await authorize(config, client.cookie, { code_challenge_method: 'plain' });
    expect(plain.url.searchParams.get('error')).toBe('invalid_request');
    // A code asked for with a challenge is not exchanged without its verifier.
    const withChallenge = await authorize(config, client.cookie);
    const res = await t.app.inject({
      method: 'POST',
      url: '/oidc/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: app.clientId,
        code: withChallenge.url.searchParams.get('code')!,
        redirect_uri: REDIRECT,
      }).toString(),
    });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).error).toBe('invalid_grant');
  });

  it('lets a web app omit PKCE, and releases only the claims of the scopes asked for', async () => {
    const { org, client, user, email } = await orgWithOwner(t);
    const config = await relyingParty(await registerApp(client, org.id));
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: 'openid email',
      state: 's',
    });
    const end = await new TestBrowser(t, client.cookie).open(url.href);
    const tokens = await oidc.authorizationCodeGrant(config, end.url, { expectedState: 's' });
    expect(tokens.claims()).toMatchObject({ sub: user.id, email });
    expect(tokens.claims()).not.toHaveProperty('organization');
    expect(tokens.claims()).not.toHaveProperty('name');
    const info = await oidc.fetchUserInfo(config, tokens.access_token, user.id);
    expect(Object.keys(info).sort()).toEqual(['email', 'email_verified', 'sub']);
  });

  it('shows an error page, never a redirect, for an unknown app or an unregistered redirect URI', async () => {
    const { org, client } = await orgWithOwner(t);
    const app = await registerApp(client, org.id);
    const config = await relyingParty(app);
    const wrongRedirect = await authorize(config, client.cookie, { redirect_uri: 'https://evil.example/cb' });
    expect(wrongRedirect.status).toBe(400);
    expect(wrongRedirect.url.host).toBe('beckon.test');
    expect(wrongRedirect.body).toContain('redirect_uri');
    const unknown = await new TestBrowser(t, client.cookie).open(
      `/oidc/auth?client_id=nobody&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(REDIRECT)}`,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.url.host).toBe('beckon.test');
    expect(unknown.body).toContain('Sign-in could not continue');
  });

  it('refuses a wrong secret, a wrong verifier, an expired code, and a code used twice (revoking its tokens)', async () => {
    const { org, client, user } = await orgWithOwner(t);
    const app = await registerApp(client, org.id);
    const config = await relyingParty(app);

    const wrongSecret = await relyingParty(app, 'bks_wrong');
    const a = await authorize(wrongSecret, client.cookie);
    await expect(
      oidc.authorizationCodeGrant(wrongSecret, a.url, {
        pkceCodeVerifier: a.verifier,
        expectedState: a.state,
      }),
    ).rejects.toMatchObject(INVALID_CLIENT);

    const b = await authorize(config, client.cookie);
    await expect(
      oidc.authorizationCodeGrant(config, b.url, {
        pkceCodeVerifier: oidc.randomPKCECodeVerifier(),
        expectedState: b.state,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });

    const c = await authorize(config, client.cookie);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 61_000);
    await expect(
      oidc.authorizationCodeGrant(config, c.url, { pkceCodeVerifier: c.verifier, expectedState: c.state }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    vi.useRealTimers();

    const d = await authorize(config, client.cookie);
    const first = await oidc.authorizationCodeGrant(config, d.url, {
      pkceCodeVerifier: d.verifier,
      expectedState: d.state,
    });
    expect((await oidc.fetchUserInfo(config, first.access_token, user.id)).sub).toBe(user.id);
    await expect(
      oidc.authorizationCodeGrant(config, d.url, { pkceCodeVerifier: d.verifier, expectedState: d.state }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(oidc.fetchUserInfo(config, first.access_token, user.id)).rejects.toThrow();
    await expect(oidc.refreshTokenGrant(config, first.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('stops a disabled app, and every token issued before its secret was rotated', async () => {
    const { org, client, user } = await orgWithOwner(t);
    const app = await registerApp(client, org.id);
    const config = await relyingParty(app);
    const { tokens } = await signIn(config, client.cookie);

    const rotated = await client.post(`/api/v1/orgs/${org.id}/apps/${app.id}/secret`);
    const newConfig = await relyingParty(app, rotated.body.clientSecret);
    await expect(oidc.fetchUserInfo(newConfig, tokens.access_token, user.id)).rejects.toThrow();
    await expect(oidc.refreshTokenGrant(newConfig, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    const stale = await authorize(config, client.cookie);
    await expect(
      oidc.authorizationCodeGrant(config, stale.url, {
        pkceCodeVerifier: stale.verifier,
        expectedState: stale.state,
      }),
    ).rejects.toMatchObject(INVALID_CLIENT);
    const fresh = await signIn(newConfig, client.cookie);

    await client.patch(`/api/v1/orgs/${org.id}/apps/${app.id}`, { disabled: true });
    await expect(oidc.refreshTokenGrant(newConfig, fresh.tokens.refresh_token!)).rejects.toBeTruthy();
    const blocked = await authorize(newConfig, client.cookie);
    expect(blocked.status).toBe(400);
    expect(blocked.url.host).toBe('beckon.test');
    // The page names the app and says it was turned off, not "client is invalid".
    expect(blocked.body).toContain('You cannot sign in to Learning platform');
    expect(blocked.body).toContain('This app has been turned off by its organization.');
    expect(blocked.body).not.toContain('invalid_client');
  });

  it('refuses members of another organization, deactivated members and people outside the allowed roles', async () => {
    const { org, client, learner } = await learnerWithGroup();
    const restricted = await registerApp(client, org.id, { access: 'restricted', allowedRoles: ['admin'] });
    const config = await relyingParty(restricted);
    const denied = await authorize(config, learner.client.cookie);
    expect(denied.status).toBe(403);
    expect(denied.body).toContain('open only to some roles or groups');
    expect(denied.headers['x-frame-options']).toBe('DENY');
    const abort = denied.body.match(/href="(\/oidc\/interaction\/[^"]+\/abort)"/)![1]!;
    const back = await denied.browser.open(abort);
    expect(back.url.origin + back.url.pathname).toBe(REDIRECT);
    expect(back.url.searchParams.get('error')).toBe('access_denied');

    const outsider = await orgWithOwner(t, 'Elsewhere');
    const open = await relyingParty(await registerApp(client, org.id));
    const foreign = await authorize(open, outsider.client.cookie);
    expect(foreign.status).toBe(403);
    expect(foreign.body).toContain('not a member');

    const { tokens } = await signIn(open, learner.client.cookie);
    await t.services.db
      .updateTable('members')
      .set({ status: 'deactivated' })
      .where('id', '=', learner.member.id)
      .execute();
    await expect(oidc.refreshTokenGrant(open, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expect(oidc.fetchUserInfo(open, tokens.access_token, learner.user.id)).rejects.toThrow();
    const gone = await authorize(open, learner.client.cookie);
    expect(gone.status).toBe(403);
    expect(gone.body).toContain('deactivated');

    // The page speaks the person's own language.
    await t.services.db
      .updateTable('users')
      .set({ locale: 'ar' })
      .where('id', '=', learner.user.id)
      .execute();
    const inArabic = await authorize(open, learner.client.cookie);
    expect(inArabic.status).toBe(403);
    expect(inArabic.body).toContain('<html lang="ar" dir="rtl">');
    expect(inArabic.body).toContain(translate('ar', 'oidc.denial.deactivated'));
  });

  it('refuses a refresh token whose grant was revoked', async () => {
    const { org, client } = await orgWithOwner(t);
    const config = await relyingParty(await registerApp(client, org.id));
    const { tokens } = await signIn(config, client.cookie);
    await oidc.tokenRevocation(config, tokens.refresh_token!);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expect(oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub)).rejects.toThrow();
  });

  it('signs out of the app and of Beckon (RP-initiated logout)', async () => {
    const { org, client, user } = await orgWithOwner(t);
    const config = await relyingParty(await registerApp(client, org.id));
    const { tokens, browser } = await signIn(config, client.cookie);
    const url = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: 'https://rp.example/bye',
    });
    const confirm = await browser.open(url.href);
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain('Sign out of Beckon and Learning platform?');
    expect(confirm.headers['x-frame-options']).toBe('DENY');
    const xsrf = confirm.body.match(/name="xsrf" value="([^"]+)"/)![1]!;
    const res = await t.app.inject({
      method: 'POST',
      url: '/oidc/session/end/confirm',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
      payload: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^https:\/\/rp\.example\/bye/);
    expect((await client.get('/api/v1/session')).status).toBe(401);
    const sessions = await t.services.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', user.id)
      .execute();
    expect(sessions).toHaveLength(0);
  });

  it('builds its endpoint URLs from APP_URL, whatever Host or forwarding headers say', async () => {
    const res = await t.app.inject({
      url: '/oidc/.well-known/openid-configuration',
      headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
    });
    expect(res.body).not.toContain('evil.example');
    expect(JSON.parse(res.body).token_endpoint).toBe(`${ISSUER}/token`);
  });

  it('answers CORS only for the app’s registered origins', async () => {
    const { org, client } = await orgWithOwner(t);
    const app = await registerApp(client, org.id, { kind: 'native' });
    const config = await relyingParty(app);
    const { tokens } = await signIn(config, client.cookie);
    const call = (origin: string) =>
      t.app.inject({
        url: '/oidc/me',
        headers: { origin, authorization: `Bearer ${tokens.access_token}` },
      });
    const mine = await call('https://rp.example');
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['access-control-allow-origin']).toBe('https://rp.example');
    const theirs = await call('https://evil.example');
    expect(theirs.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('OpenID Connect token endpoint rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { OIDC_TOKEN_RATE_PER_MINUTE: '3' } });
  });
  afterAll(() => t.close());

  it('answers 429 past OIDC_TOKEN_RATE_PER_MINUTE requests a minute from one app', async () => {
    const basic = `Basic ${Buffer.from('app_x:bks_y').toString('base64')}`;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/oidc/token',
        headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'grant_type=authorization_code&code=x&redirect_uri=https%3A%2F%2Frp.example%2Fcb',
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    // Malformed credentials are refused, not a server error, and count against the address.
    const odd = await t.app.inject({
      method: 'POST',
      url: '/oidc/token',
      headers: {
        authorization: `Basic ${Buffer.from('%E0%A4%A:x').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: 'grant_type=authorization_code&code=x',
    });
    expect(odd.statusCode).toBeLessThan(500);
  });
});
