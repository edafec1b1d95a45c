import { Type } from 'typebox';
import { PublicLookSchema } from '../branding/schemas.ts';
import { setSessionCookie } from '../http/authenticate.ts';
import { errors } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import { LocaleSchema } from '../i18n/schemas.ts';
import type { Services } from '../services.ts';
import { ContinueToSchema } from './schemas.ts';

const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });
const perClient = { max: 30, timeWindow: '1 minute' };

export async function invitationPublicRoutes(app: App, services: Services) {
  const { invitationLinks, config } = services;
  const tags = ['invitee'];

  app.get(
    '/api/v1/invitations/:token',
    {
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags,
        security: [],
        summary: 'What a link offers. Opening it changes nothing.',
        description:
          'A dead link answers 410 with `error.code` `expired`, `cancelled`, `declined`, `accepted` or `replaced` (an older link of an invitation still open; once accepted, cancelled or declined, every link says that); `error.organization` has the name and look of the organization; `expired` adds `error.inviterName` and `error.canRequestNew`, `accepted` adds `error.organizationId` (Beckon extension).',
        params: TokenParams,
        response: {
          200: Type.Object({
            status: Type.String(),
            organization: Type.Intersect([Type.Object({ name: Type.String() }), PublicLookSchema]),
            groups: Type.Array(Type.String(), { description: 'Names of the groups the invitee joins' }),
            trainings: Type.Array(Type.String(), { description: 'Names of the trainings waiting in them' }),
            email: Type.String(),
            expiresAt: Type.String({ format: 'date-time' }),
            accountExists: Type.Boolean(),
            inviterName: Type.Union([Type.String(), Type.Null()]),
            role: Type.String(),
            message: Type.Union([Type.String(), Type.Null()]),
            locale: LocaleSchema,
            languages: Type.Array(LocaleSchema, {
              description: 'The languages the page may switch to (the organization’s allowed ones).',
            }),
          }),
          ...errors(404, 410, 429),
        },
      },
    },
    async (request) => invitationLinks.view(request.params.token),
  );

  app.post(
    '/api/v1/invitations/:token/accept',
    {
      config: { rateLimit: perClient },
      schema: {
        tags,
        security: [],
        summary:
          'Accept: a new person gives name and password; a signed-in person with the invited address sends {}',
        description:
          'A dead link answers 410 with the same `error` as `GET /api/v1/invitations/{token}` (its code, the organization, and what that code adds).',
        params: TokenParams,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ maxLength: 200 })),
            password: Type.Optional(Type.String({ maxLength: 200 })),
            locale: Type.Optional(
              Type.Union(LocaleSchema.anyOf, {
                description:
                  "The language the page was shown in: a new account's language (default: the invitation's). A signed-in person's stays theirs.",
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            organization: Type.Object({ id: Type.String() }),
            user: Type.Object({ id: Type.String() }),
            csrfToken: Type.String(),
            continueTo: ContinueToSchema,
          }),
          ...errors(400, 403, 404, 409, 410, 429),
        },
      },
    },
    async (request, reply) => {
      const session = request.auth?.kind === 'session' ? request.auth.user : null;
      const result = await invitationLinks.accept(request.params.token, session, request.body ?? {});
      if (result.session)
        setSessionCookie(
          reply,
          result.session.token,
          result.session.maxAgeSeconds,
          config.appUrl.startsWith('https:'),
        );
      return reply.status(201).send({
        organization: { id: result.invitation.org_id },
        user: { id: result.userId },
        csrfToken: result.csrfToken,
        continueTo: result.continueTo,
      });
    },
  );

  app.post(
    '/api/v1/invitations/:token/viewed',
    {
      config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags,
        security: [],
        summary:
          "The invitee page reports it showed the invitation in a browser: a 'viewed' history event, once; nothing else changes",
        params: TokenParams,
        response: { 204: Type.Null(), ...errors(404, 410, 429) },
      },
    },
    async (request, reply) => {
      await invitationLinks.viewed(request.params.token);
      return reply.status(204).send(null);
    },
  );

  // A fetch of the invitee page itself (the HTML, before any script runs). Noted after the answer
  // is sent, so the page is as fast and its GET as free of effects as before: only a delayed
  // check is queued, which records a link check if no browser reports a view (see notePageFetch).
  app.addHook('onResponse', async (request) => {
    if (request.method !== 'GET') return;
    const m = /^\/invite\/([^/?#]+)$/.exec(request.url.split('?')[0]!);
    if (!m) return;
    await invitationLinks
      .notePageFetch(decodeURIComponent(m[1]!))
      .catch((err) => request.log.warn({ err }, 'invitee page fetch not noted'));
  });

  app.post(
    '/api/v1/invitations/:token/request-new',
    {
      // Per client address; each invitation also reaches its inviter at most once a day.
      config: { rateLimit: { max: 5, timeWindow: '1 hour' } },
      schema: {
        tags,
        security: [],
        summary:
          "Ask the inviter for a new invitation (an expired link's page). Always 202, whatever the token: nothing says whether the link exists (Beckon extension)",
        params: TokenParams,
        response: { 202: Type.Object({ message: Type.String() }), ...errors(429) },
      },
    },
    async (request, reply) => {
      await invitationLinks.requestNew(request.params.token);
      return reply.status(202).send({
        message:
          'If this invitation can be renewed, the person who invited you has been asked to send a new one.',
      });
    },
  );

  app.post(
    '/api/v1/invitations/:token/decline',
    {
      config: { rateLimit: perClient },
      schema: {
        tags,
        security: [],
        summary: 'Decline the invitation',
        description:
          'A dead link answers 410 with the same `error` as `GET /api/v1/invitations/{token}` (its code, the organization, and what that code adds).',
        params: TokenParams,
        response: { 200: Type.Object({ status: Type.Literal('declined') }), ...errors(404, 410, 429) },
      },
    },
    async (request) => invitationLinks.decline(request.params.token),
  );
}
