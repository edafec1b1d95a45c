import { Type } from 'typebox';
import { requireOrgActor } from '../http/authenticate.ts';
import { errors, OrgParams } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import { ContinueToSchema } from '../invitations/schemas.ts';
import type { Services } from '../services.ts';

const Ref = Type.Object({ id: Type.String(), name: Type.String() });
const Training = Type.Object({
  id: Type.String(),
  name: Type.String(),
  launchUrl: Type.Union([Type.String(), Type.Null()], {
    description:
      'Where the training opens ("Open"): its launch URL, else its app\'s; null when it opens nowhere.',
  }),
  app: Type.Union([Ref, Type.Null()], { description: 'The app the training belongs to' }),
});

/** The caller's own membership: any member, learners included, sees their groups and assigned trainings. */
export async function meRoutes(app: App, services: Services) {
  app.get(
    '/api/v1/orgs/:org/me',
    {
      schema: {
        tags: ['members'],
        summary:
          'My membership in this organization: role, groups, assigned trainings and the app to continue to',
        params: OrgParams,
        response: {
          200: Type.Object({
            memberId: Type.Union([Type.String(), Type.Null()]),
            role: Type.String(),
            permissions: Type.Array(Type.String()),
            groups: Type.Array(Ref),
            trainings: Type.Array(Training),
            continueTo: ContinueToSchema,
          }),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request) => {
      const actor = await requireOrgActor(services, request, request.params.org, null);
      return services.members.mine(actor);
    },
  );
}
