import { decodeProtectedHeader } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { KEY_PUBLISH_DELAY_MS } from '../../src/oidc/keys.ts';
import { rotateKeys } from '../../src/oidc/service.ts';
import { orgWithOwner } from '../helpers/accounts.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { injectFetch, TestBrowser } from '../helpers/oidc.ts';

const REDIRECT = 'https://rp.example/cb';

describe('OpenID Connect signing keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  const kids = async () =>
    JSON.parse((await t.app.inject({ url: '/oidc/jwks' })).body).keys as Array<{
      kid: string;
      alg: string;
      d?: string;
    }>;

  it('are stored encrypted, and publish only public keys', async () => {
    const rows = await t.services.db.selectFrom('oidc_signing_keys').selectAll().execute();
    expect(rows.map((r) => r.alg).sort()).toEqual(['ES256', 'RS256']);
    const published = await kids();
    expect(published.every((k) => k.d === undefined)).toBe(true);
    for (const row of rows) {
      expect(row.private_jwk_encrypted).not.toContain('"d"');
      expect(row.public_jwk).not.toHaveProperty('d');
    }
  });

  it('rotate: the new key is published at once, signs after the delay, and the old one stays until its tokens expire', async () => {
    const { org, client } = await orgWithOwner(t);
    const app = (
      await client.post(`/api/v1/orgs/${org.id}/apps`, { name: 'RP', kind: 'web', redirectUris: [REDIRECT] })
    ).body;
    const config = await oidc.discovery(
      new URL('http://beckon.test/oidc'),
      app.clientId,
      undefined,
      oidc.ClientSecretBasic(app.clientSecret),
      { execute: [oidc.allowInsecureRequests], [oidc.customFetch]: injectFetch(t) as never },
    );
    const signingKid = async () => {
      const url = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'openid', state: 's' });
      const end = await new TestBrowser(t, client.cookie).open(url.href);
      const tokens = await oidc.authorizationCodeGrant(config, end.url, { expectedState: 's' });
      return decodeProtectedHeader(tokens.id_token!).kid;
    };
    const before = await signingKid();
    const oldRs = (await kids()).find((k) => k.alg === 'RS256')!.kid;
    expect(before).toBe(oldRs);

    const { kids: fresh, removeAfter } = await rotateKeys(t.services);
    await t.app.oidc.refresh();
    expect((await kids()).map((k) => k.kid)).toEqual(expect.arrayContaining([...fresh, oldRs]));
    expect(await signingKid()).toBe(oldRs);

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + KEY_PUBLISH_DELAY_MS + 1000);
    await t.app.oidc.refresh();
    const now = await signingKid();
    expect(fresh).toContain(now);
    expect((await kids()).map((k) => k.kid)).toContain(oldRs);

    vi.setSystemTime(removeAfter.getTime() + 1000);
    await t.app.oidc.refresh();
    expect((await kids()).map((k) => k.kid)).not.toContain(oldRs);
    expect(await signingKid()).toBe(now);
  });
});
