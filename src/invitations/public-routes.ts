import { Type } from 'typebox';
import { setSessionCookie } from '../http/authenticate.ts';
import { errors } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import type { Services } from '../services.ts';

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
        summary: 'What a link offers. Opening it changes nothing.',
        params: TokenParams,
        response: {
          200: Type.Object({
            status: Type.String(),
            organization: Type.Object({ name: Type.String() }),
            email: Type.String(),
            expiresAt: Type.String({ format: 'date-time' }),
            accountExists: Type.Boolean(),
            inviterName: Type.Union([Type.String(), Type.Null()]),
            role: Type.String(),
            message: Type.Union([Type.String(), Type.Null()]),
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
        summary:
          'Accept: a new person gives name and password; a signed-in person with the invited address sends {}',
        params: TokenParams,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ maxLength: 200 })),
            password: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            organization: Type.Object({ id: Type.String() }),
            user: Type.Object({ id: Type.String() }),
            csrfToken: Type.String(),
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
      });
    },
  );

  app.post(
    '/api/v1/invitations/:token/decline',
    {
      config: { rateLimit: perClient },
      schema: {
        tags,
        summary: 'Decline the invitation',
        params: TokenParams,
        response: { 200: Type.Object({ status: Type.Literal('declined') }), ...errors(404, 410, 429) },
      },
    },
    async (request) => invitationLinks.decline(request.params.token),
  );
}
