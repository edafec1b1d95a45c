import type { ColumnType } from 'kysely';

/** migrations/0008_mail_throttle.sql: the next free send slot of an organization over its budget. */
export interface MailThrottleTable {
  org_id: string;
  next_slot_at: ColumnType<Date, Date | string, Date | string>;
}
