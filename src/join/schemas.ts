import { type Static, Type } from 'typebox';
import { Nullable, Timestamp } from '../http/schemas.ts';
import { LocaleSchema } from '../i18n/schemas.ts';
import { ContinueToSchema } from '../invitations/schemas.ts';

const JoinRole = Type.Union([
  Type.Literal('hr'),
  Type.Literal('curator'),
  Type.Literal('manager'),
  Type.Literal('learner'),
]);

export const JoinPageDto = Type.Object({
  enabled: Type.Boolean(),
  slug: Type.String(),
  allowedDomains: Type.Array(Type.String()),
  defaultRole: Type.String(),
  defaultGroupIds: Type.Array(Type.String()),
  expiresAt: Nullable(Timestamp),
  maxJoins: Nullable(Type.Integer()),
  joinCount: Type.Integer(),
  url: Type.String(),
  appId: Nullable(Type.String({ description: 'The app people continue to after joining' })),
  returnPath: Nullable(Type.String({ description: 'Where on the app they continue' })),
});
export type JoinPageDto = Static<typeof JoinPageDto>;

export const JoinPagePatch = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    slug: Type.Optional(
      Type.String({ maxLength: 50, description: 'a-z, 0-9 and hyphens; 3 to 50 characters.' }),
    ),
    allowedDomains: Type.Optional(
      Type.Array(Type.String({ maxLength: 253 }), {
        maxItems: 100,
        description: 'Only addresses at these domains may join; empty: any.',
      }),
    ),
    defaultRole: Type.Optional(Type.Union([JoinRole, Type.Literal('owner'), Type.Literal('admin')])),
    defaultGroupIds: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 })),
    // type arrays, not anyOf: with type coercion on, anyOf [integer, null] would turn 0 into null.
    expiresAt: Type.Optional(
      Type.Unsafe<string | null>({
        type: ['string', 'null'],
        format: 'date-time',
        description: 'When the page closes; null: never.',
      }),
    ),
    maxJoins: Type.Optional(
      Type.Unsafe<number | null>({
        type: ['integer', 'null'],
        minimum: 1,
        maximum: 10_000_000,
        description: 'Cap on joins; null: none.',
      }),
    ),
    appId: Type.Optional(
      Type.Unsafe<string | null>({
        type: ['string', 'null'],
        maxLength: 64,
        description: 'An app of the organization people continue to after joining; null: none.',
      }),
    ),
    returnPath: Type.Optional(
      Type.Unsafe<string | null>({
        type: ['string', 'null'],
        maxLength: 2000,
        description:
          "Where on the app: a path or a URL on one of the app's registered origins; null: the app's launch URL.",
      }),
    ),
  },
  { additionalProperties: false },
);
export type JoinPagePatch = Static<typeof JoinPagePatch>;

export const PublicJoinPage = Type.Object({
  organization: Type.Object({ name: Type.String() }),
  allowedDomains: Type.Array(Type.String()),
  locale: Type.Union(LocaleSchema.anyOf, {
    description:
      "The page's language: `lang` when the organization allows it, else the first language of Accept-Language it allows, else its default.",
  }),
  languages: Type.Array(LocaleSchema, { description: 'The languages the page may switch to.' }),
});

export const JoinRequestBody = Type.Object(
  {
    email: Type.String({ maxLength: 320 }),
    locale: Type.Optional(
      Type.Union(LocaleSchema.anyOf, {
        description:
          "The language the join page was shown in: the verification email's language when the organization allows it",
      }),
    ),
  },
  { additionalProperties: false },
);

export const JoinVerification = Type.Object({
  organization: Type.Object({ name: Type.String() }),
  email: Type.String(),
  accountExists: Type.Boolean(),
  alreadyMember: Type.Boolean(),
});

export const JoinConfirmBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200 })),
    password: Type.Optional(Type.String({ maxLength: 200 })),
    locale: Type.Optional(
      Type.Union(LocaleSchema.anyOf, {
        description:
          "The language the page was shown in: a new account's language (default: the browser's among the organization's). A signed-in person's stays theirs.",
      }),
    ),
  },
  { additionalProperties: false },
);

export const JoinResult = Type.Object({
  organization: Type.Object({ id: Type.String() }),
  user: Type.Object({ id: Type.String() }),
  csrfToken: Type.String(),
  continueTo: ContinueToSchema,
});
