import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, Capability } from '../auth/permissions.ts';
import { can } from '../auth/permissions.ts';
import { authRepository } from '../auth/repository.ts';
import type { ApiKeyCaller, AuthService, SessionUser } from '../auth/service.ts';
import { SESSION_COOKIE } from '../auth/session-cookie.ts';
import { safeEqual } from '../security/tokens.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, forbidden, notFound, unauthorized } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';

export { SESSION_COOKIE };

export type Auth = { kind: 'session'; user: SessionUser } | { kind: 'api_key'; key: ApiKeyCaller };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route authenticates its callers itself (the OpenID Connect endpoints). */
    ownAuthentication?: boolean;
  }
  interface FastifyRequest {
    auth: Auth | null;
    /** The caller as a member of the route's organization, resolved before the body is validated. */
    orgActor: Actor | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The route's OpenAPI `security` (undefined: the document's default, a key or a session). */
function securityOf(request: FastifyRequest): Array<Record<string, unknown>> | undefined {
  return (request.routeOptions.schema as { security?: Array<Record<string, unknown>> } | undefined)?.security;
}

/** Routes open to anyone (`security: []`): a signed-in person may be recognised, no key is asked. */
function isPublic(request: FastifyRequest): boolean {
  return securityOf(request)?.length === 0;
}

/** Routes only a signed-in person may call (`security: [{ session: [] }]`): no key, nobody else. */
function sessionOnly(request: FastifyRequest): boolean {
  const security = securityOf(request);
  return !!security?.length && security.every((s) => Object.keys(s).join() === 'session');
}

/** Routes of one organization (`/orgs/:org/…`) that only its members and keys may call (not public ones). */
function membersOnly(request: FastifyRequest): boolean {
  const { url, config } = request.routeOptions;
  if (!url?.includes('/orgs/:org') || config.ownAuthentication) return false;
  return !isPublic(request);
}

/**
 * Who is calling: a bearer API key or a session cookie. Cookie calls that change state need the
 * CSRF token. Both run before the body is read (preParsing), and so does the check that the caller
 * belongs to the organization of an `/orgs/:org/…` route: a stranger gets 401, another tenant 404,
 * whatever the body held or however malformed it was, and no stranger's body is parsed at all.
 * Routes for a signed-in person only (`security: [{ session: [] }]`) answer 401 to anyone else there too.
 */
export function registerAuthentication(
  app: FastifyInstance,
  deps: Pick<Deps, 'db'>,
  auth: AuthService,
): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('orgActor', null);
  app.addHook('preParsing', async (request) => {
    // The OpenID Connect endpoints authenticate apps and tokens themselves.
    if (request.routeOptions.config.ownAuthentication) return;
    // Only the API's non-public routes take a key. Any other Authorization (HTTP Basic of a proxy in
    // front of Beckon, say) is not Beckon's: pages, health checks and a signed-in person's calls
    // go on as if it were not there.
    const takesKey = request.routeOptions.url?.startsWith('/api/v1/') === true && !isPublic(request);
    const header = request.headers.authorization;
    const bearer = takesKey && header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (bearer) {
      request.auth = { kind: 'api_key', key: await auth.resolveApiKey(bearer[1]!) };
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) {
      // No session either: tell a script how a key is sent.
      if (takesKey && header) throw unauthorized('Use "Authorization: Bearer <api key>".');
      return;
    }
    const user = await auth.resolveSession(token);
    if (!user) return;
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, user.csrfToken)) {
        throw new AppError(
          403,
          'csrf_failed',
          'Missing or wrong X-CSRF-Token header. Reload the page and try again.',
        );
      }
    }
    request.auth = { kind: 'session', user };
  });
  app.addHook('preParsing', async (request) => {
    if (sessionOnly(request) && request.auth?.kind !== 'session') throw unauthorized();
    if (!membersOnly(request)) return;
    const org = (request.params as { org?: unknown }).org;
    request.orgActor = await requireOrgActor(deps, request, typeof org === 'string' ? org : '', null);
  });
}

export function setSessionCookie(
  reply: FastifyReply,
  token: string,
  maxAgeSeconds: number,
  secure: boolean,
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: maxAgeSeconds,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

export function requireUser(
  request: FastifyRequest,
  options: { allowPasswordChange?: boolean } = {},
): SessionUser {
  if (request.auth?.kind !== 'session') throw unauthorized();
  if (request.auth.user.mustChangePassword && !options.allowPasswordChange) {
    throw new AppError(403, 'password_change_required', 'Choose a new password before continuing.');
  }
  return request.auth.user;
}

/**
 * Resolves the caller as an actor of organization `orgId` holding `capability`. Another
 * organization answers 404, never 403: callers learn nothing about tenants they are not in.
 */
export async function requireOrgActor(
  deps: Pick<Deps, 'db'>,
  request: FastifyRequest,
  orgId: string,
  capability: Capability | null,
): Promise<Actor> {
  const auth = request.auth;
  if (!auth) throw unauthorized();
  if (!isUuid(orgId)) throw notFound('Organization');
  let actor: Actor;
  const resolved = request.orgActor;
  if (resolved && resolved.orgId === orgId) {
    actor = resolved;
  } else if (auth.kind === 'api_key') {
    const { key } = auth;
    if (key.orgId !== orgId) throw notFound('Organization');
    // Rights already lowered to the creator's current ones when the key was resolved.
    actor = {
      type: 'api_key',
      id: key.id,
      name: `API key "${key.name}"`,
      userId: null,
      memberId: null,
      orgId,
      role: key.role,
      permissions: key.permissions,
      managedGroupIds: key.managedGroupIds,
    };
  } else {
    const user = requireUser(request);
    const member = await authRepository.findMembership(deps.db, orgId, user.userId);
    if (!member) throw notFound('Organization');
    if (member.status !== 'active') throw forbidden('Your membership of this organization is deactivated.');
    actor = {
      type: 'user',
      id: user.userId,
      name: user.name,
      userId: user.userId,
      memberId: member.id,
      orgId,
      role: member.role,
      permissions: member.permissions,
      managedGroupIds:
        member.role === 'manager' ? await authRepository.managedGroupIds(deps.db, member.id) : [],
    };
  }
  if (capability && !can(actor, capability)) throw forbidden();
  return actor;
}
