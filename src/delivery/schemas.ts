import { type Static, Type } from 'typebox';

export const DeliveryProblems = Type.Object({
  total: Type.Integer({ description: 'Open invitations whose email failed or bounced' }),
  byDomain: Type.Array(
    Type.Object({
      domain: Type.String({ description: "The recipients' domain" }),
      count: Type.Integer(),
      bounced: Type.Integer({
        description: 'Of which reported later as bounces (the rest were refused when sent)',
      }),
      latestAt: Type.String({ format: 'date-time' }),
    }),
    { description: 'At most 50, most problems first' },
  ),
  byAnswer: Type.Array(
    Type.Object({
      answer: Type.String({
        description:
          "The server's answer as grouped: its first line, addresses shown as <address>. Pass it as `answer` to list the invitations.",
      }),
      code: Type.Union([Type.String(), Type.Null()], { description: 'SMTP reply code, e.g. 550' }),
      enhancedStatus: Type.Union([Type.String(), Type.Null()], {
        description: 'Enhanced status code, e.g. 5.1.1',
      }),
      text: Type.String({ description: 'The answer without its codes' }),
      count: Type.Integer(),
      domains: Type.Integer({ description: 'How many recipient domains gave this answer' }),
      latestAt: Type.String({ format: 'date-time' }),
    }),
    { description: 'At most 50, most problems first' },
  ),
});
export type DeliveryProblemsDto = Static<typeof DeliveryProblems>;

export const ProblemInvitationsQuery = Type.Object(
  {
    domain: Type.Optional(Type.String({ maxLength: 253, description: 'Only this recipient domain' })),
    answer: Type.Optional(Type.String({ maxLength: 200, description: 'Only this answer (as grouped)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
