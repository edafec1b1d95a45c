import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController } from 'fastify';
import { Redis } from 'ioredis';
import { apiKeyRoutes } from './api-keys/routes.ts';
import { appRoutes } from './apps/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { passwordResetRoutes } from './auth/password-reset-routes.ts';
import { sessionRoutes } from './auth/routes.ts';
import { brandingRoutes } from './branding/routes.ts';
import { creditRoutes } from './credits/routes.ts';
import { deliveryRoutes } from './delivery/routes.ts';
import { groupRoutes } from './groups/routes.ts';
import { registerAuthentication } from './http/authenticate.ts';
import { frameworkError, registerErrorHandler } from './http/error-handler.ts';
import { readJsonObjectBodies } from './http/json-body.ts';
import { redactUrl } from './http/redact.ts';
import { recordRoutes } from './http/route-catalog.ts';
import { ErrorResponse } from './http/schemas.ts';
import { buildSerializer } from './http/serialization.ts';
import type { App } from './http/types.ts';
import { registerValidators } from './http/validation.ts';
import { importRoutes } from './imports/routes.ts';
import { invitationPublicRoutes } from './invitations/public-routes.ts';
import { invitationRoutes } from './invitations/routes.ts';
import { joinRoutes } from './join/routes.ts';
import { mailRoutes } from './mail/routes.ts';
import { meRoutes } from './members/me-routes.ts';
import { memberRoutes } from './members/routes.ts';
import { oidcRoutes } from './oidc/routes.ts';
import { startOidc } from './oidc/service.ts';
import { httpDuration } from './ops/metrics.ts';
import { opsRoutes } from './ops/routes.ts';
import { organizationRoutes } from './organizations/routes.ts';
import { overviewRoutes } from './overview/routes.ts';
import { peopleExportRoutes } from './people-export/routes.ts';
import { sendingDomainRoutes } from './sending-domain/routes.ts';
import type { Services } from './services.ts';
import { setupRoutes } from './setup/routes.ts';
import { secondsText } from './shared/durations.ts';
import { tooManyRequests } from './shared/errors.ts';
import { templateRoutes } from './templates/routes.ts';
import { registerWebApp } from './web-app.ts';
import { webhookRoutes } from './webhooks/routes.ts';

/** Every feature's routes, in one list: adding a feature is one line here. */
const FEATURE_ROUTES: Array<(app: App, services: Services) => Promise<void>> = [
  opsRoutes,
  setupRoutes,
  sessionRoutes,
  organizationRoutes,
  brandingRoutes,
  groupRoutes,
  memberRoutes,
  meRoutes,
  apiKeyRoutes,
  passwordResetRoutes,
  joinRoutes,
  peopleExportRoutes,
  invitationRoutes,
  invitationPublicRoutes,
  deliveryRoutes,
  sendingDomainRoutes,
  webhookRoutes,
  creditRoutes,
  importRoutes,
  mailRoutes,
  templateRoutes,
  auditRoutes,
  appRoutes,
  overviewRoutes,
];

export async function buildApp(services: Services): Promise<App> {
  const { config } = services;
  const app = Fastify({
    loggerInstance: services.log,
    bodyLimit: config.maxBodyBytes,
    trustProxy: config.trustProxy,
    // Requests are logged once, on response, with token-bearing URLs redacted (see onResponse below).
    logController: new LogController({ disableRequestLogging: true }),
    schemaController: { compilersFactory: { buildSerializer } },
    frameworkErrors: frameworkError,
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;
  recordRoutes(app);

  // The request line is built only when it is written (production may run above info).
  const logsRequests = ['trace', 'debug', 'info'].includes(services.log.level);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    httpDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    if (!logsRequests) return;
    request.log.info(
      {
        method: request.method,
        url: redactUrl(request.url),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  registerAuthentication(app, services, services.auth);
  registerValidators(app);
  readJsonObjectBodies(app);
  registerErrorHandler(app);
  app.addSchema(ErrorResponse);
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    redis: config.redisUrl
      ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2 })
      : undefined,
    nameSpace: 'beckon-rl:',
    errorResponseBuilder: (_request, context) =>
      tooManyRequests(
        `Too many requests. Try again in ${secondsText(Math.ceil(context.ttl / 1000))}.`,
        context.ttl / 1000,
      ),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Beckon API',
        version: '1',
        description:
          'Invitations and onboarding. Browser sessions use a cookie plus the X-CSRF-Token header on changes; scripts use `Authorization: Bearer <api key>`.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'beckon_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  for (const routes of FEATURE_ROUTES) await routes(app, services);
  const oidc = await startOidc(services, services.auth);
  app.decorate('oidc', oidc);
  app.addHook('onClose', async () => oidc.stop());
  await oidcRoutes(app, services, oidc);

  const webDist = join(import.meta.dirname, '..', 'dist', 'web');
  if (existsSync(join(webDist, 'index.html'))) await registerWebApp(app, webDist);
  return app;
}
