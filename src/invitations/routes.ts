import { Type } from 'typebox';
import type { InvitationStatus } from '../db/types.ts';
import { requireOrgActor } from '../http/authenticate.ts';
import { errors, OrgIdParams, OrgParams } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import type { Services } from '../services.ts';
import {
  BulkResendBody,
  BulkResendListQuery,
  BulkResendMoveBody,
  BulkResendResponse,
  BulkResendRunDetail,
  BulkResendRunSchema,
} from './bulk-resend-schemas.ts';
import {
  AddressReason,
  CreateBody,
  InvitationSchema,
  InvitationWithEvents,
  ListQuery,
  Rejection,
} from './schemas.ts';

/** Per-inviter limit on actions that send email; keyed by the caller's credential. */
const perCaller = {
  max: 120,
  timeWindow: '1 minute',
  keyGenerator: (req: {
    headers: Record<string, unknown>;
    cookies?: Record<string, string | undefined>;
    ip: string;
  }) => String(req.headers.authorization ?? req.cookies?.beckon_session ?? req.ip).slice(-32),
};

export async function invitationRoutes(app: App, services: Services) {
  const { invitations } = services;
  app.addSchema(InvitationSchema);
  app.addSchema(BulkResendRunSchema);
  const tags = ['invitations'];
  const actor = (request: Parameters<typeof requireOrgActor>[1], org: string) =>
    requireOrgActor(services, request, org, 'invitations');

  app.post(
    '/api/v1/orgs/:org/invitations',
    {
      config: { rateLimit: perCaller },
      schema: {
        tags,
        summary: "Invite up to 10 addresses (the organization's manual-entry limit)",
        params: OrgParams,
        body: CreateBody,
        response: {
          201: Type.Object({
            invitations: Type.Array(Type.Ref('Invitation')),
            rejected: Type.Array(Rejection),
          }),
          ...errors(400, 401, 403, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const a = await actor(request, request.params.org);
      return reply.status(201).send(await invitations.create(a, request.body));
    },
  );

  app.get(
    '/api/v1/orgs/:org/invitations/apps',
    {
      schema: {
        tags,
        summary:
          'Apps an invitation may send people to (enabled apps: name and registered origins, nothing more)',
        params: OrgParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                name: Type.String(),
                origins: Type.Array(Type.String(), {
                  description: 'Where a return path may point: the origins the app registered',
                }),
                launchUrl: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          }),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request) => {
      const a = await actor(request, request.params.org);
      return { items: await services.invitations.appChoices(a) };
    },
  );

  app.post(
    '/api/v1/orgs/:org/invitations/check',
    {
      schema: {
        tags,
        summary:
          'Check addresses before inviting: validity, duplicates, members, open invitations, typo suggestions (Beckon extension)',
        params: OrgParams,
        body: Type.Object(
          { emails: Type.Array(Type.String({ maxLength: 320 }), { minItems: 1, maxItems: 10 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            results: Type.Array(
              Type.Object({
                email: Type.String(),
                ok: Type.Boolean(),
                code: Type.Optional(Type.String()),
                message: Type.Optional(Type.String()),
                suggestion: Type.Optional(Type.String()),
                reasonCode: Type.Optional(AddressReason.reasonCode),
                domain: AddressReason.domain,
              }),
            ),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => invitations.check(await actor(request, request.params.org), request.body.emails),
  );

  app.get(
    '/api/v1/orgs/:org/invitations',
    {
      schema: {
        tags,
        summary: 'List invitations, newest first (keyset pagination)',
        params: OrgParams,
        querystring: ListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(Type.Ref('Invitation')),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
            partial: Type.Boolean({
              description:
                'Beckon extension. True when a search term of one or two characters (too short for the index) was checked against a bounded number of invitations (10,000) before the page filled: the page may hold fewer matches than asked, and `nextCursor` searches on from where this call stopped. Terms of three characters or more search every invitation at once.',
            }),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const a = await actor(request, request.params.org);
      const { status, ...rest } = request.query;
      return invitations.list(a, {
        ...rest,
        status: status ? (status.split(',') as InvitationStatus[]) : undefined,
      });
    },
  );

  app.get(
    '/api/v1/orgs/:org/invitations/:id',
    {
      schema: {
        tags,
        summary: 'One invitation with its history',
        params: OrgIdParams,
        response: { 200: InvitationWithEvents, ...errors(401, 403, 404) },
      },
    },
    async (request) =>
      invitations.get(
        await actor(request, request.params.org),
        request.params.id,
        request.headers['accept-language'],
      ),
  );

  app.post(
    '/api/v1/orgs/:org/invitations/:id/resend',
    {
      config: { rateLimit: perCaller },
      schema: {
        tags,
        summary: 'Resend (pending: new link, old one dies) or send a new invitation (expired)',
        params: OrgIdParams,
        response: { 200: Type.Ref('Invitation'), ...errors(401, 403, 404, 409, 429) },
      },
    },
    async (request) => invitations.resend(await actor(request, request.params.org), request.params.id),
  );

  app.post(
    '/api/v1/orgs/:org/invitations/bulk-resend',
    {
      config: { rateLimit: { ...perCaller, max: 30 } },
      schema: {
        tags,
        summary:
          'Bulk resend by selection or filter: eligible and ineligible (with reasons); a dry run changes nothing',
        description:
          '`ids` are invitation ids, `memberIds` member ids (members who never signed in get an account-ready email with a sign-in link). ' +
          'Pending invitations are resent (earlier links die), expired ones renewed. With a future `sendAt` the run is recorded (`status: "scheduled"`, `bulkResendId`) and sent at that time (people judged again, links reissued then); until then it can be moved or cancelled. ' +
          '`templateId` (an invitation or account-ready template of the organization) is used for emails of its kind. ' +
          'A real run reaching more than 500 eligible people goes to a background job: the answer comes at once with the selection, ' +
          '`status: "running"`, `queued: 0` and `bulkResendId` (progress at `GET …/invitations/bulk-resends/{id}`).',
        params: OrgParams,
        body: BulkResendBody,
        response: { 200: BulkResendResponse, ...errors(400, 401, 403, 404, 429) },
      },
    },
    async (request) => services.bulkResend.run(await actor(request, request.params.org), request.body),
  );

  app.get(
    '/api/v1/orgs/:org/invitations/bulk-resends',
    {
      schema: {
        tags,
        summary:
          'History of background bulk resends, newest first: who, when, counts (keyset pagination; Beckon extension)',
        params: OrgParams,
        querystring: BulkResendListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(Type.Ref('BulkResendRun')),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => services.bulkResend.list(await actor(request, request.params.org), request.query),
  );

  app.get(
    '/api/v1/orgs/:org/invitations/bulk-resends/:id',
    {
      schema: {
        tags,
        summary:
          'One background bulk resend: progress, counters and run-time refusals with reasons (Beckon extension)',
        params: OrgIdParams,
        response: { 200: BulkResendRunDetail, ...errors(401, 403, 404) },
      },
    },
    async (request) => services.bulkResend.get(await actor(request, request.params.org), request.params.id),
  );

  app.patch(
    '/api/v1/orgs/:org/invitations/bulk-resends/:id',
    {
      schema: {
        tags,
        summary: 'Move a scheduled bulk resend to another send time (Beckon extension)',
        description: 'Only while `status` is `scheduled`; otherwise 409 `invalid_status`.',
        params: OrgIdParams,
        body: BulkResendMoveBody,
        response: { 200: Type.Ref('BulkResendRun'), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      services.bulkResend.move(
        await actor(request, request.params.org),
        request.params.id,
        request.body.sendAt,
      ),
  );

  app.post(
    '/api/v1/orgs/:org/invitations/bulk-resends/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a scheduled or running bulk resend (Beckon extension)',
        description:
          'Scheduled: nothing is sent and no link changes. Running: the batch in progress finishes, no further batch starts; what was sent stays sent. Otherwise 409 `invalid_status`.',
        params: OrgIdParams,
        response: { 200: Type.Ref('BulkResendRun'), ...errors(401, 403, 404, 409) },
      },
    },
    async (request) =>
      services.bulkResend.cancel(await actor(request, request.params.org), request.params.id),
  );

  app.post(
    '/api/v1/orgs/:org/invitations/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel: its link stops working',
        params: OrgIdParams,
        response: { 200: Type.Ref('Invitation'), ...errors(401, 403, 404, 409) },
      },
    },
    async (request) => invitations.cancel(await actor(request, request.params.org), request.params.id),
  );

  app.post(
    '/api/v1/orgs/:org/invitations/:id/correct-address',
    {
      config: { rateLimit: perCaller },
      schema: {
        tags,
        summary:
          'Correct the address of an open invitation and send to the new one (the old link dies at once; Beckon extension)',
        description:
          'For a scheduled, pending or expired invitation — typically one whose email bounced or failed. The invitation is cancelled ' +
          '(its link answers 410 `cancelled`, its credit comes back) and a new invitation to `email` is created with the same role, ' +
          'groups, message, metadata, app, return path and expiry period: sent now, or at the same send time when it was scheduled. ' +
          'The new address is checked like a fresh invite: 400 (invalid address, `same_address`, `possible_typo` unless `allowTypos`), ' +
          '409 (`already_member`, `already_invited`, `no_credits`, `invalid_status`), 429 (too many emails to that address this hour); ' +
          "nothing changes when it is refused. The old invitation's `cancelled` event names the new one (`detail.correctedTo`), the " +
          "new one's `created` event names the old (`detail.correctionOf`).",
        params: OrgIdParams,
        body: Type.Object(
          {
            email: Type.String({ maxLength: 320, description: 'The corrected address' }),
            allowTypos: Type.Optional(
              Type.Boolean({ description: 'Use the address as typed even where a domain typo is suspected' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            invitation: Type.Ref('Invitation', {
              description: 'The new invitation, to the corrected address',
            }),
            replaced: Type.Ref('Invitation', { description: 'The old invitation, now cancelled' }),
          }),
          ...errors(400, 401, 403, 404, 409, 429),
        },
      },
    },
    async (request, reply) => {
      const a = await actor(request, request.params.org);
      return reply.status(201).send(await invitations.correctAddress(a, request.params.id, request.body));
    },
  );

  app.get(
    '/api/v1/orgs/:org/invitations/:id/link',
    {
      schema: {
        tags,
        summary: 'The current invitation link (recorded in the history)',
        params: OrgIdParams,
        response: { 200: Type.Object({ url: Type.String() }), ...errors(401, 403, 404, 409) },
      },
    },
    async (request) => invitations.copyLink(await actor(request, request.params.org), request.params.id),
  );

  app.post(
    '/api/v1/orgs/:org/invitations/:id/password',
    {
      config: { rateLimit: perCaller },
      schema: {
        tags,
        summary:
          'Set a temporary password: the invitation is accepted, and the person must change it at first sign-in',
        params: OrgIdParams,
        body: Type.Object({ password: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
        response: { 200: Type.Ref('Invitation'), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      invitations.setPassword(
        await actor(request, request.params.org),
        request.params.id,
        request.body.password,
      ),
  );

  app.patch(
    '/api/v1/orgs/:org/invitations/:id',
    {
      schema: {
        tags,
        summary: 'Move the send time of a scheduled invitation (Beckon extension)',
        params: OrgIdParams,
        body: Type.Object({ sendAt: Type.String({ format: 'date-time' }) }, { additionalProperties: false }),
        response: { 200: Type.Ref('Invitation'), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      invitations.reschedule(
        await actor(request, request.params.org),
        request.params.id,
        request.body.sendAt,
      ),
  );
}
