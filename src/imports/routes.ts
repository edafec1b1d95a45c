import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requireOrgActor } from '../http/authenticate.ts';
import { readUploadedFile } from '../http/multipart.ts';
import { errors, OrgIdParams, OrgParams } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
import type { Services } from '../services.ts';
import { AppError, badRequest } from '../shared/errors.ts';
import { tooLarge } from './parse.ts';
import { CSV_TYPE, XLSX_TYPE } from './presenter.ts';
import { ConfirmBody, ImportSchema, PreviewSchema, ProblemGroupSchema, ProblemSchema } from './schemas.ts';

/** Content types taken as the raw file (Windows browsers send .csv as application/vnd.ms-excel). */
const RAW_TYPES = [
  'text/csv',
  'text/plain',
  'application/csv',
  'text/comma-separated-values',
  'application/vnd.ms-excel',
  'application/octet-stream',
  XLSX_TYPE,
];

function hintOf(contentType: string | undefined, fileName?: string | null): 'csv' | 'xlsx' | undefined {
  if (fileName && /\.xlsx$/i.test(fileName)) return 'xlsx';
  if (fileName && /\.(csv|txt)$/i.test(fileName)) return 'csv';
  if (contentType?.includes('spreadsheetml')) return 'xlsx';
  if (contentType?.includes('csv')) return 'csv';
  return undefined;
}

function fileNameFromHeaders(request: FastifyRequest): string | null {
  const q = request.query as { fileName?: string };
  if (q.fileName) return q.fileName;
  const cd = request.headers['content-disposition'];
  if (typeof cd === 'string') {
    const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
    if (star) {
      try {
        return decodeURIComponent(star[1]!);
      } catch {
        /* fall through */
      }
    }
    const plain = /filename="?([^";]+)"?/i.exec(cd);
    if (plain) return plain[1]!;
  }
  return null;
}

