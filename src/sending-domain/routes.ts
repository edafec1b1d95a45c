import { requireOrgActor } from '../http/authenticate.ts';
import { errors, OrgParams } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import type { Services } from '../services.ts';
import { SendingDomain, TestEmailSent } from './schemas.ts';

/** A few test emails per person and ten minutes: enough to try a DNS change, not to spam oneself. */
const testEmailLimit = {
  max: 3,
  timeWindow: '10 minutes',
  keyGenerator: (req: {
    cookies?: Record<string, string | undefined>;
    headers: Record<string, unknown>;
    ip: string;
  }) =>
    `sending-test:${String(req.cookies?.beckon_session ?? req.headers.authorization ?? req.ip).slice(-32)}`,
};

export async function sendingDomainRoutes(app: App, services: Services) {
  const { sendingDomain } = services;
  const tags = ['sending domain'];

  app.get(
    '/api/v1/orgs/:org/sending-domain',
    {
      schema: {
        tags,
        summary:
          'The sending domain: SPF, DKIM and DMARC records to publish (owners and admins; Beckon extension)',
        params: OrgParams,
        response: { 200: SendingDomain, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      await requireOrgActor(services, request, request.params.org, 'settings');
      return sendingDomain.records();
    },
  );

  app.post(
    '/api/v1/orgs/:org/sending-domain/test-email',
    {
      config: { rateLimit: testEmailLimit },
      schema: {
        tags,
        summary:
          'Send a test email to the signed-in person through the real transport (3 per 10 minutes; Beckon extension)',
        params: OrgParams,
        response: { 202: TestEmailSent, ...errors(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const actor = await requireOrgActor(services, request, request.params.org, 'settings');
      return reply.status(202).send(await sendingDomain.sendTest(actor, request.headers['accept-language']));
    },
  );
}
