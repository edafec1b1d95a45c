import { Type } from 'typebox';
import { setSessionCookie } from '../http/authenticate.ts';
import { errors } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import { NewOrganizationFields } from '../organizations/settings.ts';
import type { Services } from '../services.ts';

const SetupBody = Type.Object(
  {
    organization: Type.Object(
      {
        name: Type.String({ maxLength: 200 }),
        ...NewOrganizationFields,
      },
      { additionalProperties: false },
    ),
    owner: Type.Object(
      {
        name: Type.String({ maxLength: 200 }),
        email: Type.String({ maxLength: 320 }),
        password: Type.String({ maxLength: 200 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export async function setupRoutes(app: App, { setup, config }: Services) {
  app.get(
    '/api/v1/setup',
    {
      schema: {
        tags: ['setup'],
        summary: 'Whether the first organization still has to be created',
        security: [],
        response: { 200: Type.Object({ needed: Type.Boolean() }) },
      },
    },
    async () => ({ needed: await setup.isNeeded() }),
  );

  app.post(
    '/api/v1/setup',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['setup'],
        summary: 'Create the first organization and its owner (once)',
        security: [],
        body: SetupBody,
        response: {
          201: Type.Object({
            organization: Type.Object({ id: Type.String() }),
            user: Type.Object({ id: Type.String() }),
            csrfToken: Type.String(),
          }),
          ...errors(400, 409),
        },
      },
    },
    async (request, reply) => {
      const result = await setup.run(request.body);
      setSessionCookie(
        reply,
        result.session.token,
        result.session.maxAgeSeconds,
        config.appUrl.startsWith('https:'),
      );
      return reply.status(201).send({
        organization: { id: result.organization.id },
        user: { id: result.user.id },
        csrfToken: result.session.csrfToken,
      });
    },
  );
}
