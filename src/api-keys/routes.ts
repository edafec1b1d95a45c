import { Type } from 'typebox';
import { requireOrgActor } from '../http/authenticate.ts';
import { errors, OrgIdParams, OrgParams } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import type { Services } from '../services.ts';
import { ApiKeyList, CreateApiKeyBody, CreatedApiKey } from './schemas.ts';

export async function apiKeyRoutes(app: App, services: Services) {
  const { apiKeys } = services;
  const tags = ['api-keys'];

  app.post(
    '/api/v1/orgs/:org/api-keys',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Create an API key (the key is in this answer only)',
        params: OrgParams,
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKey, ...errors(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const actor = await requireOrgActor(services, request, request.params.org, 'settings');
      return reply.status(201).send(await apiKeys.create(actor, request.body));
    },
  );

  app.get(
    '/api/v1/orgs/:org/api-keys',
    {
      schema: {
        tags,
        summary: 'API keys (never the keys themselves)',
        params: OrgParams,
        response: { 200: ApiKeyList, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireOrgActor(services, request, request.params.org, 'settings');
      return { items: await apiKeys.list(actor) };
    },
  );

  app.delete(
    '/api/v1/orgs/:org/api-keys/:id',
    {
      schema: {
        tags,
        summary: 'Revoke an API key',
        params: OrgIdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = await requireOrgActor(services, request, request.params.org, 'settings');
      await apiKeys.revoke(actor, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
