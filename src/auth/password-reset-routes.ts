import { Type } from 'typebox';
import { errors, Timestamp } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import type { Services } from '../services.ts';
import { setTrustedDeviceCookie } from './trusted-device.ts';

const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });

export async function passwordResetRoutes(app: App, { passwordResets, config }: Services) {
  const tags = ['session'];

  app.post(
    '/api/v1/password-resets',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: (req) => `pwreset:${req.ip}` } },
      schema: {
        tags,
        summary: 'Ask for a password reset email (the same answer whether or not the address is known)',
        security: [],
        body: Type.Object({ email: Type.String({ maxLength: 320 }) }, { additionalProperties: false }),
        response: { 202: Type.Object({ message: Type.String() }), ...errors(400, 429) },
      },
    },
    async (request, reply) => reply.status(202).send(await passwordResets.request(request.body.email)),
  );

  app.get(
    '/api/v1/password-resets/:token',
    {
      config: {
        rateLimit: { max: 30, timeWindow: '1 minute', keyGenerator: (req) => `pwreset-read:${req.ip}` },
      },
      schema: {
        tags,
        summary: 'Check a reset link (410 `used` or `expired`, 404 unknown)',
        security: [],
        params: TokenParams,
        response: {
          200: Type.Object({ email: Type.String(), expiresAt: Timestamp }),
          ...errors(404, 410, 429),
        },
      },
    },
    async (request) => passwordResets.inspect(request.params.token),
  );

  app.post(
    '/api/v1/password-resets/:token',
    {
      config: {
        rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: (req) => `pwreset-use:${req.ip}` },
      },
      schema: {
        tags,
        summary: 'Choose a new password with a reset link (single use; signs out every session)',
        security: [],
        params: TokenParams,
        body: Type.Object({ password: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errors(400, 404, 410, 429) },
      },
    },
    async (request, reply) => {
      const { deviceToken } = await passwordResets.complete(request.params.token, request.body.password);
      setTrustedDeviceCookie(reply, deviceToken, config.appUrl.startsWith('https:'));
      return reply.status(204).send(null);
    },
  );
}
