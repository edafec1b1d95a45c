-- Email delivery (SPEC §5): links without stored tokens, per-organization throttling, the outbox API, bounces.

-- Where the link in a non-invitation email points (e.g. '/reset-password/'), and for one-time-token
-- emails the one_time_tokens row the token is derived from (HMAC over its id; see ottToken in
-- src/security/tokens.ts). The token itself is computed at send time and never stored.
ALTER TABLE emails ADD COLUMN link_path text;
ALTER TABLE emails ADD COLUMN link_ott_id uuid;
-- When a send attempt last started, and by which job: per-organization rate limiting counts
-- attempts started in the last minute, and a second job for the same email stands aside.
ALTER TABLE emails ADD COLUMN claimed_at timestamptz;
ALTER TABLE emails ADD COLUMN claim_job_id text;
-- When a provider reported a bounce for this email (the webhook is idempotent on it).
ALTER TABLE emails ADD COLUMN bounced_at timestamptz;

-- Bounce reports name the Message-ID; one per email by construction.
CREATE UNIQUE INDEX emails_message_id_uq ON emails (message_id);
-- Throttling: attempts started by an organization in the last minute.
CREATE INDEX emails_org_claimed_idx ON emails (org_id, claimed_at) WHERE claimed_at IS NOT NULL;
-- Keyset pagination of the outbox and mailbox, newest first, with and without a status filter.
DROP INDEX IF EXISTS emails_org_created_idx;
CREATE INDEX emails_org_created_idx ON emails (org_id, created_at DESC, id DESC);
CREATE INDEX emails_org_status_created_idx ON emails (org_id, status, created_at DESC, id DESC);
