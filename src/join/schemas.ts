import { type Static, Type } from 'typebox';
import { Nullable, Timestamp } from '../http/schemas.ts';

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
  },
  { additionalProperties: false },
);
export type JoinPagePatch = Static<typeof JoinPagePatch>;

export const PublicJoinPage = Type.Object({
  organization: Type.Object({ name: Type.String() }),
  allowedDomains: Type.Array(Type.String()),
});

export const JoinRequestBody = Type.Object(
  { email: Type.String({ maxLength: 320 }) },
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
  },
  { additionalProperties: false },
);

export const JoinResult = Type.Object({
  organization: Type.Object({ id: Type.String() }),
  user: Type.Object({ id: Type.String() }),
  csrfToken: Type.String(),
});
