import { Type } from 'typebox';
import { Nullable, Timestamp } from '../http/schemas.ts';

export const ImportStatusSchema = Type.Union(
  ['preview', 'running', 'done', 'failed', 'cancelled'].map((s) => Type.Literal(s)),
);

export const ImportSchema = Type.Object(
  {
    id: Type.String(),
    status: ImportStatusSchema,
    fileName: Nullable(Type.String()),
    fileType: Type.String(),
    total: Type.Integer(),
    valid: Type.Integer(),
    processed: Type.Integer(),
    created: Type.Integer(),
    skipped: Type.Integer(),
    failed: Type.Integer(),
    unknownColumns: Type.Array(Type.String()),
    sendAt: Nullable(Timestamp),
    createdAt: Timestamp,
    createdBy: Type.Object({ id: Nullable(Type.String()), name: Nullable(Type.String()) }),
    confirmedAt: Nullable(Timestamp),
    confirmedBy: Nullable(Type.String()),
    finishedAt: Nullable(Timestamp),
    error: Nullable(Type.String()),
    expiresAt: Nullable(
      Type.String({
        format: 'date-time',
        description: 'A preview: when it stops being confirmable (a day after the upload). Otherwise null.',
      }),
    ),
    expired: Type.Boolean({
      description: 'A preview past its expiresAt: it can no longer be confirmed (upload the file again)',
    }),
  },
  { $id: 'Import', additionalProperties: true },
);

export const ProblemSchema = Type.Object({
  row: Type.Integer({ description: 'Row number as the spreadsheet shows it (the header is row 1)' }),
  column: Type.String(),
  code: Type.String({
    description:
      'invalid_email, unknown_group, duplicate, already_invited, already_member, role_not_allowed, group_required, group_not_allowed, possible_typo, value_too_long, invalid_metadata, unknown_app, app_disabled, app_required, invalid_return_path, invalid_expiry, unknown_language, language_not_allowed',
  }),
  message: Type.String({
    description:
      "For people, in the importer's language (their chosen one, else Accept-Language, else the organization's default)",
  }),
});

export const ProblemGroupSchema = Type.Object({
  code: Type.String({ description: 'The kind of problem, as in problems[].code' }),
  count: Type.Integer({ description: 'Rows with a problem of this kind' }),
  summary: Type.String({
    description: 'For people, in the reader\'s language: "1,000 already invited", "3 invalid addresses"',
  }),
  effect: Type.Union([Type.Literal('skipped'), Type.Literal('needs_confirmation'), Type.Literal('refused')], {
    description:
      'What confirming does with these rows: skipped (nothing to do), needs_confirmation (imported only with allowTypos), refused',
  }),
});

export const PreviewSchema = Type.Intersect([
  Type.Ref('Import'),
  Type.Object({
    problems: Type.Array(ProblemSchema, {
      description: 'Every problem, up to 1,000 (results.csv has every row)',
    }),
    problemCount: Type.Integer(),
    problemsTruncated: Type.Boolean(),
    problemGroups: Type.Array(ProblemGroupSchema, {
      description:
        'Every problem grouped by kind with its row count, most serious first (GET …/problems?code= lists the rows)',
    }),
    typos: Type.Integer({
      description:
        'Rows whose only problem is a suspected typo: confirm with allowTypos to import them as typed',
    }),
    columns: Type.Array(Type.String()),
    encoding: Nullable(Type.String()),
    delimiter: Nullable(Type.String()),
    rowLimit: Type.Integer(),
  }),
]);

export const ConfirmBody = Type.Object(
  {
    sendAt: Type.Optional(
      Nullable(
        Type.String({
          format: 'date-time',
          description: 'Create the invitations as scheduled for this time',
        }),
      ),
    ),
    allowTypos: Type.Optional(Type.Boolean({ description: 'Import rows flagged possible_typo as typed' })),
  },
  { additionalProperties: false },
);
