import { Type } from 'typebox';
import { clearSessionCookie, requireUser, setSessionCookie } from '../http/authenticate.ts';
import { errors, Nullable } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import type { Locale } from '../i18n/locales.ts';
import { LocaleSchema } from '../i18n/schemas.ts';
import type { Services } from '../services.ts';
import { secondsText } from '../shared/durations.ts';
import { tooManyRequests, unauthorized } from '../shared/errors.ts';
import { DEVICE_COOKIE, setTrustedDeviceCookie } from './trusted-device.ts';

const SessionUserDto = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  mustChangePassword: Type.Boolean(),
  locale: Type.Union([LocaleSchema, Type.Null()], {
    description: 'The console language the person chose; null: the browser’s.',
  }),
  timeZone: Type.Union([Type.String(), Type.Null()], {
    description: 'The IANA time zone the person chose; null: the organization’s, else the browser’s.',
  }),
});
const MembershipDto = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.String(),
  permissions: Type.Array(Type.String()),
  status: Type.String(),
});
const SessionDto = Type.Object({
  user: SessionUserDto,
  organizations: Type.Array(MembershipDto),
  csrfToken: Type.String(),
});

export async function sessionRoutes(app: App, { auth, config }: Services) {
  const present = async (
    user: {
      userId: string;
      email: string;
      name: string;
      mustChangePassword: boolean;
      locale: string | null;
      timeZone: string | null;
    },
    csrfToken: string,
  ) => ({
    user: {
      id: user.userId,
      email: user.email,
      name: user.name,
      mustChangePassword: user.mustChangePassword,
      locale: user.locale as Locale | null,
      timeZone: user.timeZone,
    },
    organizations: await auth.memberships(user.userId),
    csrfToken,
  });

  const signInsPerClient = app.createRateLimit({
    max: config.signinRatePerClientPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => `signin-client:${request.ip}`,
  });
  app.post(
    '/api/v1/session',
    {
      // Per client address, whatever the address tried: slows one client trying a password across
      // many accounts, with room for an office signing in behind one address. A check of its own:
      // the route's limit below keeps its per-address count.
      onRequest: async (request) => {
        const limit = await signInsPerClient(request);
        if (!limit.isAllowed && limit.isExceeded)
          throw tooManyRequests(
            `Too many sign-in attempts from this network address. Try again in ${secondsText(limit.ttlInSeconds)}.`,
            limit.ttlInSeconds,
          );
      },
      config: {
        // Per address and client: slows guessing one account's password without locking out a shared office IP.
        rateLimit: {
          max: 10,
          timeWindow: '1 minute',
          hook: 'preHandler',
          keyGenerator: (req) =>
            `signin:${req.ip}:${String((req.body as { email?: string } | undefined)?.email ?? '').toLowerCase()}`,
        },
      },
      schema: {
        tags: ['session'],
        summary: 'Sign in',
        security: [],
        body: Type.Object(
          { email: Type.String({ maxLength: 320 }), password: Type.String({ maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: SessionDto, ...errors(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { user, session, deviceToken } = await auth.signIn(
        request.body.email,
        request.body.password,
        request.cookies[DEVICE_COOKIE],
      );
      const secure = config.appUrl.startsWith('https:');
      setSessionCookie(reply, session.token, session.maxAgeSeconds, secure);
      setTrustedDeviceCookie(reply, deviceToken, secure);
      return present(
        {
          userId: user.id,
          email: user.email,
          name: user.name,
          mustChangePassword: user.must_change_password,
          locale: user.locale,
          timeZone: user.time_zone,
        },
        session.csrfToken,
      );
    },
  );

  app.get(
    '/api/v1/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Who am I',
        security: [{ session: [] }],
        response: { 200: SessionDto, ...errors(401) },
      },
    },
    async (request) => {
      const user = requireUser(request, { allowPasswordChange: true });
      return present(user, user.csrfToken);
    },
  );

  app.delete(
    '/api/v1/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign out',
        security: [{ session: [] }],
        response: { 204: Type.Null(), ...errors(401, 403) },
      },
    },
    async (request, reply) => {
      if (request.auth?.kind !== 'session') throw unauthorized();
      await auth.signOut(request.auth.user.sessionId);
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );

  app.patch(
    '/api/v1/session/preferences',
    {
      schema: {
        tags: ['session'],
        summary: 'Choose my console language and time zone (null: the browser’s)',
        security: [{ session: [] }],
        body: Type.Object(
          {
            locale: Nullable(LocaleSchema),
            timeZone: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: SessionDto, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const user = requireUser(request, { allowPasswordChange: true });
      const updated = await auth.updatePreferences(user, request.body);
      return present(updated, user.csrfToken);
    },
  );

  app.post(
    '/api/v1/session/password',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['session'],
        summary: 'Change my password (required after an administrator set it)',
        security: [{ session: [] }],
        body: Type.Object(
          { currentPassword: Type.String({ maxLength: 200 }), newPassword: Type.String({ maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request, { allowPasswordChange: true });
      await auth.changePassword(user, request.body.currentPassword, request.body.newPassword);
      return reply.status(204).send(null);
    },
  );
}
