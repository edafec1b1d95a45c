import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { SESSION_COOKIE } from '../auth/session-cookie.ts';
import type { App } from '../http/types.ts';
import { readerLocale, translate } from '../i18n/intl.ts';
import type { Services } from '../services.ts';
import { DENIAL_MESSAGE } from './access.ts';
import { escapeHtml, page } from './pages.ts';
import { OIDC_PATH } from './provider.ts';
import type { Oidc } from './service.ts';

/** Who a token request counts against: the app named in Basic credentials, else the caller's address. */
function tokenCaller(request: FastifyRequest): string {
  const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (basic) {
    const clientId = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':')[0];
    try {
      if (clientId) return `oidc-token:${decodeURIComponent(clientId)}`;
    } catch {
      // Malformed escapes: the provider refuses the credentials; count them by address.
    }
  }
  return `oidc-token:${request.ip}`;
}

/**
 * The provider under APP_URL/oidc, in this Fastify process. Its endpoints read their own bodies and
 * credentials, so Fastify neither parses them nor applies Beckon's API authentication to them.
 */
export async function oidcRoutes(app: App, services: Services, oidc: Oidc) {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    const toProvider = (
      request: FastifyRequest,
      reply: { hijack(): void; raw: import('node:http').ServerResponse },
    ) => {
      reply.hijack();
      return oidc.handle(request.raw, reply.raw, OIDC_PATH, request.cookies[SESSION_COOKIE]);
    };
    const config = { ownAuthentication: true };
    scope.route({
      method: ['GET', 'POST', 'OPTIONS'],
      url: `${OIDC_PATH}/*`,
      schema: { hide: true },
      config,
      handler: toProvider,
    });
    scope.route({
      method: ['POST', 'OPTIONS'],
      url: `${OIDC_PATH}/token`,
      schema: { hide: true },
      config: {
        ...config,
        rateLimit: {
          max: services.config.oidcTokenRatePerMinute,
          timeWindow: 60_000,
          keyGenerator: tokenCaller,
        },
      },
      handler: toProvider,
    });
  });

  const Uid = Type.Object({ uid: Type.String({ maxLength: 100 }) });
  // Beckon's own sign-in pages are never shown inside another site's frame.
  const html = (reply: import('fastify').FastifyReply, status: number, body: string) =>
    reply
      .status(status)
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'no-referrer')
      .type('text/html')
      .send(body);

  // Where the provider sends a person to sign in: Beckon's own sign-in, then back here.
  app.get(
    `${OIDC_PATH}/interaction/:uid`,
    { schema: { hide: true, params: Uid } },
    async (request, reply) => {
      const provider = oidc.provider;
      const here = `${OIDC_PATH}/interaction/${encodeURIComponent(request.params.uid)}`;
      const details = await provider.interactionDetails(request.raw, reply.raw).catch(() => undefined);
      const user = request.auth?.kind === 'session' ? request.auth.user : undefined;
      const locale = readerLocale(user?.locale, request.headers['accept-language'], 'en');
      const say = (id: Parameters<typeof translate>[1], values?: Record<string, string>) =>
        escapeHtml(translate(locale, id, values));
      if (!details || details.uid !== request.params.uid) {
        return html(
          reply,
          400,
          page(
            locale,
            translate(locale, 'oidc.expired.title'),
            `<p>${say('oidc.expired.body')}</p><p><a href="/">${say('oidc.goToBeckon')}</a></p>`,
          ),
        );
      }
      if (!user || user.mustChangePassword) {
        return reply.redirect(`/sign-in?next=${encodeURIComponent(here)}`);
      }
      const clientId = String(details.params.client_id);
      const target = await oidc.appFor(clientId);
      const decision = await oidc.decideAccess(clientId, user.userId);
      if (!decision.allowed) {
        const app = target?.name;
        return html(
          reply,
          403,
          page(
            locale,
            app
              ? translate(locale, 'oidc.denied.title', { app })
              : translate(locale, 'oidc.denied.titleUnnamed'),
            `<p>${say(DENIAL_MESSAGE[decision.reason])}</p><p class="muted">${say('oidc.denied.signedInAs', { email: user.email })}</p><div class="actions"><a class="button" href="${here}/abort">${app ? say('oidc.denied.back', { app }) : say('oidc.denied.backUnnamed')}</a><a class="button secondary" href="/">${say('oidc.goToBeckon')}</a></div>`,
          ),
        );
      }
      // No consent screen: the organization registered the app. The grant covers what it asked for.
      const grant =
        (details.grantId && details.session?.accountId === user.userId
          ? await provider.Grant.find(details.grantId)
          : undefined) ?? new provider.Grant({ accountId: user.userId, clientId });
      grant.addOIDCScope(String(details.params.scope ?? 'openid'));
      const grantId = await grant.save();
      reply.hijack();
      await provider.interactionFinished(
        request.raw,
        reply.raw,
        { login: { accountId: user.userId, remember: true }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    },
  );

  // "Back to the app" from the refusal page: the app receives access_denied.
  app.get(
    `${OIDC_PATH}/interaction/:uid/abort`,
    { schema: { hide: true, params: Uid } },
    async (request, reply) => {
      const details = await oidc.provider.interactionDetails(request.raw, reply.raw).catch(() => undefined);
      if (!details || details.uid !== request.params.uid) return reply.redirect('/');
      reply.hijack();
      await oidc.provider.interactionFinished(
        request.raw,
        reply.raw,
        { error: 'access_denied', error_description: 'This person may not sign in to this app.' },
        { mergeWithLastSubmission: false },
      );
    },
  );
}
