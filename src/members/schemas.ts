import { type Static, Type } from 'typebox';
import { Nullable, Timestamp } from '../http/schemas.ts';
import { RoleSchema } from '../invitations/schemas.ts';

const Ref = Type.Object({ id: Type.String(), name: Type.String() });

export const MemberDto = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  permissions: Type.Array(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('deactivated')]),
  firstSignInAt: Nullable(Timestamp),
  lastSignInAt: Nullable(Timestamp),
  neverSignedIn: Type.Boolean(),
  createdAt: Timestamp,
  groups: Type.Array(Ref),
  trainings: Type.Array(Ref),
});
export type MemberDto = Static<typeof MemberDto>;

export const MemberList = Type.Object({ items: Type.Array(MemberDto), nextCursor: Nullable(Type.String()) });

export const MemberListQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([Type.Literal('active'), Type.Literal('deactivated'), Type.Literal('never_signed_in')], {
        description: 'never_signed_in: active members who have not signed in yet.',
      }),
    ),
    q: Type.Optional(
      Type.String({ maxLength: 200, description: 'Case-insensitive substring of the address or name.' }),
    ),
    groupId: Type.Optional(
      Type.String({ format: 'uuid', description: 'Only members of this group (Beckon extension)' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type MemberListQuery = Static<typeof MemberListQuery>;

export const MemberPatch = Type.Object(
  {
    role: Type.Optional(
      Type.Union([
        Type.Literal('owner'),
        Type.Literal('admin'),
        Type.Literal('hr'),
        Type.Literal('curator'),
        Type.Literal('manager'),
        Type.Literal('learner'),
      ]),
    ),
    permissions: Type.Optional(
      Type.Array(Type.Union([Type.Literal('people'), Type.Literal('templates')]), { maxItems: 10 }),
    ),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('deactivated')])),
  },
  { additionalProperties: false },
);
export type MemberPatch = Static<typeof MemberPatch>;
