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

const REASON_CODE_DESCRIPTION =
  'Why, as a stable code for clients to word in their own language (reason is English): not_found, member_not_found, no_longer_exists, no_longer_member, role_not_grantable (with role), not_sent_yet, status_<status> (pending, expired, accepted, cancelled, declined), cooldown (with retryInSeconds), member_role_not_grantable (with role), member_deactivated, member_signed_in. More may come: fall back to reason for a code you do not know (Beckon extension).';
const ReasonCode = Type.String({ description: REASON_CODE_DESCRIPTION });
/** What a reason's sentence names, beside its code. */
const ReasonValues = {
  role: Type.Optional(Type.String({ description: 'The role the reason is about' })),
  retryInSeconds: Type.Optional(
    Type.Integer({ description: 'cooldown: seconds until the person may be sent to again' }),
  ),
};

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
      reasonCode: ReasonCode,
      ...ReasonValues,
    }),
  ),
  queued: Type.Optional(Type.Integer({ description: 'Emails queued (not in a dry run)' })),
  scheduledFor: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
  status: Type.Optional(
    Type.Union([Type.Literal('scheduled'), Type.Literal('running'), Type.Literal('done')], {
      description:
        'Not in a dry run. done: sent within the request. running: more people than the request handles; a job sends, see bulkResendId. scheduled: with a future sendAt, the job sends then; until then it can be moved (PATCH) or cancelled (Beckon extension)',
    }),
  ),
  bulkResendId: Type.Optional(
    Type.String({
      description:
        'The background run: progress at GET /api/v1/orgs/{org}/invitations/bulk-resends/{id} (Beckon extension)',
    }),
  ),
});

const RunFields = {
  id: Type.String(),
  status: Type.Union(
    [
      Type.Literal('scheduled'),
      Type.Literal('running'),
      Type.Literal('done'),
      Type.Literal('failed'),
      Type.Literal('cancelled'),
    ],
    { description: 'scheduled until sendAt; cancelled by an administrator (what was sent stays sent)' },
  ),
  total: Type.Integer({ description: 'Eligible people at selection: the work list' }),
  processed: Type.Integer({ description: 'Of the work list, done so far' }),
  sent: Type.Integer({ description: 'Emails queued' }),
  refused: Type.Integer({ description: 'Refused at run time: changed since the selection' }),
  ineligible: Type.Integer({ description: 'Refused at selection (listed in the POST answer)' }),
  sendAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  templateId: Type.Union([Type.String(), Type.Null()]),
  requirePasswordChange: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.Object({
    type: Type.Union([Type.Literal('user'), Type.Literal('api_key')]),
    id: Type.String(),
    name: Type.String(),
  }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  cancelledBy: Type.Union([Type.String(), Type.Null()], { description: 'Who cancelled the run' }),
};

/** A bulk resend run by the invitation.bulk-resend job (Beckon extension). */
export const BulkResendRunSchema = Type.Object(RunFields, { $id: 'BulkResendRun' });

export const BulkResendRunDetail = Type.Object({
  ...RunFields,
  refusals: Type.Array(
    Type.Object({
      id: Type.String(),
      type: Target,
      email: Type.String(),
      status: Type.Union([Type.String(), Type.Null()]),
      reason: Type.String(),
      reasonCode: Type.Optional(
        Type.String({
          description: `${REASON_CODE_DESCRIPTION} Absent on refusals recorded before reasons had codes.`,
        }),
      ),
      ...ReasonValues,
    }),
    { description: 'Run-time refusals with reasons (the first 1,000)' },
  ),
  refusalsTruncated: Type.Boolean(),
});

export const BulkResendListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

export const BulkResendMoveBody = Type.Object(
  { sendAt: Type.String({ format: 'date-time', description: 'The new send time: future, within a year' }) },
  { additionalProperties: false },
);
