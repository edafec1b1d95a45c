import { Type } from 'typebox';

const Id = Type.String({ maxLength: 64 });

export const BulkResendBody = Type.Object(
  {
    ids: Type.Optional(Type.Array(Id, { maxItems: 100_000, description: 'Invitation ids' })),
    memberIds: Type.Optional(
      Type.Array(Id, {
        maxItems: 100_000,
        description: 'Member ids: members who never signed in get an account-ready email (Beckon extension)',
      }),
    ),
    filter: Type.Optional(
      Type.Object(
        {
          status: Type.Optional(
            Type.Array(Type.Union([Type.Literal('pending'), Type.Literal('expired')]), {
              minItems: 1,
              maxItems: 2,
            }),
          ),
          neverSignedIn: Type.Optional(
            Type.Boolean({ description: 'Members given accounts who never signed in' }),
          ),
          olderThanDays: Type.Optional(
            Type.Integer({
              minimum: 0,
              maximum: 3650,
              description: 'Last sent (members: added) at least this many days ago',
            }),
          ),
          q: Type.Optional(
            Type.String({ maxLength: 254, description: 'Address (members: or name) contains' }),
          ),
        },
        {
          additionalProperties: false,
          description: 'Without status and neverSignedIn: pending and expired invitations',
        },
      ),
    ),
    dryRun: Type.Optional(
      Type.Boolean({ description: 'List who would receive it and who not, and why; change nothing' }),
    ),
    sendAt: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'Send time for the emails (links are reissued at once)',
      }),
    ),
    templateId: Type.Optional(
      Type.String({
        maxLength: 64,
        description: 'An invitation or account-ready template of the organization',
      }),
    ),
    requirePasswordChange: Type.Optional(
      Type.Boolean({ description: 'Members: must choose a new password at next sign-in' }),
    ),
  },
  { additionalProperties: false },
);

const Target = Type.Union([Type.Literal('invitation'), Type.Literal('member')]);

export const BulkResendResponse = Type.Object({
  dryRun: Type.Boolean(),
  eligibleCount: Type.Integer(),
  ineligibleCount: Type.Integer(),
  eligible: Type.Array(
    Type.Object({
      id: Type.String(),
      type: Target,
      email: Type.String(),
      status: Type.String(),
      action: Type.String({ description: 'resend, renew or account_ready' }),
    }),
  ),
  ineligible: Type.Array(
    Type.Object({
      id: Type.String(),
      type: Target,
      email: Type.String(),
      status: Type.Union([Type.String(), Type.Null()]),
      reason: Type.String(),
    }),
  ),
  queued: Type.Optional(Type.Integer({ description: 'Emails queued (not in a dry run)' })),
  scheduledFor: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
});
