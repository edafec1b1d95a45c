import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireOrgActor } from '../http/authenticate.ts';
import { errors, OrgIdParams, OrgParams } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import type { Services } from '../services.ts';
import {
  BounceResult,
  Instance,
  InvitationEmails,
  MailboxPage,
  MailboxQuery,
  OutboxDetail,
  OutboxPage,
  OutboxQuery,
} from './schemas.ts';
import { createMailService } from './service.ts';

const VERSION = (() => {
  try {
    return String(
      JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')).version,
    );
  } catch {
    return 'unknown';
  }
})();

/** The outbox, an invitation's emails, the outbox-mode mailbox, instance facts and the bounce webhook. */
export async function mailRoutes(app: App, services: Services) {
  const mail = createMailService(services);
  const tags = ['email'];

  app.get(
    '/api/v1/instance',
    {
      schema: {
        tags: ['instance'],
        summary: 'Facts about this installation the console needs (public)',
        security: [],
        response: { 200: Instance },
      },
    },
    async () => ({
      mailboxEnabled: mail.mailboxEnabled,
      version: VERSION,
      learnersCreateOrganizations: services.config.learnersCreateOrganizations,
    }),
  );

  app.get(
    '/api/v1/orgs/:org/outbox',
    {
      schema: {
        tags,
        summary:
          "Every email of the organization, newest first, with its delivery state and the server's last answer",
        params: OrgParams,
        querystring: OutboxQuery,
        response: { 200: OutboxPage, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireOrgActor(services, request, request.params.org, 'invitations');
      return mail.list(actor, request.query);
    },
  );

  app.get(
    '/api/v1/orgs/:org/outbox/:id',
    {
      schema: {
        tags,
        summary: 'One email with its content; the link is shown as "[invitation link]", never a token',
        params: OrgIdParams,
        response: { 200: OutboxDetail, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireOrgActor(services, request, request.params.org, 'invitations');
      return mail.get(actor, request.params.id);
    },
  );

  app.get(
    '/api/v1/orgs/:org/invitations/:id/emails',
    {
      schema: {
        tags,
        summary: 'The emails of one invitation, newest first, content included (links redacted)',
        params: OrgIdParams,
        response: { 200: InvitationEmails, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireOrgActor(services, request, request.params.org, 'invitations');
      return mail.forInvitation(actor, request.params.id);
    },
  );

  app.get(
    '/api/v1/orgs/:org/mailbox',
    {
      schema: {
        tags,
        summary:
          'Outbox mode only (SMTP_URL unset): captured emails as the recipient would get them, links included; 404 mailbox_disabled otherwise',
        params: OrgParams,
        querystring: MailboxQuery,
        response: { 200: MailboxPage, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await requireOrgActor(services, request, request.params.org, 'invitations');
      return mail.mailbox(actor, request.query);
    },
  );

  // The webhook needs the exact bytes it was signed over: its own scope parses nothing.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 256 * 1024 }, (_request, body, done) =>
      done(null, body),
    );
    scope.post(
      '/api/v1/webhooks/bounces',
      {
        schema: {
          tags,
          summary:
            'Bounce reports from a mail provider. Signed: X-Beckon-Signature = hex HMAC-SHA256(BOUNCE_WEBHOOK_SECRET, raw body). Body {messageId, recipient?, reason, type?: "hard"|"soft"}. 404 webhook_disabled when no secret is set.',
          security: [],
          response: { 200: BounceResult, ...errors(400, 401, 404) },
        },
      },
      async (request) => {
        const raw = Buffer.isBuffer(request.body)
          ? request.body
          : Buffer.from(typeof request.body === 'string' ? request.body : '');
        const report = mail.verifyBounce(raw, request.headers['x-beckon-signature']);
        return mail.recordBounce(report);
      },
    );
  });
}
