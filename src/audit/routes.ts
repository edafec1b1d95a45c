import { Readable } from 'node:stream';
import type { Static } from 'typebox';
import { requireOrgActor } from '../http/authenticate.ts';
import { errors, OrgParams } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import type { Services } from '../services.ts';
import { CSV_TYPE } from '../shared/csv.ts';
import { AuditExportQuery, AuditListQuery, AuditPage } from './schemas.ts';

export async function auditRoutes(app: App, services: Services) {
  const { audit } = services;
  const tags = ['audit'];
  // Owners and admins: the capability that guards the organization's settings.
  const actor = (request: Parameters<typeof requireOrgActor>[1], org: string) =>
    requireOrgActor(services, request, org, 'settings');

  app.get(
    '/api/v1/orgs/:org/audit-log',
    {
      schema: {
        tags,
        summary: 'The audit log, newest first: every change with who made it (owners and admins)',
        params: OrgParams,
        querystring: AuditListQuery,
        response: { 200: AuditPage, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => audit.list(await actor(request, request.params.org), request.query),
  );

  for (const format of ['csv', 'ndjson'] as const) {
    app.get(
      `/api/v1/orgs/:org/audit-log/export.${format}`,
      {
        schema: {
          tags,
          summary:
            format === 'csv'
              ? 'The filtered audit log as CSV, streamed (cells that would run as formulas get a leading apostrophe)'
              : 'The filtered audit log as newline-delimited JSON (one event per line), streamed',
          params: OrgParams,
          querystring: AuditExportQuery,
          response: errors(400, 401, 403, 404),
        },
      },
      async (request, reply) => {
        const query = request.query as Static<typeof AuditExportQuery>;
        const chunks = audit.export(await actor(request, request.params.org), query, format);
        const day = services.clock.now().toISOString().slice(0, 10);
        return reply
          .type(format === 'csv' ? CSV_TYPE : 'application/x-ndjson; charset=utf-8')
          .header('content-disposition', `attachment; filename="beckon-audit-log-${day}.${format}"`)
          .header('cache-control', 'no-store')
          .send(Readable.from(chunks));
      },
    );
  }
}
