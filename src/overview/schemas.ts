import { type Static, Type } from 'typebox';
import { Nullable, Timestamp } from '../http/schemas.ts';

const Range = Type.Union([Type.Literal(30), Type.Literal(90)], {
  description: 'Days back from today in the organization time zone (default 30)',
});
export const RangeQuery = Type.Object({ days: Type.Optional(Range) }, { additionalProperties: false });

/** Query parameters of GET …/invitations that show the people a figure counts. */
export const ListFilterLink = Type.Record(Type.String(), Type.String(), {
  description:
    'The invitation list filter (query parameters of GET …/invitations) that lists what the figure counts',
});

const Figure = Type.Object({
  key: Type.String(),
  label: Type.String(),
  value: Nullable(Type.Number()),
  unit: Type.Union([Type.Literal('count'), Type.Literal('percent'), Type.Literal('seconds')]),
  filter: ListFilterLink,
});

export const FiguresDto = Type.Object({
  asOf: Timestamp,
  timeZone: Type.String(),
  figures: Type.Array(Figure),
});
export type FiguresDto = Static<typeof FiguresDto>;

export const ActivityDto = Type.Object({
  timeZone: Type.String(),
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  days: Type.Array(
    Type.Object({
      date: Type.String({ format: 'date' }),
      sent: Type.Integer({ description: 'Invitation emails sent: first sends, resends and renewals' }),
      accepted: Type.Integer(),
    }),
  ),
});
export type ActivityDto = Static<typeof ActivityDto>;

const Stages = {
  invited: Type.Integer(),
  delivered: Type.Integer({ description: 'Email accepted by the receiving server (or opened, or accepted)' }),
  opened: Type.Integer({ description: 'Shown in a browser (a viewed event; not mail-scanner link checks)' }),
  accepted: Type.Integer(),
};
const FunnelRow = Type.Object({
  id: Nullable(
    Type.String({ description: 'Group, import or user id; null: none (no group, not imported, an API key)' }),
  ),
  name: Type.String(),
  nameCode: Type.Optional(
    Type.Union([Type.Literal('none'), Type.Literal('deleted'), Type.Literal('import_of')], {
      description:
        "Present when name is Beckon's own English words, for clients to word in their language: none (no group, not imported, API keys), deleted (the group, import or person no longer exists), import_of (an import without a file name: importedOn)",
    }),
  ),
  importedOn: Type.Optional(
    Type.String({ format: 'date', description: 'import_of: the day the import was made (UTC)' }),
  ),
  ...Stages,
});

export const FunnelDto = Type.Object({
  from: Type.String({ format: 'date', description: 'Invitations created on or after this day' }),
  total: Type.Object(Stages),
  byGroup: Type.Array(FunnelRow),
  byImport: Type.Array(FunnelRow),
  byInviter: Type.Array(FunnelRow),
});
export type FunnelDto = Static<typeof FunnelDto>;

export const AttentionDto = Type.Object({
  expiringUnopened: Type.Object({
    count: Type.Integer(),
    hours: Type.Integer(),
    items: Type.Array(Type.Object({ id: Type.String(), email: Type.String(), expiresAt: Timestamp })),
    filter: ListFilterLink,
  }),
  deliveryFailures: Type.Object({
    count: Type.Integer(),
    items: Type.Array(
      Type.Object({
        id: Type.String(),
        email: Type.String(),
        status: Type.String(),
        detail: Nullable(Type.String()),
      }),
    ),
    filter: ListFilterLink,
  }),
  importsWithFailures: Type.Array(
    Type.Object({
      id: Type.String(),
      fileName: Nullable(Type.String()),
      failed: Type.Integer(),
      total: Type.Integer(),
      createdAt: Timestamp,
    }),
  ),
});
export type AttentionDto = Static<typeof AttentionDto>;
