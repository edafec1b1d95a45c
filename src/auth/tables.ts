import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** Columns the database fills in when omitted. */
type Default<T> = ColumnType<T, T | undefined, T>;

/** migrations/0012: sign-in attempts per address (see signin-throttle.ts). */
export interface SigninThrottlesTable {
  address_hash: string;
  failures: Default<number>;
  window_started_at: Timestamp;
  pauses: Default<number>;
  paused_until: Timestamp | null;
  device_failures: Default<number>;
  notified_at: Timestamp | null;
  updated_at: Timestamp;
}
