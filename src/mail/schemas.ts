import { Type } from 'typebox';
import { Nullable, Timestamp } from '../http/schemas.ts';

const EmailStatus = Type.Union(
  [
    Type.Literal('queued'),
    Type.Literal('sending'),
    Type.Literal('sent'),
    Type.Literal('captured'),
    Type.Literal('failed'),
    Type.Literal('cancelled'),
  ],
  {
    description:
      'queued → sending → sent (or captured when SMTP_URL is unset); failed; cancelled (superseded before sending)',
  },
);

const itemProperties = {
  id: Type.String(),
  kind: Type.String({
    description:
      'invitation, reminder, join_verification, account_ready, added_to_organization, password_reset, sign_in_paused',
  }),
  to: Type.String(),
  subject: Type.String(),
  status: EmailStatus,
  attempts: Type.Integer({ description: 'Send attempts made' }),
  lastResponse: Nullable(Type.String({ description: "The mail server's last answer" })),
  createdAt: Timestamp,
  sentAt: Nullable(Timestamp),
  bouncedAt: Nullable(Timestamp),
  invitationId: Nullable(Type.String()),
};

export const OutboxItem = Type.Object(itemProperties);
export const OutboxDetail = Type.Object({
  ...itemProperties,
  html: Type.String({ description: 'The body; the link shows as "[invitation link]", never a token' }),
  text: Type.String(),
});
export const MailboxItem = Type.Object({
  ...itemProperties,
  from: Type.String({ description: 'The sender the email carries (Beckon extension)' }),
  replyTo: Nullable(Type.String({ description: 'Where answers go: the inviter, unless turned off' })),
  html: Type.String({ description: 'The body as the recipient got it, link included' }),
  text: Type.String(),
  link: Type.String(),
});

export const OutboxQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    status: Type.Optional(Type.String({ maxLength: 200, description: 'Comma-separated statuses' })),
  },
  { additionalProperties: false },
);
export const MailboxQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        maxLength: 254,
        description: 'Case-insensitive part of the recipient address (Beckon extension)',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const OutboxPage = Type.Object({ items: Type.Array(OutboxItem), nextCursor: Nullable(Type.String()) });
export const MailboxPage = Type.Object({
  items: Type.Array(MailboxItem),
  nextCursor: Nullable(Type.String()),
});
export const InvitationEmails = Type.Object({ items: Type.Array(OutboxDetail) });
export const Instance = Type.Object({
  mailboxEnabled: Type.Boolean({
    description: 'True when SMTP_URL is unset: emails are captured and readable in the mailbox',
  }),
  version: Type.String(),
  learnersCreateOrganizations: Type.Boolean({
    description: 'Whether someone who is only a learner may create an organization (Beckon extension)',
  }),
});
export const BounceResult = Type.Object({
  matched: Type.Boolean({ description: 'Whether the Message-ID named one of our emails' }),
  duplicate: Type.Boolean({ description: 'Already recorded earlier; nothing changed' }),
});
