import { Type } from 'typebox';
import { LocaleSchema } from '../i18n/schemas.ts';
import { SYSTEM_ACTOR_CODE_DESCRIPTION } from '../shared/system-actors.ts';
import { MetadataSchema } from './metadata.ts';

export const ROLES = ['owner', 'admin', 'hr', 'curator', 'manager', 'learner'] as const;
export const STATUSES = ['scheduled', 'pending', 'expired', 'accepted', 'cancelled', 'declined'] as const;

// Written out (not mapped from ROLES) so that Static<> keeps each literal.
export const RoleSchema = Type.Union([
  Type.Literal('owner'),
  Type.Literal('admin'),
  Type.Literal('hr'),
  Type.Literal('curator'),
  Type.Literal('manager'),
  Type.Literal('learner'),
]);

export const InvitationSchema = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    status: Type.Union([
      Type.Literal('scheduled'),
      Type.Literal('pending'),
      Type.Literal('expired'),
      Type.Literal('accepted'),
      Type.Literal('cancelled'),
      Type.Literal('declined'),
    ]),
    role: Type.String(),
    groups: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
    message: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    expiresInDays: Type.Union([Type.Integer(), Type.Null()], {
      description:
        "Days its link works from each send, as chosen when inviting; null: the organization's period",
    }),
    sendAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    sentCount: Type.Integer(),
    lastSentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    lastEvent: Type.Object({
      type: Type.String(),
      at: Type.String({ format: 'date-time' }),
      actor: Type.Union(
        [
          Type.Object({
            type: Type.String(),
            name: Type.Union([Type.String(), Type.Null()]),
            code: Type.Optional(Type.String({ description: SYSTEM_ACTOR_CODE_DESCRIPTION })),
          }),
          Type.Null(),
        ],
        {
          description:
            "Who did it: a person's or API key's name, the invitee, or Beckon (null: expiry seen at read time)",
        },
      ),
    }),
    delivery: Type.Object({ status: Type.String(), detail: Type.Union([Type.String(), Type.Null()]) }),
    user: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
    invitedBy: Type.Union([Type.String(), Type.Null()]),
    actions: Type.Array(Type.String(), {
      description:
        'Actions that apply now: resend, renew, copy_link, set_password, correct_address, cancel, reschedule',
    }),
    statusReason: Type.String({ description: 'Why the status allows what it allows, for people' }),
    statusReasonCode: Type.Optional(
      Type.String({
        description:
          "statusReason as a stable code: status_<status>, or role_not_grantable when the caller may not grant the invitation's role (Beckon extension)",
      }),
    ),
    metadata: Type.Union([MetadataSchema, Type.Null()]),
    app: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()], {
      description: 'The app the person continues to after accepting (null: none, or the app was deleted)',
    }),
    returnPath: Type.Union([Type.String(), Type.Null()], {
      description: "Where on the app they continue: a path, or a URL on the app's registered origins",
    }),
    locale: Type.Union([LocaleSchema, Type.Null()], {
      description:
        "The language of its emails and pages; null only for invitations made before languages existed (the organization's default applies)",
    }),
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
    code: Type.Optional(Type.String({ description: SYSTEM_ACTOR_CODE_DESCRIPTION })),
  }),
  detail: Type.Any(),
  note: Type.Optional(
    Type.Union([Type.String(), Type.Null()], {
      description:
        'The event in a sentence for people, with names instead of ids: "Imported from staff.csv.", "Bulk resend with the template “Reminder”.", a link fetched by a mail scanner (link_checked) versus opened in a browser (viewed); null when the type says it all',
    }),
  ),
});

export const InvitationWithEvents = Type.Intersect([
  Type.Ref('Invitation'),
  Type.Object({ events: Type.Array(EventSchema) }),
]);

