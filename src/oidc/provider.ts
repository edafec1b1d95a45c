import { createSecretKey, hkdfSync } from 'node:crypto';
import Provider, {
  type Account,
  type AdapterPayload,
  type Configuration,
  interactionPolicy,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import { type AppRow, appRepository } from '../apps/repository.ts';
import { hashClientSecret } from '../apps/secrets.ts';
import { appOrigins } from '../apps/uris.ts';
import type { AuthService, SessionUser } from '../auth/service.ts';
import { SESSION_COOKIE } from '../auth/session-cookie.ts';
import { type MessageId, translate } from '../i18n/intl.ts';
import type { Deps } from '../shared/deps.ts';
import { type AccessDecision, decideAccess } from './access.ts';
import { kyselyAdapterFor, settlePendingUse } from './adapter.ts';
import { claimsFor, SCOPE_CLAIMS } from './claims.ts';
import { CookieSigner } from './cookie-signer.ts';
import { escapeHtml, page, pageLocale } from './pages.ts';
import { currentReads } from './request-reads.ts';

/** Token lifetimes in seconds (documented in docs/connect-apps.md). */
export const TTL = {
  AuthorizationCode: 60,
  AccessToken: 3600,
  IdToken: 3600,
  RefreshToken: 30 * 86400,
  Grant: 30 * 86400,
  Session: 14 * 86400,
  Interaction: 3600,
};
export const OIDC_PATH = '/oidc';

export interface OidcContext {
  deps: Pick<Deps, 'db' | 'config' | 'log'>;
  auth: Pick<AuthService, 'resolveSession' | 'signOut'>;
  /** The app behind a client id, read from the database (the provider's client lookup). */
  loadApp(clientId: string): Promise<AppRow | undefined>;
  /** The same, as last read by a client lookup (each request starts with one). */
  appFor(clientId: string): Promise<AppRow | undefined>;
}

/** Per-request memo: the Beckon session and access decisions are asked for by several checks. */
const beckonUsers = new WeakMap<object, Promise<SessionUser | undefined>>();
const decisions = new WeakMap<object, Map<string, Promise<AccessDecision>>>();

/** Builds oidc-provider for one key set. State lives in the database, so instances are interchangeable. */
export function buildProvider(context: OidcContext, keys: Configuration['jwks']): Provider {
  const { deps, auth } = context;
  const issuer = `${deps.config.appUrl}${OIDC_PATH}`;

  const beckonUser = (ctx: KoaContextWithOIDC) => {
    let user = beckonUsers.get(ctx);
    if (!user) {
      const token = ctx.cookies.get(SESSION_COOKIE);
      // Read with the provider session when the request had both cookies (see request-reads.ts).
      const read = currentReads()?.beckonSession;
      user = read
        ? Promise.resolve(read.user)
        : token
          ? auth.resolveSession(token)
          : Promise.resolve(undefined);
      beckonUsers.set(ctx, user);
    }
    return user;
  };
  const access = (ctx: KoaContextWithOIDC, clientId: string, userId: string) => {
    const forCtx = decisions.get(ctx) ?? new Map<string, Promise<AccessDecision>>();
    decisions.set(ctx, forCtx);
    const key = `${clientId}:${userId}`;
    const decision = forCtx.get(key) ?? decideAccess(deps.db, clientId, userId);
    forCtx.set(key, decision);
    return decision;
  };
  const accessOf = async (ctx: KoaContextWithOIDC): Promise<AccessDecision | undefined> => {
    const { client, session } = ctx.oidc;
    if (!client || !session?.accountId) return undefined;
    return access(ctx, client.clientId, session.accountId);
  };

  const policy = interactionPolicy.base();
  const login = policy.get('login')!;
  // The provider's session follows Beckon's: no Beckon session, or another person's, means sign in again.
  login.checks.add(
    new interactionPolicy.Check(
      'beckon_session',
      'Sign in to Beckon first',
      'login_required',
      async (ctx) => {
        const user = await beckonUser(ctx);
        return !user || user.mustChangePassword || user.userId !== ctx.oidc.session?.accountId;
      },
    ),
  );
  login.checks.add(
    new interactionPolicy.Check(
      'beckon_access',
      'This person may not sign in to this app',
      'access_denied',
      async (ctx) => (await accessOf(ctx))?.allowed === false,
    ),
  );
  // Apps are registered by their own organization: no consent screen.
  policy.get('consent')!.checks.remove('native_client_prompt');

  const configuration: Configuration = {
    adapter: kyselyAdapterFor(deps.db, async (clientId) => {
      const app = await context.loadApp(clientId);
      return app && !app.disabled_at ? clientMetadata(app) : undefined;
    }),
    jwks: keys,
    cookies: {
      // An imported key (an HMAC with a key given as bytes imports it again each time, about 10 µs
      // against 1.5 µs) in a signer cheaper than Keygrip (see cookie-signer.ts). The provider's
      // type names only a list of keys; it hands any other value to the cookies library as is.
      keys: new CookieSigner([
        createSecretKey(Buffer.from(hkdfSync('sha256', deps.config.secretKey, 'beckon', 'oidc-cookies', 32))),
      ]) as unknown as Buffer[],
    },
    claims: SCOPE_CLAIMS,
    scopes: ['openid', 'offline_access', 'email', 'profile', 'organization'],
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      // An app revokes its own tokens only.
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId,
      },
      introspection: {
        enabled: true,
        // Only apps with a secret, and only about their own tokens.
        allowedPolicy: (_ctx, client, token) =>
          client.clientAuthMethod !== 'none' && token.clientId === client.clientId,
      },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          const app = ctx.oidc.client?.clientName;
          const locale = pageLocale(ctx);
          const say = (id: MessageId, values?: Record<string, string>) =>
            escapeHtml(translate(locale, id, values));
          ctx.type = 'html';
          ctx.body = page(
            locale,
            translate(locale, 'oidc.logout.title'),
            `${form}<p>${app ? say('oidc.logout.questionWithApp', { app }) : say('oidc.logout.question')}</p><div class="actions"><button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">${say('oidc.logout.confirm')}</button><button class="secondary" type="submit" form="op.logoutForm">${say('oidc.logout.stay')}</button></div>`,
          );
        },
        postLogoutSuccessSource: (ctx) => {
          const locale = pageLocale(ctx);
          ctx.type = 'html';
          ctx.body = page(
            locale,
            translate(locale, 'oidc.signedOut.title'),
            `<p>${escapeHtml(translate(locale, 'oidc.signedOut.body'))}</p><p><a href="/">${escapeHtml(translate(locale, 'oidc.signInAgain'))}</a></p>`,
          );
        },
      },
    },
    // PKCE (S256, the only method offered) is required of apps without a secret; apps with one may use it.
    pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
    responseTypes: ['code'],
    // What apps are registered with (discovery lists only these): HTTP Basic for web apps, none for native.
    clientAuthMethods: ['client_secret_basic', 'none'],
    enabledJWA: {
      idTokenSigningAlgValues: ['RS256', 'ES256'],
      userinfoSigningAlgValues: ['RS256', 'ES256'],
      introspectionSigningAlgValues: ['RS256', 'ES256'],
      authorizationSigningAlgValues: ['RS256', 'ES256'],
      requestObjectSigningAlgValues: ['RS256', 'ES256'],
      clientAuthSigningAlgValues: ['RS256', 'ES256'],
    },
    allowOmittingSingleRegisteredRedirectUri: false,
    ttl: TTL,
    clientBasedCORS: (_ctx, origin, client) => {
      const app = clientApps.get(client.clientId)?.app;
      return app ? appOrigins(app).includes(origin) : false;
    },
    interactions: {
      policy,
      url: (_ctx, interaction) => `${deps.config.appUrl}${OIDC_PATH}/interaction/${interaction.uid}`,
    },
    loadExistingGrant: async (ctx) => {
      const { client, session, provider } = ctx.oidc;
      const accountId = session?.accountId;
      if (!client || !accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
      let grant = grantId ? await provider.Grant.find(grantId) : undefined;
      if (grant && (grant.accountId !== accountId || grant.clientId !== client.clientId)) grant = undefined;
      if ((await accessOf(ctx))?.allowed !== true) return grant;
      grant ??= new provider.Grant({ accountId, clientId: client.clientId });
      const granted = new Set((grant.getOIDCScope() || '').split(' '));
      const requested = [...ctx.oidc.requestParamOIDCScopes];
      if (!grantId || grant.jti !== grantId || requested.some((s) => !granted.has(s))) {
        grant.addOIDCScope(requested.join(' '));
        await grant.save();
      }
      return grant;
    },
    findAccount: async (ctx, sub) => {
      const client = ctx.oidc.client;
      if (!client) return undefined;
      const decision = await access(ctx, client.clientId, sub);
      // The client may come from this process's short cache: a secret rotated meanwhile, or an app
      // disabled, shows in this fresh read, and the request is refused.
      const stale =
        decision.allowed && (decision.person.client_secret_hash ?? undefined) !== client.clientSecret;
      if (!decision.allowed || stale) {
        // At authorization the policy shows the person why; everywhere else the token is refused.
        const route = ctx.oidc.route;
        return route === 'authorization' || route === 'resume'
          ? ({ accountId: sub, claims: () => ({ sub }) } as Account)
          : undefined;
      }
      return { accountId: sub, claims: () => claimsFor(decision.person) };
    },
    renderError: async (ctx, out) => {
      const locale = pageLocale(ctx);
      ctx.type = 'html';
      // An app its organization turned off is said so, by name, rather than as "client is invalid".
      const clientId = ctx.oidc?.params?.client_id ?? ctx.query.client_id;
      const off =
        out.error === 'invalid_client' && typeof clientId === 'string'
          ? await context.loadApp(clientId).catch(() => undefined)
          : undefined;
      if (off?.disabled_at) {
        ctx.body = page(
          locale,
          translate(locale, 'oidc.denied.title', { app: off.name }),
          `<p>${escapeHtml(translate(locale, 'oidc.denial.app_disabled'))}</p><p><a href="/">${escapeHtml(translate(locale, 'oidc.goToBeckon'))}</a></p>`,
        );
        return;
      }
      // The protocol's own description stays as the provider wrote it: it names the request's fault.
      ctx.body = page(
        locale,
        translate(locale, 'oidc.error.title'),
        `<p>${escapeHtml(String(out.error_description ?? out.error))}</p><p class="muted">${escapeHtml(translate(locale, 'oidc.error.code', { code: String(out.error) }))}</p><p><a href="/">${escapeHtml(translate(locale, 'oidc.goToBeckon'))}</a></p>`,
      );
    },
  };

  const provider = new Provider(issuer, configuration);
  // The protocol comes from APP_URL (set on each request by the mount), never from the caller.
  provider.proxy = true;

  // Client secrets are stored as keyed hashes: hash what the app presents and compare that.
  const secretKey = deps.config.secretKey;
  const original = provider.Client.prototype.compareClientSecret;
  provider.Client.prototype.compareClientSecret = function compareHashed(actual: string) {
    return original.call(this, hashClientSecret(secretKey, actual));
  };

  // A code this request accepted but did not exchange (refused after it was read) is marked used
  // before the answer leaves: a second try of that code finds it spent.
  provider.use(async (_ctx, next) => {
    try {
      await next();
    } finally {
      const reads = currentReads();
      if (reads) await settlePendingUse(deps.db, reads);
    }
  });

  // Signing out of an app through Beckon ("RP-initiated logout") ends the Beckon session too.
  provider.use(async (ctx, next) => {
    await next();
    // The provider's pages (sign-out confirmation, errors) are never framed by another site.
    if (ctx.response.is('html')) ctx.set('x-frame-options', 'DENY');
    if (ctx.oidc?.route !== 'end_session_confirm' || !ctx.oidc.params?.logout) return;
    const token = ctx.cookies.get(SESSION_COOKIE);
    const user = token ? await auth.resolveSession(token) : undefined;
    if (user) await auth.signOut(user.sessionId);
    ctx.cookies.set(SESSION_COOKIE, '', { path: '/', expires: new Date(0), httpOnly: true });
  });
  return provider;
}

