import { requireOrgActor } from '../http/authenticate.ts';
import { errors, OrgIdParams, OrgParams } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import type { Services } from '../services.ts';
import { MemberProfileDto } from './profile-schemas.ts';
import { MemberDto, MemberList, MemberListQuery, MemberPatch } from './schemas.ts';

export async function memberRoutes(app: App, services: Services) {
  const { members } = services;
  const tags = ['members'];

  app.get(
    '/api/v1/orgs/:org/members',
    {
      schema: {
        tags,
        summary: 'Members, newest first, with groups and trainings',
        params: OrgParams,
        querystring: MemberListQuery,
        response: { 200: MemberList, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireOrgActor(services, request, request.params.org, 'invitations');
      return members.list(actor, request.query);
    },
  );

  app.get(
    '/api/v1/orgs/:org/members/:id',
    {
      schema: {
        tags,
        summary: 'One member',
        params: OrgIdParams,
        response: { 200: MemberDto, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireOrgActor(services, request, request.params.org, 'invitations');
      return members.get(actor.orgId, request.params.id, actor);
    },
  );

  app.get(
    '/api/v1/orgs/:org/members/:id/profile',
    {
      schema: {
        tags,
        summary:
          "A person's page: the membership, every invitation to their address, membership changes, and the actions that apply",
        params: OrgIdParams,
        response: { 200: MemberProfileDto, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireOrgActor(services, request, request.params.org, 'invitations');
      return services.memberProfiles.profile(actor, request.params.id);
    },
  );

  app.patch(
    '/api/v1/orgs/:org/members/:id',
    {
      schema: {
        tags,
        summary: "Change a member's role, permissions (people, templates) or status (active, deactivated)",
        params: OrgIdParams,
        body: MemberPatch,
        response: { 200: MemberDto, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = await requireOrgActor(services, request, request.params.org, 'settings');
      return members.update(actor, request.params.id, request.body);
    },
  );
}
