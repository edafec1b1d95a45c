import { type Static, Type } from 'typebox';

export const SendingDomain = Type.Object({
  domain: Type.String({ description: 'The domain of MAIL_FROM' }),
  from: Type.String({ description: 'MAIL_FROM as configured' }),
  transport: Type.Union([Type.Literal('smtp'), Type.Literal('outbox')]),
  signing: Type.Boolean({ description: 'Outgoing SMTP mail carries a DKIM-Signature for the domain' }),
  dkim: Type.Object({ selector: Type.String(), createdAt: Type.String({ format: 'date-time' }) }),
  records: Type.Array(
    Type.Object({
      purpose: Type.Union([Type.Literal('spf'), Type.Literal('dkim'), Type.Literal('dmarc')]),
      type: Type.Literal('TXT'),
      name: Type.String(),
      value: Type.String(),
      strings: Type.Array(Type.String(), {
        description: 'The value as TXT strings of at most 255 characters',
      }),
      note: Type.String(),
    }),
  ),
});
export type SendingDomainDto = Static<typeof SendingDomain>;

export const TestEmailSent = Type.Object({
  emailId: Type.String(),
  to: Type.String({ description: 'The signed-in person the test went to' }),
  language: Type.Optional(
    Type.String({
      description:
        "The language it was written in (en, ja, de, fr, es, pt-BR, ar): the person's chosen language, else their browser's (Beckon extension)",
    }),
  ),
});
