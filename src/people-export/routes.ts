import { type Static, Type } from 'typebox';
import type { InvitationStatus } from '../db/types.ts';
import { requireOrgActor } from '../http/authenticate.ts';
import { errors, OrgParams } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import { ListQuery } from '../invitations/schemas.ts';
import { MemberListQuery } from '../members/schemas.ts';
import type { Services } from '../services.ts';
import { type ExportFormat, exportContentType, exportStream } from '../shared/table-export.ts';

const Format = Type.Union([Type.Literal('csv'), Type.Literal('xlsx')], {
  description: 'csv (UTF-8 with a byte-order mark; formula-like cells get a leading apostrophe) or xlsx',
});

const { limit: _il, cursor: _ic, ...invitationFilters } = ListQuery.properties;
const InvitationExportQuery = Type.Object(
  { format: Format, ...invitationFilters },
  { additionalProperties: false },
);
const { limit: _ml, cursor: _mc, ...memberFilters } = MemberListQuery.properties;
const MemberExportQuery = Type.Object({ format: Format, ...memberFilters }, { additionalProperties: false });

/** A download of a few rows is as costly to start as one of 100,000: a few a minute per caller. */
const perCaller = {
  max: 20,
  timeWindow: '1 minute',
  keyGenerator: (req: {
    headers: Record<string, unknown>;
    cookies?: Record<string, string | undefined>;
    ip: string;
  }) => String(req.headers.authorization ?? req.cookies?.beckon_session ?? req.ip).slice(-32),
};

/** Downloads of the People lists, with the lists' own filters and reach (Beckon extension). */
export async function peopleExportRoutes(app: App, services: Services) {
  const { peopleExport } = services;
  const tags = ['people'];
  const actor = (request: Parameters<typeof requireOrgActor>[1], org: string) =>
    requireOrgActor(services, request, org, 'invitations');
  const fileName = (what: string, format: ExportFormat) =>
    `beckon-${what}-${services.clock.now().toISOString().slice(0, 10)}.${format}`;

  app.get(
    '/api/v1/orgs/:org/invitations/export',
    {
      config: { rateLimit: perCaller },
      schema: {
        tags: ['invitations', ...tags],
        summary:
          'Every invitation the list would show with these filters, as CSV or XLSX, streamed (Beckon extension)',
        description:
          'The same status, q and groupId as GET …/invitations; a manager gets the invitations into the groups they manage. Newest first.',
        params: OrgParams,
        querystring: InvitationExportQuery,
        response: errors(400, 401, 403, 404, 429),
      },
    },
    async (request, reply) => {
      const query = request.query as Static<typeof InvitationExportQuery>;
      const table = await peopleExport.invitations(await actor(request, request.params.org), {
        status: query.status ? (query.status.split(',') as InvitationStatus[]) : undefined,
        q: query.q,
        groupId: query.groupId,
      });
      return reply
        .type(exportContentType(query.format))
        .header('content-disposition', `attachment; filename="${fileName('invitations', query.format)}"`)
        .header('cache-control', 'no-store')
        .send(exportStream(table, query.format));
    },
  );

  app.get(
    '/api/v1/orgs/:org/members/export',
    {
      config: { rateLimit: perCaller },
      schema: {
        tags: ['members', ...tags],
        summary:
          'Every member the list would show with these filters, as CSV or XLSX, streamed (Beckon extension)',
        description:
          'The same status, q and groupId as GET …/members; a manager gets the members of the groups they manage. Newest first.',
        params: OrgParams,
        querystring: MemberExportQuery,
        response: errors(400, 401, 403, 404, 429),
      },
    },
    async (request, reply) => {
      const query = request.query as Static<typeof MemberExportQuery>;
      const table = peopleExport.members(await actor(request, request.params.org), query);
      return reply
        .type(exportContentType(query.format))
        .header('content-disposition', `attachment; filename="${fileName('members', query.format)}"`)
        .header('cache-control', 'no-store')
        .send(exportStream(table, query.format));
    },
  );
}
