import { Type } from 'typebox';

export const CreditSummary = Type.Object({
  enabled: Type.Boolean(),
  balance: Type.Integer({ description: 'Credits available for new invitations' }),
  held: Type.Integer({ description: 'Credits held by open invitations' }),
  transactions: Type.Array(
    Type.Object({
      id: Type.String(),
      delta: Type.Integer(),
      reason: Type.String(),
      invitationId: Type.Union([Type.String(), Type.Null()]),
      invitationEmail: Type.Union([Type.String(), Type.Null()], {
        description: 'The address of the invitation that held, released or spent the credit',
      }),
      actorName: Type.Union([Type.String(), Type.Null()]),
      note: Type.Union([Type.String(), Type.Null()]),
      at: Type.String(),
    }),
  ),
});

export const CreditBalance = Type.Object({
  enabled: Type.Boolean(),
  balance: Type.Integer(),
  held: Type.Integer(),
});
