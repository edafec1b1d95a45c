import { createLocalJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgWithOwner } from '../helpers/accounts.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { onPostgres } from '../helpers/database.ts';
import { injectFetch, TestBrowser } from '../helpers/oidc.ts';

const ISSUER = 'http://beckon.test/oidc';
const REDIRECT = 'https://rp.example/cb';

// Two web processes on one PostgreSQL serve one issuer: the provider's state is in the database.
describe.runIf(onPostgres())('OpenID Connect across two processes', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp({ workers: false });
    b = await startTestApp({ workers: false, sameDatabaseAs: a });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('authorizes on one process and exchanges the code, refreshes and reads userinfo on the other', async () => {
    const { org, client, user } = await orgWithOwner(a);
    const app = (
      await client.post(`/api/v1/orgs/${org.id}/apps`, { name: 'RP', kind: 'web', redirectUris: [REDIRECT] })
    ).body;
    const discover = (t: TestApp) =>
      oidc.discovery(new URL(ISSUER), app.clientId, undefined, oidc.ClientSecretBasic(app.clientSecret), {
        execute: [oidc.allowInsecureRequests],
        [oidc.customFetch]: injectFetch(t) as never,
      });
    const onA = await discover(a);
    const onB = await discover(b);

    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(onA, {
      redirect_uri: REDIRECT,
      scope: 'openid email offline_access',
      prompt: 'consent',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 'one',
    });
    const end = await new TestBrowser(a, client.cookie).open(url.href);
    expect(end.url.origin + end.url.pathname).toBe(REDIRECT);

    const tokens = await oidc.authorizationCodeGrant(onB, end.url, {
      pkceCodeVerifier: verifier,
      expectedState: 'one',
    });
    const jwks = JSON.parse((await b.app.inject({ url: '/oidc/jwks' })).body);
    expect(JSON.parse((await a.app.inject({ url: '/oidc/jwks' })).body)).toEqual(jwks);
    const { payload } = await jwtVerify(tokens.id_token!, createLocalJWKSet(jwks), {
      issuer: ISSUER,
      audience: app.clientId,
    });
    expect(payload.sub).toBe(user.id);
    expect((await oidc.fetchUserInfo(onA, tokens.access_token, user.id)).email).toBe(payload.email);
    const refreshed = await oidc.refreshTokenGrant(onA, tokens.refresh_token!);
    expect((await oidc.fetchUserInfo(onB, refreshed.access_token, user.id)).sub).toBe(user.id);
    // The code was used once, on B: A refuses it too.
    await expect(
      oidc.authorizationCodeGrant(onA, end.url, { pkceCodeVerifier: verifier, expectedState: 'one' }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });
});
