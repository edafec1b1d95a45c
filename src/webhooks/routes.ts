import { Type } from 'typebox';
import { requireOrgActor } from '../http/authenticate.ts';
import { errors, OrgIdParams, OrgParams } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import type { Services } from '../services.ts';
import { DeliveryPage, WebhookDelivery, WebhookEndpoint, WebhookList, WebhookWithSecret } from './schemas.ts';

const DeliveryParams = Type.Object({ org: Type.String(), id: Type.String(), deliveryId: Type.String() });
const Events = Type.Array(Type.String({ maxLength: 64 }), {
  maxItems: 20,
  description: 'Empty or absent: every event',
});

export async function webhookRoutes(app: App, services: Services) {
  const { webhooks } = services;
  const tags = ['webhooks'];
  const admin = (request: Parameters<typeof requireOrgActor>[1], org: string) =>
    requireOrgActor(services, request, org, 'settings');

  app.get(
    '/api/v1/orgs/:org/webhooks',
    {
      schema: {
        tags,
        summary: 'Outgoing webhook endpoints',
        params: OrgParams,
        response: { 200: WebhookList, ...errors(401, 403, 404) },
      },
    },
    async (request) => webhooks.list((await admin(request, request.params.org)).orgId),
  );
  app.post(
    '/api/v1/orgs/:org/webhooks',
    {
      schema: {
        tags,
        summary: 'Add an endpoint; the signing secret is in this answer (and can be revealed again)',
        params: OrgParams,
        body: Type.Object(
          { url: Type.String({ maxLength: 2000 }), events: Type.Optional(Events) },
          { additionalProperties: false },
        ),
        response: {
          201: WebhookWithSecret,
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await webhooks.create(await admin(request, request.params.org), request.body)),
  );
  app.patch(
    '/api/v1/orgs/:org/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Change an endpoint',
        params: OrgIdParams,
        body: Type.Object(
          {
            url: Type.Optional(Type.String({ maxLength: 2000 })),
            events: Type.Optional(Events),
            enabled: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: WebhookEndpoint, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) =>
      webhooks.update(await admin(request, request.params.org), request.params.id, request.body),
  );
  app.get(
    '/api/v1/orgs/:org/webhooks/:id/secret',
    {
      schema: {
        tags,
        summary: 'Reveal the signing secret',
        params: OrgIdParams,
        response: { 200: Type.Object({ secret: Type.String() }), ...errors(401, 403, 404) },
      },
    },
    async (request) => webhooks.revealSecret(await admin(request, request.params.org), request.params.id),
  );
  app.post(
    '/api/v1/orgs/:org/webhooks/:id/secret/rotate',
    {
      schema: {
        tags,
        summary: 'Replace the signing secret; the old one stops signing at once (Beckon extension)',
        params: OrgIdParams,
        response: {
          200: WebhookWithSecret,
          ...errors(401, 403, 404),
        },
      },
    },
    async (request) => webhooks.rotateSecret(await admin(request, request.params.org), request.params.id),
  );
  app.get(
    '/api/v1/orgs/:org/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        summary:
          'Recent deliveries to an endpoint, newest first, with the receiver’s answer (Beckon extension)',
        params: OrgIdParams,
        querystring: Type.Object({
          before: Type.Optional(
            Type.String({ maxLength: 20, description: 'nextBefore of the previous page' }),
          ),
        }),
        response: { 200: DeliveryPage, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) =>
      webhooks.deliveries(
        (await admin(request, request.params.org)).orgId,
        request.params.id,
        request.query.before,
      ),
  );
  app.post(
    '/api/v1/orgs/:org/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      schema: {
        tags,
        summary: 'Send one delivery again, same id and payload, signed anew (Beckon extension)',
        params: DeliveryParams,
        response: { 202: WebhookDelivery, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          await webhooks.redeliver(
            await admin(request, request.params.org),
            request.params.id,
            request.params.deliveryId,
          ),
        ),
  );
  app.delete(
    '/api/v1/orgs/:org/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Remove an endpoint',
        params: OrgIdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await webhooks.remove(await admin(request, request.params.org), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
