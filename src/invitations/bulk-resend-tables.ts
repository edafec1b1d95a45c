import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Default<T> = ColumnType<T, T | undefined, T>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type BulkResendStatus = 'scheduled' | 'running' | 'done' | 'failed' | 'cancelled';

export interface Refusal {
  id: string;
  type: 'invitation' | 'member';
  email: string;
  status: string | null;
  reason: string;
  /** Absent on refusals kept before reasons had codes. */
  reasonCode?: string;
  role?: string;
  retryInSeconds?: number;
}

/** migrations/0010_bulk_resend_jobs.sql, 0011_scheduled_bulk_resends.sql */
export interface BulkResendsTable {
  id: Generated<string>;
  org_id: string;
  status: BulkResendStatus;
  actor_type: 'user' | 'api_key';
  actor_id: string;
  actor_name: string;
  created_by_user_id: Nullable<string>;
  created_at: Timestamp;
  finished_at: Nullable<Date>;
  invitation_ids: string[];
  member_ids: string[];
  total: number;
  processed: Default<number>;
  sent: Default<number>;
  refused: Default<number>;
  ineligible: Default<number>;
  refusals: ColumnType<Refusal[], string | undefined, string>;
  send_at: Nullable<Date>;
  template_id: Nullable<string>;
  require_password_change: Default<boolean>;
  error: Nullable<string>;
  cancelled_by_name: Nullable<string>;
}

export type BulkResendRecord = Selectable<BulkResendsTable>;