/**
 * Apps by client id, kept for CLIENT_CACHE_MS: each provider request looks its client up, and the
 * app rarely changes. Changes made in this process take effect at once (forgetApp); other processes
 * see them within CLIENT_CACHE_MS, except what matters at once everywhere: a disabled, deleted or
 * re-keyed app loses its tokens in the same transaction, and every code, refresh or userinfo request
 * re-reads the app with the person (findAccount).
 */
const CLIENT_CACHE_MS = 5000;
const clientApps = new Map<string, { app: AppRow | undefined; at: number }>();

export function forgetApp(clientId: string): void {
  clientApps.delete(clientId);
}

export function createAppLookup(deps: Pick<Deps, 'db'>) {
  const loadApp = async (clientId: string) => {
    const cached = clientApps.get(clientId);
    if (cached && Date.now() - cached.at < CLIENT_CACHE_MS) return cached.app;
    const app = await appRepository.findByClientId(deps.db, clientId);
    if (clientApps.size > 10_000) clientApps.clear();
    clientApps.set(clientId, { app, at: Date.now() });
    return app;
  };
  return { loadApp, appFor: loadApp };
}

function clientMetadata(app: AppRow): AdapterPayload {
  return {
    client_id: app.client_id,
    client_name: app.name,
    ...(app.kind === 'web'
      ? { client_secret: app.client_secret_hash!, token_endpoint_auth_method: 'client_secret_basic' }
      : { token_endpoint_auth_method: 'none' }),
    application_type: 'web',
    redirect_uris: app.redirect_uris,
    post_logout_redirect_uris: app.post_logout_redirect_uris,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    id_token_signed_response_alg: 'RS256',
  };
}
