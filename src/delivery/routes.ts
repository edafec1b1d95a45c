import { Type } from 'typebox';
import { requireOrgActor } from '../http/authenticate.ts';
import { errors, OrgParams } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import type { Services } from '../services.ts';
import { DeliveryProblems, ProblemInvitationsQuery } from './schemas.ts';

export async function deliveryRoutes(app: App, services: Services) {
  const { delivery } = services;
  const tags = ['delivery'];
  const actor = (request: Parameters<typeof requireOrgActor>[1], org: string) =>
    requireOrgActor(services, request, org, 'invitations');

  app.get(
    '/api/v1/orgs/:org/delivery/problems',
    {
      schema: {
        tags,
        summary:
          "Delivery problems of open invitations grouped by recipient domain and by the mail server's answer (Beckon extension)",
        params: OrgParams,
        response: { 200: DeliveryProblems, ...errors(401, 403, 404) },
      },
    },
    async (request) => delivery.summary(await actor(request, request.params.org)),
  );

  app.get(
    '/api/v1/orgs/:org/delivery/problems/invitations',
    {
      schema: {
        tags,
        summary: 'The invitations behind a delivery-problem group, newest first (Beckon extension)',
        params: OrgParams,
        querystring: ProblemInvitationsQuery,
        response: {
          200: Type.Object({
            items: Type.Array(Type.Ref('Invitation')),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => delivery.invitations(await actor(request, request.params.org), request.query),
  );
}
