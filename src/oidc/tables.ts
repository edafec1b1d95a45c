import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** migrations/0018_oidc.sql */
export interface OidcPayloadsTable {
  model: string;
  id: string;
  payload: ColumnType<Record<string, unknown>, string, string>;
  grant_id: string | null;
  user_code: string | null;
  uid: string | null;
  client_id: string | null;
  consumed_at: Timestamp | null;
  expires_at: Timestamp | null;
}

export interface OidcSigningKeysTable {
  kid: string;
  alg: string;
  private_jwk_encrypted: string;
  public_jwk: ColumnType<Record<string, unknown>, string, string>;
  created_at: Timestamp;
  retired_at: Timestamp | null;
  remove_after: Timestamp | null;
}
