import { Type } from 'typebox';
import { requireOrgActor } from '../http/authenticate.ts';
import { errors, OrgIdParams, OrgParams } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import type { Services } from '../services.ts';
import { CreateGroupBody, GroupDto, GroupList, SetManagersBody, UpdateGroupBody } from './schemas.ts';

export async function groupRoutes(app: App, services: Services) {
  const { groups } = services;
  const tags = ['groups'];

  app.get(
    '/api/v1/orgs/:org/groups',
    {
      schema: {
        tags,
        summary: 'Groups with their trainings, managers and member counts',
        params: OrgParams,
        response: { 200: GroupList, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      // Everyone who may invite sees every group (managers included: they pick groups when inviting).
      const actor = await requireOrgActor(services, request, request.params.org, 'invitations');
      return { items: await groups.list(actor) };
    },
  );

  app.post(
    '/api/v1/orgs/:org/groups',
    {
      schema: {
        tags,
        summary: 'Create a group with trainings',
        params: OrgParams,
        body: CreateGroupBody,
        response: { 201: GroupDto, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = await requireOrgActor(services, request, request.params.org, 'settings');
      return reply.status(201).send(await groups.create(actor, request.body));
    },
  );

  app.get(
    '/api/v1/orgs/:org/groups/:id',
    {
      schema: {
        tags,
        summary: 'One group',
        params: OrgIdParams,
        response: { 200: GroupDto, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireOrgActor(services, request, request.params.org, 'invitations');
      return groups.get(actor.orgId, request.params.id);
    },
  );

  app.patch(
    '/api/v1/orgs/:org/groups/:id',
    {
      schema: {
        tags,
        summary: 'Rename a group or replace its list of trainings',
        params: OrgIdParams,
        body: UpdateGroupBody,
        response: { 200: GroupDto, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = await requireOrgActor(services, request, request.params.org, 'settings');
      return groups.update(actor, request.params.id, request.body);
    },
  );

  app.delete(
    '/api/v1/orgs/:org/groups/:id',
    {
      schema: {
        tags,
        summary: 'Delete a group (409 group_in_use while open invitations name it)',
        params: OrgIdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = await requireOrgActor(services, request, request.params.org, 'settings');
      await groups.remove(actor, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/orgs/:org/groups/:id/managers',
    {
      schema: {
        tags,
        summary: "Set the group's managers (members with the manager role or higher)",
        params: OrgIdParams,
        body: SetManagersBody,
        response: { 200: GroupDto, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireOrgActor(services, request, request.params.org, 'settings');
      return groups.setManagers(actor, request.params.id, request.body.memberIds);
    },
  );
}
