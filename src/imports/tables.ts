import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Default<T> = ColumnType<T, T | undefined, T>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export type ImportStatus = 'preview' | 'running' | 'done' | 'failed' | 'cancelled';
export type RowOutcome = 'created' | 'skipped' | 'failed';

/** migrations/0004_imports.sql */
export interface ImportsTable {
  id: Generated<string>;
  org_id: string;
  status: ImportStatus;
  file_name: Nullable<string>;
  file_type: Default<'csv' | 'xlsx'>;
  encoding: Nullable<string>;
  total: Default<number>;
  valid: Default<number>;
  processed: Default<number>;
  created: Default<number>;
  skipped: Default<number>;
  failed: Default<number>;
  unknown_columns: Default<string[]>;
  allow_typos: Default<boolean>;
  send_at: Nullable<Date>;
  created_by_user_id: Nullable<string>;
  created_by_name: Nullable<string>;
  confirmed_by_name: Nullable<string>;
  created_at: Timestamp;
  confirmed_at: Nullable<Date>;
  finished_at: Nullable<Date>;
  error: Nullable<string>;
}

export interface ImportRowsTable {
  import_id: string;
  row_number: number;
  email: string;
  group_ids: Default<string[]>;
  role: Default<string>;
  problem_code: Nullable<string>;
  problem_column: Nullable<string>;
  problem_message: Nullable<string>;
  problems: Nullable<unknown>;
  outcome: Nullable<RowOutcome>;
  reason: Nullable<string>;
  reason_code: Nullable<string>;
  invitation_id: Nullable<string>;
  /** migrations/0019: the row's metadata, app and return path, carried onto its invitation. */
  metadata: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  app_id: Nullable<string>;
  return_path: Nullable<string>;
  /** migrations/0028: days the row's invitation link works (null: the organization's period). */
  expiry_days: Nullable<number>;
  /** migrations/0044: the row's language for its invitation (null: the organization's default). */
  locale: Nullable<string>;
}

export type ImportRecord = Selectable<ImportsTable>;
export type ImportRow = Selectable<ImportRowsTable>;
