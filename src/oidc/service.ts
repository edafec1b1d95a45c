import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { AuthService } from '../auth/service.ts';
import type { Deps } from '../shared/deps.ts';
import { decideAccess } from './access.ts';
import { ensureSigningKeys, KEY_RELOAD_MS, loadSigningKeys, rotateSigningKeys } from './keys.ts';
import { buildProvider, createAppLookup, TTL } from './provider.ts';
import { oidcRepository } from './repository.ts';
import { RequestReads, withRequestReads } from './request-reads.ts';

/** The client an authorization request names, so its session is read with that client's grant. */
function authorizationClient(url: string): string | undefined {
  if (!url.startsWith('/auth?')) return undefined;
  return new URLSearchParams(url.slice('/auth?'.length)).get('client_id') ?? undefined;
}

/**
 * The OpenID Connect provider of this process. Keys are created at first start; every
 * KEY_RELOAD_MS the process rereads them (another process or the CLI may have rotated them),
 * rebuilding its provider when they changed, and deletes expired provider state.
 */
export async function startOidc(deps: Pick<Deps, 'db' | 'config' | 'log'>, auth: AuthService) {
  const lookup = createAppLookup(deps);
  const publicUrl = new URL(deps.config.appUrl);
  const context = { deps, auth, ...lookup };
  await ensureSigningKeys(deps.db, deps.config.secretKey, new Date());
  let { keys, fingerprint } = await loadSigningKeys(deps.db, deps.config.secretKey, new Date());
  let provider = buildProvider(context, { keys });
  let handler = provider.callback();

  async function refresh() {
    const loaded = await loadSigningKeys(deps.db, deps.config.secretKey, new Date());
    if (loaded.fingerprint !== fingerprint) {
      ({ keys, fingerprint } = loaded);
      provider = buildProvider(context, { keys });
      handler = provider.callback();
      deps.log.info({ kids: fingerprint }, 'OpenID Connect signing keys reloaded');
    }
    await oidcRepository.sweep(deps.db, new Date());
  }
  const timer = setInterval(() => {
    refresh().catch((error) => deps.log.error({ err: error }, 'OpenID Connect key reload failed'));
  }, KEY_RELOAD_MS);
  timer.unref();

  return {
    get provider(): Provider {
      return provider;
    },
    /** Hands a raw request under the issuer path to the provider, which sees paths relative to it. */
    handle(
      req: IncomingMessage & { originalUrl?: string },
      res: ServerResponse,
      mountPath: string,
      beckonSessionToken?: string,
    ) {
      // Endpoint URLs are built from the request: pin them to APP_URL, whatever Host the caller sent.
      req.headers.host = publicUrl.host;
      req.headers['x-forwarded-proto'] = publicUrl.protocol.slice(0, -1);
      delete req.headers['x-forwarded-host'];
      if (!deps.config.trustProxy) delete req.headers['x-forwarded-for'];
      req.originalUrl = req.url;
      req.url = req.url!.slice(mountPath.length) || '/';
      const clientId = authorizationClient(req.url);
      const reads = new RequestReads(
        clientId,
        clientId && beckonSessionToken ? auth.sessionKey(beckonSessionToken) : undefined,
      );
      return withRequestReads(reads, () => handler(req, res));
    },
    appFor: lookup.appFor,
    /** Whether this person may sign in to this app now (member, role and groups the app allows). */
    decideAccess: (clientId: string, userId: string) => decideAccess(deps.db, clientId, userId),
    refresh,
    stop() {
      clearInterval(timer);
    },
  };
}

export type Oidc = Awaited<ReturnType<typeof startOidc>>;

/** `npm run beckon -- keys rotate`: old public keys stay published until their ID tokens have expired. */
export function rotateKeys(deps: Pick<Deps, 'db' | 'config'>) {
  return rotateSigningKeys(deps.db, deps.config.secretKey, new Date(), TTL.IdToken + TTL.AccessToken);
}

declare module 'fastify' {
  interface FastifyInstance {
    /** This process's OpenID Connect provider (tests reload its keys without waiting a minute). */
    oidc: Oidc;
  }
}
