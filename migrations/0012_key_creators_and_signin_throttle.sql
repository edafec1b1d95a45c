-- API keys act with at most their creator's current rights. Each key records its creator (the person;
-- for a key created by a key, that key's creator and the creating key), the name shown for them, and
-- the role chosen at creation (admin or hr: ownership stays with people).
ALTER TABLE api_keys ADD COLUMN role text NOT NULL DEFAULT 'admin' CHECK (role IN ('admin','hr'));
ALTER TABLE api_keys ALTER COLUMN role DROP DEFAULT;
ALTER TABLE api_keys ADD COLUMN created_by_name text;
ALTER TABLE api_keys ADD COLUMN created_by_key_id uuid REFERENCES api_keys(id) ON DELETE SET NULL;
-- Keys made before creators were recorded (by another key): they keep working as admin, listed as
-- "creator unknown", and may not create keys. A key whose creator's account was later deleted has
-- created_by NULL but creator_unknown false, and stops working.
ALTER TABLE api_keys ADD COLUMN creator_unknown boolean NOT NULL DEFAULT false;
UPDATE api_keys SET created_by_name = users.name FROM users WHERE users.id = api_keys.created_by;
UPDATE api_keys SET creator_unknown = true WHERE created_by IS NULL;

-- Failed sign-ins per address, known or not (answers must not tell them apart), shared by every
-- process through the database. `address_hash` is the SHA-256 of the trimmed, lower-cased address.
CREATE TABLE signin_throttles (
  address_hash text PRIMARY KEY,
  -- Attempts in the current window. An attempt counts from its start, so parallel guesses cannot
  -- slip past the limit; a successful one deletes the row.
  failures integer NOT NULL DEFAULT 0,
  window_started_at timestamptz NOT NULL,
  -- Consecutive pauses: each one twice as long as the last, up to a cap.
  pauses integer NOT NULL DEFAULT 0,
  paused_until timestamptz,
  -- Wrong passwords from a trusted device during a pause; past the limit it is trusted no more.
  device_failures integer NOT NULL DEFAULT 0,
  notified_at timestamptz,
  updated_at timestamptz NOT NULL
);
CREATE INDEX signin_throttles_updated_idx ON signin_throttles (updated_at);
