import { Type } from 'typebox';
import { requireOrgActor } from '../http/authenticate.ts';
import { errors, OrgParams } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import type { Services } from '../services.ts';
import { CreditBalance, CreditSummary } from './schemas.ts';

export async function creditRoutes(app: App, services: Services) {
  const { credits } = services;
  const tags = ['credits'];
  app.get(
    '/api/v1/orgs/:org/credits',
    {
      schema: {
        tags,
        summary: 'Credit balance, holds and recent movements',
        params: OrgParams,
        response: { 200: CreditSummary, ...errors(401, 403, 404) },
      },
    },
    async (request) =>
      credits.summary((await requireOrgActor(services, request, request.params.org, 'settings')).orgId),
  );
  app.get(
    '/api/v1/orgs/:org/credits/balance',
    {
      schema: {
        tags,
        summary:
          'Whether credits are on and how many new invitations the balance allows; for anyone who invites (Beckon extension)',
        params: OrgParams,
        response: { 200: CreditBalance, ...errors(401, 403, 404) },
      },
    },
    async (request) =>
      credits.balance((await requireOrgActor(services, request, request.params.org, 'invitations')).orgId),
  );
  app.post(
    '/api/v1/orgs/:org/credits',
    {
      schema: {
        tags,
        summary: 'Switch credits on or off, and add (or remove) credits',
        params: OrgParams,
        body: Type.Object(
          {
            amount: Type.Optional(Type.Integer({ minimum: -1000000, maximum: 1000000 })),
            enabled: Type.Optional(Type.Boolean()),
            note: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: CreditSummary, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireOrgActor(services, request, request.params.org, 'settings');
      return credits.adjust(actor, request.body);
    },
  );
}
