import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type AuditActorType = 'user' | 'api_key' | 'system';

export interface AuditEventsTable {
  id: string;
  org_id: string;
  at: Timestamp;
  actor_type: AuditActorType;
  actor_id: string | null;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string | null;
  target_label: string | null;
  changes: ColumnType<Record<string, unknown> | null, string | null, string | null>;
}
