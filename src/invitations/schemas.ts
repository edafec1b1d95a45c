import { Type } from 'typebox';

export const ROLES = ['owner', 'admin', 'hr', 'curator', 'manager', 'learner'] as const;
export const STATUSES = ['scheduled', 'pending', 'expired', 'accepted', 'cancelled', 'declined'] as const;

export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));

export const InvitationSchema = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    status: Type.Union(STATUSES.map((s) => Type.Literal(s))),
    role: Type.String(),
    groups: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
    message: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    sendAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    sentCount: Type.Integer(),
    lastSentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    lastEvent: Type.Object({ type: Type.String(), at: Type.String({ format: 'date-time' }) }),
    delivery: Type.Object({ status: Type.String(), detail: Type.Union([Type.String(), Type.Null()]) }),
    user: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
    invitedBy: Type.Union([Type.String(), Type.Null()]),
    actions: Type.Array(Type.String(), {
      description: 'Actions that apply now: resend, renew, copy_link, set_password, cancel, reschedule',
    }),
    statusReason: Type.String({ description: 'Why the status allows what it allows, for people' }),
  },
  { $id: 'Invitation' },
);

export const EventSchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.Object({
    type: Type.String(),
    id: Type.Union([Type.String(), Type.Null()]),
    name: Type.Union([Type.String(), Type.Null()]),
  }),
  detail: Type.Any(),
});

export const InvitationWithEvents = Type.Intersect([
  Type.Ref('Invitation'),
  Type.Object({ events: Type.Array(EventSchema) }),
]);

export const Rejection = Type.Object({
  email: Type.String(),
  code: Type.String(),
  message: Type.String(),
  suggestion: Type.Optional(Type.String()),
});

export const CreateBody = Type.Object(
  {
    emails: Type.Array(Type.String({ maxLength: 320 }), { minItems: 1, maxItems: 10 }),
    role: Type.Optional(RoleSchema),
    groupIds: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 })),
    message: Type.Optional(Type.String({ maxLength: 2000 })),
    sendAt: Type.Optional(Type.String({ format: 'date-time' })),
    allowTypos: Type.Optional(
      Type.Boolean({
        description: 'Invite as typed even where a domain typo is suspected (Beckon extension)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ListQuery = Type.Object(
  {
    status: Type.Optional(
      Type.String({
        pattern: `^(${STATUSES.join('|')})(,(${STATUSES.join('|')}))*$`,
        description: 'Comma-separated statuses',
      }),
    ),
    q: Type.Optional(Type.String({ maxLength: 254 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
