import type { Static } from 'typebox';
import type { SendingDomain, TestEmailSent } from '../../../src/sending-domain/schemas.ts';

export type SendingDomainDto = Static<typeof SendingDomain>;
export type DnsRecordDto = SendingDomainDto['records'][number];
export type TestEmailSentDto = Static<typeof TestEmailSent>;