const ADDRESS_REASON_DESCRIPTION =
  'Which sentence message is, as a stable code for clients to word in their own language (message is English): too_long, empty, spaces, shape, local_too_long, local_characters, domain (with domain), duplicate, possible_typo (with suggestion), member_active, member_deactivated, rate_limited, invited_pending, invited_expired, invited_scheduled, no_credits. More may come: fall back to message for a code you do not know (Beckon extension).';

/** Why an address was not invited: `code` says what, `reasonCode` which sentence, `message` in English. */
export const AddressReason = {
  reasonCode: Type.String({ description: ADDRESS_REASON_DESCRIPTION }),
  domain: Type.Optional(Type.String({ description: 'domain: the domain that is not valid' })),
};

export const Rejection = Type.Object({
  email: Type.String(),
  code: Type.String(),
  message: Type.String(),
  suggestion: Type.Optional(Type.String()),
  ...AddressReason,
});

export const CreateBody = Type.Object(
  {
    emails: Type.Array(Type.String({ maxLength: 320 }), { minItems: 1, maxItems: 10 }),
    role: Type.Optional(RoleSchema),
    groupIds: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 })),
    message: Type.Optional(Type.String({ maxLength: 2000 })),
    sendAt: Type.Optional(Type.String({ format: 'date-time' })),
    expiresInDays: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 365,
        description:
          "Days the link works, counted from the email's send (Beckon extension). At most the organization's `inviteExpiryDays`, which is also the default; more is refused with 400 `invalid_expiry`.",
      }),
    ),
    allowTypos: Type.Optional(
      Type.Boolean({
        description: 'Invite as typed even where a domain typo is suspected (Beckon extension)',
      }),
    ),
    metadata: Type.Optional(MetadataSchema),
    appId: Type.Optional(
      Type.String({
        maxLength: 64,
        description:
          'An app of the organization: after accepting, the welcome page offers "Continue to <app>"',
      }),
    ),
    returnPath: Type.Optional(
      Type.String({
        maxLength: 2000,
        description:
          'Where on the app: a path ("/course/12") or an absolute URL on one of the app\'s registered origins. Needs appId.',
      }),
    ),
    locale: Type.Optional(
      Type.Union(LocaleSchema.anyOf, {
        description:
          "The language of the invitation's emails, reminders and pages, and the new account's language: en, ja, de, fr, es, pt-BR or ar. Default: the organization's default language.",
      }),
    ),
  },
  { additionalProperties: false },
);

/** Filters the overview's figures open the list with (Beckon extension). */
const OverviewFilters = {
  expiringWithinHours: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 8760,
      description: 'Pending and expiring within this many hours from now',
    }),
  ),
  scheduledWithinDays: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 3650,
      description: 'Scheduled to send within this many days from now',
    }),
  ),
  deliveryProblem: Type.Optional(
    Type.Boolean({ description: 'true: pending or expired invitations whose email failed or bounced' }),
  ),
  acceptedSince: Type.Optional(
    Type.String({ format: 'date-time', description: 'Accepted at or after this time' }),
  ),
  opened: Type.Optional(
    Type.Boolean({ description: 'Whether the invitee opened the invitation in a browser (a viewed event)' }),
  ),
};

export const ListQuery = Type.Object(
  {
    status: Type.Optional(
      Type.String({
        pattern: `^(${STATUSES.join('|')})(,(${STATUSES.join('|')}))*$`,
        description: 'Comma-separated statuses',
      }),
    ),
    q: Type.Optional(Type.String({ maxLength: 254 })),
    groupId: Type.Optional(
      Type.String({ format: 'uuid', description: 'Only invitations into this group (Beckon extension)' }),
    ),
    ...OverviewFilters,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

/** Where the welcome page's "Continue to <app>" goes; null when the invitation names no app. */
export const ContinueToSchema = Type.Union(
  [
    Type.Object({
      app: Type.Object({ id: Type.String(), name: Type.String() }),
      url: Type.String({ description: "On one of the app's registered origins" }),
    }),
    Type.Null(),
  ],
  { description: 'Where "Continue to <app>" goes after accepting or joining; null: nowhere' },
);
