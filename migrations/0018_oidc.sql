-- The OpenID Connect provider's state (sessions, interactions, grants, codes, tokens), shared by
-- every web process. One row per (model, id); the payload is oidc-provider's own JSON.
CREATE TABLE oidc_payloads (
  model text NOT NULL,
  id text NOT NULL,
  payload jsonb NOT NULL,
  grant_id text,
  user_code text,
  uid text,
  -- The app the row belongs to: rotating its secret, disabling or deleting it removes its rows.
  client_id text,
  consumed_at timestamptz,
  expires_at timestamptz,
  PRIMARY KEY (model, id)
);
CREATE INDEX oidc_payloads_grant_idx ON oidc_payloads (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX oidc_payloads_uid_idx ON oidc_payloads (uid) WHERE uid IS NOT NULL;
CREATE INDEX oidc_payloads_user_code_idx ON oidc_payloads (user_code) WHERE user_code IS NOT NULL;
CREATE INDEX oidc_payloads_client_idx ON oidc_payloads (client_id) WHERE client_id IS NOT NULL;
CREATE INDEX oidc_payloads_expires_idx ON oidc_payloads (expires_at);

-- Signing keys. The private key is encrypted (AES-256-GCM, key derived from SECRET_KEY); the
-- public one is published in the JWKS until every token it signed has expired (retire_after).
CREATE TABLE oidc_signing_keys (
  kid text PRIMARY KEY,
  alg text NOT NULL,
  private_jwk_encrypted text NOT NULL,
  public_jwk jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  -- Set when a newer key takes over signing.
  retired_at timestamptz,
  -- Dropped from the JWKS after this time.
  remove_after timestamptz
);
