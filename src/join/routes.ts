import { Type } from 'typebox';
import { requireOrgActor, setSessionCookie } from '../http/authenticate.ts';
import { errors, OrgParams } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import type { Services } from '../services.ts';
import {
  JoinConfirmBody,
  JoinPageDto,
  JoinPagePatch,
  JoinRequestBody,
  JoinResult,
  JoinVerification,
  PublicJoinPage,
} from './schemas.ts';

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 100 }) });
const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });

export async function joinRoutes(app: App, services: Services) {
  const { join, config } = services;
  const adminTags = ['join page'];
  const publicTags = ['join page (public)'];

  app.get(
    '/api/v1/orgs/:org/join-page',
    {
      schema: {
        tags: adminTags,
        summary:
          'Join page settings; before the first save, a suggested link that is kept for this organization from this first look',
        params: OrgParams,
        response: { 200: JoinPageDto, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireOrgActor(services, request, request.params.org, 'settings');
      return join.settings(actor);
    },
  );

  app.patch(
    '/api/v1/orgs/:org/join-page',
    {
      schema: {
        tags: adminTags,
        summary: 'Change the join page (any subset); slug taken: 409 slug_taken',
        params: OrgParams,
        body: JoinPagePatch,
        response: { 200: JoinPageDto, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = await requireOrgActor(services, request, request.params.org, 'settings');
      return join.updateSettings(actor, request.body);
    },
  );

  app.get(
    '/api/v1/join/:slug',
    {
      config: {
        rateLimit: { max: 60, timeWindow: '1 minute', keyGenerator: (req) => `join-page:${req.ip}` },
      },
      schema: {
        tags: publicTags,
        summary: 'The public join page: 404 unknown or off, 410 join_closed when expired or full',
        security: [],
        params: SlugParams,
        querystring: Type.Object({
          lang: Type.Optional(
            Type.String({
              maxLength: 35,
              description:
                "The reader's chosen language (a BCP 47 tag): used when the organization allows it, before Accept-Language.",
            }),
          ),
        }),
        response: { 200: PublicJoinPage, ...errors(404, 410, 429) },
      },
    },
    async (request) =>
      join.publicPage(request.params.slug, request.headers['accept-language'], request.query.lang),
  );

  app.post(
    '/api/v1/join/:slug',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: (req) => `join-ask:${req.ip}` } },
      schema: {
        tags: publicTags,
        summary:
          'Ask to join: always 202 (nothing says whether the address is known); emails a verification link',
        security: [],
        params: SlugParams,
        body: JoinRequestBody,
        response: { 202: Type.Object({ message: Type.String() }), ...errors(400, 404, 410, 429) },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          await join.request(
            request.params.slug,
            request.body.email,
            request.body.locale ?? null,
            request.headers['accept-language'],
          ),
        ),
  );

  app.get(
    '/api/v1/join/verify/:token',
    {
      config: {
        rateLimit: { max: 30, timeWindow: '1 minute', keyGenerator: (req) => `join-verify-read:${req.ip}` },
      },
      schema: {
        tags: publicTags,
        summary:
          'What a verification link is for (410 used, expired or join_closed; 404 unknown). Changes nothing.',
        security: [],
        params: TokenParams,
        response: { 200: JoinVerification, ...errors(404, 410, 429) },
      },
    },
    async (request) => join.inspect(request.params.token),
  );

  app.post(
    '/api/v1/join/verify/:token',
    {
      config: {
        rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: (req) => `join-verify:${req.ip}` },
      },
      schema: {
        tags: publicTags,
        summary: 'Join: a new person gives name and password; someone signed in with the address sends {}',
        security: [],
        params: TokenParams,
        body: JoinConfirmBody,
        response: { 201: JoinResult, ...errors(400, 403, 404, 409, 410, 429) },
      },
    },
    async (request, reply) => {
      const session = request.auth?.kind === 'session' ? request.auth.user : null;
      const result = await join.confirm(
        request.params.token,
        session,
        request.body ?? {},
        request.headers['accept-language'],
      );
      if (result.session)
        setSessionCookie(
          reply,
          result.session.token,
          result.session.maxAgeSeconds,
          config.appUrl.startsWith('https:'),
        );
      return reply.status(201).send({
        organization: { id: result.orgId },
        user: { id: result.userId },
        csrfToken: result.csrfToken,
        continueTo: result.continueTo,
      });
    },
  );
}
