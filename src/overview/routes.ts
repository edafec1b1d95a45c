import { requireOrgActor } from '../http/authenticate.ts';
import { errors, OrgParams } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import type { Services } from '../services.ts';
import { ActivityDto, AttentionDto, FiguresDto, FunnelDto, RangeQuery } from './schemas.ts';

export async function overviewRoutes(app: App, services: Services) {
  const { overview } = services;
  const tags = ['overview'];
  // Everyone who may invite; a manager's answers cover the groups they manage.
  const actor = (request: Parameters<typeof requireOrgActor>[1], org: string) =>
    requireOrgActor(services, request, org, 'invitations');
  const description =
    "Read from rollups kept in the same transaction as each change; a manager's answer covers the invitations into the groups they manage.";

  app.get(
    '/api/v1/orgs/:org/overview/figures',
    {
      schema: {
        tags,
        summary: 'Figures that matter now, each with the invitation list filter that shows them',
        description,
        params: OrgParams,
        response: { 200: FiguresDto, ...errors(401, 403, 404) },
      },
    },
    async (request) => overview.figures(await actor(request, request.params.org)),
  );

  app.get(
    '/api/v1/orgs/:org/overview/activity',
    {
      schema: {
        tags,
        summary: "Invitation emails sent and acceptances per day, in the organization's time zone",
        description,
        params: OrgParams,
        querystring: RangeQuery,
        response: { 200: ActivityDto, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => overview.activity(await actor(request, request.params.org), request.query.days ?? 30),
  );

  app.get(
    '/api/v1/orgs/:org/overview/funnel',
    {
      schema: {
        tags,
        summary: 'Invited → delivered → opened → accepted, in total and by group, import and inviter',
        description,
        params: OrgParams,
        querystring: RangeQuery,
        response: { 200: FunnelDto, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => overview.funnel(await actor(request, request.params.org), request.query.days ?? 30),
  );

  app.get(
    '/api/v1/orgs/:org/overview/attention',
    {
      schema: {
        tags,
        summary: 'Needs attention: expiring and never opened, delivery failures, imports with failed rows',
        description,
        params: OrgParams,
        response: { 200: AttentionDto, ...errors(401, 403, 404) },
      },
    },
    async (request) => overview.attention(await actor(request, request.params.org)),
  );
}
