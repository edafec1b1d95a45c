import type { Static } from 'typebox';
import type { MailboxItem as MailboxItemSchema } from '../../../src/mail/schemas.ts';

/** A captured email as the server presents it: the type of its own response schema. */
export type MailboxItem = Static<typeof MailboxItemSchema>;
