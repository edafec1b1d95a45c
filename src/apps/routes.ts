import { Type } from 'typebox';
import { requireOrgActor } from '../http/authenticate.ts';
import { errors, OrgIdParams, OrgParams } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import type { Services } from '../services.ts';
import { AppEvents, App as AppSchema, AppWithSecret, CreateApp, UpdateApp } from './schemas.ts';

/** Apps connected through OpenID Connect: owners and administrators manage them. */
export async function appRoutes(app: App, services: Services) {
  const { apps } = services;
  const tags = ['apps'];
  const manager = (request: Parameters<typeof requireOrgActor>[1], org: string) =>
    requireOrgActor(services, request, org, 'settings');

  app.get(
    '/api/v1/orgs/:org/apps',
    {
      schema: {
        tags,
        summary: 'Apps of the organization',
        params: OrgParams,
        response: { 200: Type.Object({ items: Type.Array(AppSchema) }), ...errors(401, 403, 404) },
      },
    },
    async (request) => apps.list(await manager(request, request.params.org)),
  );
  app.post(
    '/api/v1/orgs/:org/apps',
    {
      schema: {
        tags,
        summary: 'Register an app; a web app’s client secret is in this answer only',
        params: OrgParams,
        body: CreateApp,
        response: { 201: AppWithSecret, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await apps.create(await manager(request, request.params.org), request.body)),
  );
  app.get(
    '/api/v1/orgs/:org/apps/:id',
    {
      schema: {
        tags,
        summary: 'One app',
        params: OrgIdParams,
        response: { 200: AppSchema, ...errors(401, 403, 404) },
      },
    },
    async (request) => apps.get(await manager(request, request.params.org), request.params.id),
  );
  app.patch(
    '/api/v1/orgs/:org/apps/:id',
    {
      schema: {
        tags,
        summary: 'Change an app, or disable it (its grants and tokens are revoked)',
        params: OrgIdParams,
        body: UpdateApp,
        response: { 200: AppSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) =>
      apps.update(await manager(request, request.params.org), request.params.id, request.body),
  );
  app.delete(
    '/api/v1/orgs/:org/apps/:id',
    {
      schema: {
        tags,
        summary: 'Remove an app; its grants and tokens are revoked',
        params: OrgIdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await apps.remove(await manager(request, request.params.org), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/v1/orgs/:org/apps/:id/secret',
    {
      schema: {
        tags,
        summary: 'Rotate a web app’s client secret: the new one is shown once, the old one stops working',
        params: OrgIdParams,
        response: { 200: AppWithSecret, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => apps.rotateSecret(await manager(request, request.params.org), request.params.id),
  );
  app.get(
    '/api/v1/orgs/:org/apps/:id/events',
    {
      schema: {
        tags,
        summary: 'History of an app: every change with who made it',
        params: OrgIdParams,
        response: { 200: AppEvents, ...errors(401, 403, 404) },
      },
    },
    async (request) => apps.events(await manager(request, request.params.org), request.params.id),
  );
}
