import { Type } from 'typebox';
import { requireOrgActor } from '../http/authenticate.ts';
import { errors, OrgParams } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import type { Services } from '../services.ts';
import { memberRepository as repo } from './repository.ts';

const Ref = Type.Object({ id: Type.String(), name: Type.String() });

/** The caller's own membership: any member, learners included, sees their groups and assigned trainings. */
export async function meRoutes(app: App, services: Services) {
  app.get(
    '/api/v1/orgs/:org/me',
    {
      schema: {
        tags: ['members'],
        summary: 'My membership in this organization: role, groups and assigned trainings',
        params: OrgParams,
        response: {
          200: Type.Object({
            memberId: Type.Union([Type.String(), Type.Null()]),
            role: Type.String(),
            permissions: Type.Array(Type.String()),
            groups: Type.Array(Ref),
            trainings: Type.Array(Ref),
          }),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request) => {
      const actor = await requireOrgActor(services, request, request.params.org, null);
      const ids = actor.memberId ? [actor.memberId] : [];
      const [groups, trainings] = await Promise.all([
        repo.groupsOf(services.db, ids),
        repo.trainingsOf(services.db, ids),
      ]);
      return {
        memberId: actor.memberId,
        role: actor.role,
        permissions: actor.permissions,
        groups: groups.map((g) => ({ id: g.id, name: g.name })),
        trainings: trainings.map((t) => ({ id: t.id, name: t.name })),
      };
    },
  );
}
