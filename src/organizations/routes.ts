import { Type } from 'typebox';
import { requireOrgActor, requireUser } from '../http/authenticate.ts';
import { errors, OrgParams } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import type { Services } from '../services.ts';
import { NewOrganizationFields, Settings, SettingsPatch } from './settings.ts';

export async function organizationRoutes(app: App, services: Services) {
  const { organizations } = services;

  app.post(
    '/api/v1/orgs',
    {
      // Each organization has its own per-recipient limit: creating them without end would lift it.
      config: {
        rateLimit: { max: 10, timeWindow: '1 hour', keyGenerator: (req) => `new-org:${req.ip}` },
      },
      schema: {
        tags: ['organizations'],
        summary: 'Create another organization; the caller becomes its owner',
        security: [{ session: [] }],
        body: Type.Object(
          {
            name: Type.String({ maxLength: 200 }),
            ...NewOrganizationFields,
          },
          { additionalProperties: false },
        ),
        description:
          'Refused (403) to someone who is only a learner in every organization they belong to, unless LEARNERS_CREATE_ORGANIZATIONS is set.',
        response: {
          201: Type.Object({ id: Type.String(), name: Type.String() }),
          ...errors(400, 401, 403, 429),
        },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { name, timeZone, locale } = request.body;
      const org = await organizations.create(user.userId, name, timeZone, locale);
      return reply.status(201).send({ id: org.id, name: org.name });
    },
  );

  app.get(
    '/api/v1/orgs/:org',
    {
      schema: {
        tags: ['organizations'],
        summary: "The organization and the caller's role in it",
        params: OrgParams,
        response: {
          200: Type.Object({
            id: Type.String(),
            name: Type.String(),
            role: Type.String(),
            permissions: Type.Array(Type.String()),
          }),
          ...errors(401, 404),
        },
      },
    },
    async (request) => {
      const actor = await requireOrgActor(services, request, request.params.org, null);
      const org = await organizations.get(actor.orgId);
      return { id: org.id, name: org.name, role: actor.role, permissions: actor.permissions };
    },
  );

  app.get(
    '/api/v1/orgs/:org/settings',
    {
      schema: {
        tags: ['organizations'],
        summary: 'Organization settings',
        params: OrgParams,
        response: { 200: Settings, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireOrgActor(services, request, request.params.org, 'invitations');
      return organizations.settings(actor.orgId);
    },
  );

  app.patch(
    '/api/v1/orgs/:org/settings',
    {
      schema: {
        tags: ['organizations'],
        summary: 'Change organization settings (any subset)',
        params: OrgParams,
        body: SettingsPatch,
        response: { 200: Settings, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireOrgActor(services, request, request.params.org, 'settings');
      return organizations.updateSettings(actor, request.body);
    },
  );
}