/** Spreadsheet imports (SPEC §7). The upload streams: a file is never held whole in memory. */
export async function importRoutes(app: App, services: Services) {
  const { imports, config } = services;
  app.addSchema(ImportSchema);
  const tags = ['imports'];
  const actor = (request: Parameters<typeof requireOrgActor>[1], org: string) =>
    requireOrgActor(services, request, org, 'invitations');

  await app.register(async (scoped: App) => {
    // Scoped to these routes: the raw file types pass through as a stream, multipart is parsed lazily.
    await scoped.register(multipart, {
      limits: { fileSize: config.importMaxBytes + 1, files: 1, fields: 10, parts: 20 },
    });
    scoped.addContentTypeParser(RAW_TYPES, (_request, payload, done) => done(null, payload));

    scoped.post(
      '/api/v1/orgs/:org/imports',
      {
        bodyLimit: config.importMaxBytes,
        schema: {
          tags,
          summary:
            'Upload a spreadsheet (CSV or XLSX, as the body or multipart field "file"): a preview, nothing created yet',
          description:
            "Columns email (required), groups (names separated by \";\"), role (default learner), language (the invitation's: en, ja, de, fr, es, pt-BR or ar, one the organization allows; blank: its default; also read under the headers locale, langue, idioma, Sprache, 言語, لغة); header row required. Answers every problem with its row number (the header is row 1), its message in the importer's language (their chosen one, else Accept-Language, else the organization's default); codes stay the same in every language.",
          params: OrgParams,
          querystring: Type.Object({ fileName: Type.Optional(Type.String({ maxLength: 200 })) }),
          response: { 201: PreviewSchema, ...errors(400, 401, 403, 404, 413, 415) },
        },
      },
      async (request, reply) => {
        const a = await actor(request, request.params.org);
        const length = Number(request.headers['content-length'] ?? 0);
        if (length > config.importMaxBytes + 64 * 1024) throw tooLarge(config.importMaxBytes);
        const contentType = request.headers['content-type'];
        let result: Awaited<ReturnType<typeof imports.preview>>;
        if (request.isMultipart()) {
          const part = await readUploadedFile(request, { fileSize: config.importMaxBytes + 1, files: 1 });
          if (!part)
            throw badRequest('missing_file', 'Send the spreadsheet in the multipart field "file".', {
              field: 'file',
            });
          result = await imports.preview(a, {
            source: part.file,
            fileName: part.filename,
            hint: hintOf(part.mimetype, part.filename),
            acceptLanguage: request.headers['accept-language'],
          });
        } else if (request.body instanceof Readable) {
          const fileName = fileNameFromHeaders(request);
          result = await imports.preview(a, {
            source: request.body,
            fileName,
            hint: hintOf(contentType, fileName),
            acceptLanguage: request.headers['accept-language'],
          });
        } else {
          throw new AppError(
            415,
            'unsupported_media_type',
            `Send the file as text/csv, ${XLSX_TYPE} or multipart/form-data (field "file").`,
          );
        }
        return reply.status(201).send(result);
      },
    );
  });

  app.get(
    '/api/v1/orgs/:org/imports/template.csv',
    {
      schema: {
        tags,
        summary: 'The import template (CSV)',
        params: OrgParams,
        response: errors(401, 403, 404),
      },
    },
    async (request, reply) => {
      const t = await imports.template(await actor(request, request.params.org), 'csv');
      return reply
        .type(CSV_TYPE)
        .header('content-disposition', `attachment; filename="${t.fileName}"`)
        .send(t.body);
    },
  );

  app.get(
    '/api/v1/orgs/:org/imports/template.xlsx',
    {
      schema: {
        tags,
        summary:
          "The import template (XLSX); its sheet names and help are in the reader's language, column names are not",
        params: OrgParams,
        response: errors(401, 403, 404),
      },
    },
    async (request, reply) => {
      const t = await imports.template(
        await actor(request, request.params.org),
        'xlsx',
        request.headers['accept-language'],
      );
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', `attachment; filename="${t.fileName}"`)
        .send(t.body);
    },
  );

  app.get(
    '/api/v1/orgs/:org/imports',
    {
      schema: {
        tags,
        summary: 'History of imports, newest first: who, when, counts',
        params: OrgParams,
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          cursor: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(Type.Ref('Import')),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => imports.list(await actor(request, request.params.org), request.query),
  );

  app.get(
    '/api/v1/orgs/:org/imports/:id',
    {
      schema: {
        tags,
        summary: 'One import: status and progress counters',
        params: OrgIdParams,
        response: { 200: Type.Ref('Import'), ...errors(401, 403, 404) },
      },
    },
    async (request) => imports.get(await actor(request, request.params.org), request.params.id),
  );

  app.get(
    '/api/v1/orgs/:org/imports/:id/outcomes',
    {
      schema: {
        tags,
        summary:
          'Rows counted by outcome and reason, e.g. how many failed for lack of credits (Beckon extension)',
        params: OrgIdParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                outcome: Type.String({ description: 'created, skipped or failed' }),
                code: Type.Union([Type.String(), Type.Null()], {
                  description: 'The reason, e.g. no_credits, already_invited',
                }),
                message: Type.Union([Type.String(), Type.Null()]),
                count: Type.Integer(),
              }),
            ),
          }),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request) => imports.outcomes(await actor(request, request.params.org), request.params.id),
  );

  app.get(
    '/api/v1/orgs/:org/imports/:id/problems',
    {
      schema: {
        tags,
        summary:
          'The preview problems again, in file order, a page of rows at a time; `code` keeps one kind (Beckon extension)',
        params: OrgIdParams,
        querystring: Type.Object(
          {
            code: Type.Optional(
              Type.String({ pattern: '^[a-z_]{1,40}$', description: 'Only problems of this kind' }),
            ),
            cursor: Type.Optional(Type.String({ maxLength: 20 })),
            limit: Type.Optional(
              Type.Integer({ minimum: 1, maximum: 1000, default: 1000, description: 'Rows per page' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(Type.Intersect([ProblemSchema, Type.Object({ email: Type.String() })])),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) =>
      imports.problems(await actor(request, request.params.org), request.params.id, request.query),
  );

  app.get(
    '/api/v1/orgs/:org/imports/:id/problem-groups',
    {
      schema: {
        tags,
        summary: "A preview's problems grouped by kind, with row counts (Beckon extension)",
        params: OrgIdParams,
        response: {
          200: Type.Object({ items: Type.Array(ProblemGroupSchema) }),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request) =>
      imports.problemGroups(
        await actor(request, request.params.org),
        request.params.id,
        request.headers['accept-language'],
      ),
  );

  app.post(
    '/api/v1/orgs/:org/imports/:id/confirm',
    {
      schema: {
        tags,
        summary:
          'Confirm a preview: a job creates the invitations (optionally scheduled) and queues their emails',
        params: OrgIdParams,
        body: ConfirmBody,
        response: {
          202: Type.Object({
            id: Type.String(),
            status: Type.Literal('running'),
            sendAt: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const a = await actor(request, request.params.org);
      return reply.status(202).send(await imports.confirm(a, request.params.id, request.body));
    },
  );

  app.patch(
    '/api/v1/orgs/:org/imports/:id',
    {
      schema: {
        tags,
        summary: 'Move a scheduled import to another send time (Beckon extension)',
        description:
          'Only while it waits for its send time (confirmed with a future `sendAt`); otherwise 409 `invalid_status`. Its invitations not yet sent, and rows not yet created, go at the new time.',
        params: OrgIdParams,
        body: Type.Object(
          { sendAt: Type.String({ format: 'date-time', description: 'Future, within a year' }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Intersect([Type.Ref('Import'), Type.Object({ movedInvitations: Type.Integer() })]),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) =>
      imports.move(await actor(request, request.params.org), request.params.id, request.body.sendAt),
  );

  app.post(
    '/api/v1/orgs/:org/imports/:id/cancel',
    {
      schema: {
        tags,
        summary:
          'Cancel: a preview is dropped; a running import stops its remaining rows; a scheduled one cancels invitations not yet sent',
        params: OrgIdParams,
        response: {
          200: Type.Intersect([Type.Ref('Import'), Type.Object({ cancelledInvitations: Type.Integer() })]),
          ...errors(401, 403, 404, 409),
        },
      },
    },
    async (request) =>
      imports.cancel(
        await actor(request, request.params.org),
        request.params.id,
        request.headers['accept-language'],
      ),
  );

  app.get(
    '/api/v1/orgs/:org/imports/:id/results.csv',
    {
      schema: {
        tags,
        summary:
          "One line per row with its outcome: row, email, outcome (created, skipped, failed), code, reason, invitation_id, metadata. Headers and reasons are in the reader's language; outcomes and codes are not translated.",
        params: OrgIdParams,
        response: errors(401, 403, 404),
      },
    },
    async (request, reply) => {
      const r = await imports.resultsCsv(
        await actor(request, request.params.org),
        request.params.id,
        request.headers['accept-language'],
      );
      return reply
        .type(CSV_TYPE)
        .header('content-disposition', `attachment; filename="${r.fileName}"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(r.lines));
    },
  );
}
