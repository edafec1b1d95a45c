import { Type } from 'typebox';
import { Nullable, Timestamp } from '../http/schemas.ts';
import { ROLES } from '../invitations/schemas.ts';

const KeyRole = Type.Union([Type.Literal('admin'), Type.Literal('hr')], {
  description: 'The role chosen when the key was created.',
});

export const ApiKeyDto = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the key, to recognise it.' }),
  role: KeyRole,
  effectiveRole: Nullable(
    Type.String({
      description:
        'What the key acts as now: its role, lowered to its creator’s current role if that is lower. Null when the key does not work (revoked, or its creator was deactivated or removed).',
    }),
  ),
  status: Type.Union(
    [
      Type.Literal('active'),
      Type.Literal('revoked'),
      Type.Literal('creator_deactivated'),
      Type.Literal('creator_removed'),
    ],
    { description: 'Whether the key works, and if not why.' },
  ),
  creator: Nullable(
    Type.Object(
      {
        userId: Nullable(Type.String({ description: 'Null once the account is deleted.' })),
        name: Nullable(Type.String()),
        status: Type.Union([Type.Literal('active'), Type.Literal('deactivated'), Type.Literal('removed')]),
      },
      {
        description:
          'The person whose rights the key borrows. Null: created by another key before Beckon recorded creators ("creator unknown").',
      },
    ),
  ),
  createdByKey: Nullable(
    Type.Object(
      { id: Type.String(), name: Type.String() },
      { description: 'The key that created this one, if a key did.' },
    ),
  ),
  createdAt: Timestamp,
  lastUsedAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
  createdBy: Nullable(Type.String({ description: 'Name of the person who created the key.' })),
});

export const CreatedApiKey = Type.Object({
  id: Type.String(),
  key: Type.String({ description: 'The secret: shown once, never again.' }),
  name: Type.String(),
  prefix: Type.String(),
  role: KeyRole,
  createdAt: Timestamp,
});

export const ApiKeyList = Type.Object({ items: Type.Array(ApiKeyDto) });

export const CreateApiKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    role: Type.Optional(
      Type.Union(
        ROLES.map((r) => Type.Literal(r)),
        {
          description:
            'admin or hr, never above your own role; default: the highest of those you hold. The key never acts above its creator’s current role.',
        },
      ),
    ),
  },
  { additionalProperties: false },
);
