import { Type } from 'typebox';
import { requireOrgActor } from '../http/authenticate.ts';
import { errors, OrgParams } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import type { Services } from '../services.ts';
import { LOGO_MAX_BYTES, LOGO_MAX_SIDE } from './image-check.ts';
import { Branding, BrandingPatch } from './schemas.ts';

/** An organization's branding (Beckon extension): accent colour, logo, Reply-To choice. */
export async function brandingRoutes(app: App, services: Services) {
  const { branding } = services;
  const tags = ['organizations'];
  const settingsActor = (request: Parameters<typeof requireOrgActor>[1], org: string) =>
    requireOrgActor(services, request, org, 'settings');

  app.get(
    '/api/v1/orgs/:org/branding',
    {
      schema: {
        tags,
        summary: "The organization's accent colour, logo and email sender",
        params: OrgParams,
        response: { 200: Branding, ...errors(401, 403, 404) },
      },
    },
    async (request) => branding.get(await settingsActor(request, request.params.org)),
  );

  app.patch(
    '/api/v1/orgs/:org/branding',
    {
      schema: {
        tags,
        summary:
          'Change the accent colour (null: the default) or whether invitation emails reply to the inviter',
        params: OrgParams,
        body: BrandingPatch,
        response: { 200: Branding, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => branding.update(await settingsActor(request, request.params.org), request.body),
  );

  app.delete(
    '/api/v1/orgs/:org/branding/logo',
    {
      schema: {
        tags,
        summary: 'Remove the logo',
        params: OrgParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await branding.removeLogo(await settingsActor(request, request.params.org));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/orgs/:org/branding/logo',
    {
      schema: {
        tags,
        summary: 'The logo image (public: invitee pages show it). Versioned URLs (?v=) are cached for good.',
        security: [],
        params: OrgParams,
        querystring: Type.Object({ v: Type.Optional(Type.String({ maxLength: 64 })) }),
        response: { ...errors(404) },
      },
    },
    async (request, reply) => {
      const logo = await branding.logo(request.params.org);
      const etag = `"${logo.sha256}"`;
      const versioned =
        request.query.v !== undefined &&
        logo.sha256.startsWith(request.query.v) &&
        request.query.v.length >= 8;
      reply
        .header('etag', etag)
        .header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'no-cache')
        // The bytes are served as what they were checked to be, never sniffed, and never run.
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header(
          'content-disposition',
          `inline; filename="logo.${logo.content_type === 'image/png' ? 'png' : 'jpg'}"`,
        );
      if (
        String(request.headers['if-none-match'] ?? '')
          .split(/\s*,\s*/)
          .includes(etag)
      )
        return reply.status(304).send();
      return reply.type(logo.content_type).send(logo.content);
    },
  );

  // The logo's bytes arrive as the body, whatever Content-Type the client names: what they are
  // is read from the bytes themselves. Twice the limit is read so a file just over it is told
  // its size in words; beyond that the body is refused unread (413).
  await app.register(async (scope: App) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: LOGO_MAX_BYTES * 2 },
      (_request, body, done) => done(null, body),
    );
    scope.put(
      '/api/v1/orgs/:org/branding/logo',
      {
        bodyLimit: LOGO_MAX_BYTES * 2,
        schema: {
          tags,
          summary: `Upload the logo: a PNG or JPEG as the body, at most ${LOGO_MAX_BYTES / 1024} KB and ${LOGO_MAX_SIDE} × ${LOGO_MAX_SIDE} pixels`,
          description:
            'The type is read from the bytes, not from Content-Type. 415 unsupported_image_type for anything else (SVG and WebP included), 400 invalid_image for a damaged file, 400 image_too_many_pixels, 413 payload_too_large.',
          params: OrgParams,
          response: { 200: Branding, ...errors(400, 401, 403, 404, 413, 415) },
        },
      },
      async (request) => {
        const actor = await settingsActor(request, request.params.org);
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        return branding.saveLogo(actor, body);
      },
    );
  });
}
