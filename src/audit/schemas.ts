import { Type } from 'typebox';
import { Nullable, Timestamp } from '../http/schemas.ts';
import { SYSTEM_ACTOR_CODE_DESCRIPTION } from '../shared/system-actors.ts';

const AuditFilterQuery = {
  actor: Type.Optional(Type.String({ description: 'Id of the person (user id) or API key who acted' })),
  type: Type.Optional(
    Type.String({
      maxLength: 100,
      description: 'An action ("member.role_changed") or its prefix ("member"): matches at the dots',
    }),
  ),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Events at or after this time' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Events before this time' })),
};

export const AuditListQuery = Type.Object(
  {
    ...AuditFilterQuery,
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export const AuditExportQuery = Type.Object(AuditFilterQuery, { additionalProperties: false });

export const AuditEvent = Type.Object({
  id: Type.String(),
  at: Timestamp,
  actor: Type.Object({
    type: Type.String({ description: 'user, api_key or system' }),
    id: Nullable(Type.String()),
    name: Type.String(),
    code: Type.Optional(Type.String({ description: SYSTEM_ACTOR_CODE_DESCRIPTION })),
  }),
  action: Type.String({ description: '<target type>.<verb>, e.g. member.role_changed' }),
  target: Type.Object({ type: Type.String(), id: Nullable(Type.String()), label: Nullable(Type.String()) }),
  changes: Nullable(
    Type.Record(Type.String(), Type.Unknown(), {
      description: 'What changed: { field: { from, to } } for the changed fields (never secrets)',
    }),
  ),
});

export const AuditPage = Type.Object({ items: Type.Array(AuditEvent), nextCursor: Nullable(Type.String()) });
