import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Default<T> = ColumnType<T, T | undefined, T>;

export type AppKind = 'web' | 'native';
export type AppAccess = 'all' | 'restricted';

/** migrations/0017_apps.sql */
export interface AppsTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  kind: AppKind;
  client_id: string;
  client_secret_hash: string | null;
  secret_rotated_at: Timestamp | null;
  redirect_uris: string[];
  post_logout_redirect_uris: Default<string[]>;
  launch_url: string | null;
  access: Default<AppAccess>;
  allowed_roles: Default<string[]>;
  allowed_group_ids: Default<string[]>;
  disabled_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
