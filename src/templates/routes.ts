import { Type } from 'typebox';
import { can } from '../auth/permissions.ts';
import { requireOrgActor } from '../http/authenticate.ts';
import { errors, OrgIdParams, OrgParams } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import type { Services } from '../services.ts';
import { forbidden } from '../shared/errors.ts';
import {
  CreateTemplateBody,
  DefaultsQuery,
  DefaultsResponse,
  ListQuery,
  PreviewBody,
  Rendered,
  TemplateSchema,
  UpdateTemplateBody,
} from './schemas.ts';

/**
 * Email templates per organization, kind and language. Reading needs the invitations or the
 * templates capability (bulk resend picks a template); changing needs the templates capability.
 */
export async function templateRoutes(app: App, services: Services) {
  const { templates } = services;
  app.addSchema(TemplateSchema);
  const tags = ['templates'];
  type Req = Parameters<typeof requireOrgActor>[1];
  const writer = (request: Req, org: string) => requireOrgActor(services, request, org, 'templates');
  const reader = async (request: Req, org: string) => {
    const a = await requireOrgActor(services, request, org, null);
    if (!can(a, 'invitations') && !can(a, 'templates')) throw forbidden();
    return a;
  };
  const base = '/api/v1/orgs/:org/templates';

  app.get(
    base,
    {
      schema: {
        tags,
        summary: "The organization's email templates (all languages, or one)",
        params: OrgParams,
        querystring: ListQuery,
        response: {
          200: Type.Object({ items: Type.Array(Type.Ref('EmailTemplate')) }),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request) => templates.list(await reader(request, request.params.org), request.query.locale),
  );

  app.get(
    `${base}/defaults`,
    {
      schema: {
        tags,
        summary:
          "Built-in templates in a language, documented variables per kind, and limits; labels and variable descriptions in the reader's language (their chosen one, else Accept-Language, else English)",
        params: OrgParams,
        querystring: DefaultsQuery,
        response: { 200: DefaultsResponse, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const a = await reader(request, request.params.org);
      return templates.defaults(a, request.query.locale, request.headers['accept-language']);
    },
  );

  app.post(
    `${base}/preview`,
    {
      config: { rateLimit: { max: 300, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary:
          "Live preview: validates like a save and renders sample data (the organization's name, the caller as inviter, some of its groups) in the chosen language; changes nothing",
        params: OrgParams,
        body: PreviewBody,
        response: { 200: Rendered, ...errors(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const a = await reader(request, request.params.org);
      const { kind, locale, ...content } = request.body;
      return templates.preview(a, kind, content, locale);
    },
  );

  app.post(
    base,
    {
      schema: {
        tags,
        summary:
          'Create a named template (Liquid) in a language; isDefault makes it the one used for its kind in that language',
        params: OrgParams,
        body: CreateTemplateBody,
        response: { 201: Type.Ref('EmailTemplate'), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await templates.create(await writer(request, request.params.org), request.body)),
  );

  app.get(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'One template',
        params: OrgIdParams,
        response: { 200: Type.Ref('EmailTemplate'), ...errors(401, 403, 404) },
      },
    },
    async (request) => templates.get(await reader(request, request.params.org), request.params.id),
  );

  app.patch(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary:
          'Change a template; isDefault true makes it the default of its kind in its language, false falls back to the built-in one',
        params: OrgIdParams,
        body: UpdateTemplateBody,
        response: { 200: Type.Ref('EmailTemplate'), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      templates.update(await writer(request, request.params.org), request.params.id, request.body),
  );

  app.delete(
    `${base}/:id`,
    {
      schema: {
        tags,
        summary: 'Delete a template (its kind falls back to the built-in one if it was the default)',
        params: OrgIdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await templates.remove(await writer(request, request.params.org), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    `${base}/:id/reset`,
    {
      schema: {
        tags,
        summary: 'Reset to default: the content becomes the built-in content of its kind in its language',
        params: OrgIdParams,
        response: { 200: Type.Ref('EmailTemplate'), ...errors(401, 403, 404) },
      },
    },
    async (request) => templates.reset(await writer(request, request.params.org), request.params.id),
  );
}
