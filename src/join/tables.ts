import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Default<T> = ColumnType<T, T | undefined, T>;

/** migrations/0003_join.sql */
export interface JoinPagesTable {
  org_id: string;
  enabled: Default<boolean>;
  slug: string;
  allowed_domains: Default<string[]>;
  default_role: Default<'hr' | 'curator' | 'manager' | 'learner'>;
  default_group_ids: Default<string[]>;
  expires_at: Timestamp | null;
  max_joins: number | null;
  join_count: Default<number>;
  updated_at: Timestamp;
  /** migrations/0019: where people who join continue. */
  app_id: ColumnType<string | null, string | null | undefined, string | null>;
  return_path: ColumnType<string | null, string | null | undefined, string | null>;
  /** migrations/0047: when a person first saved the page; null while its link is only kept for it. */
  saved_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
