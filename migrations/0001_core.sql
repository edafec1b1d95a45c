-- Core schema: tenancy, accounts, groups, invitations, their history and the email outbox.
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE organizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  invite_expiry_days integer NOT NULL DEFAULT 7 CHECK (invite_expiry_days BETWEEN 1 AND 365),
  manual_entry_limit integer NOT NULL DEFAULT 10 CHECK (manual_entry_limit BETWEEN 1 AND 10),
  import_row_limit integer NOT NULL DEFAULT 500 CHECK (import_row_limit BETWEEN 1 AND 100000),
  require_group boolean NOT NULL DEFAULT false,
  reminder_days_before_expiry integer CHECK (reminder_days_before_expiry BETWEEN 1 AND 364),
  send_rate_per_minute integer NOT NULL DEFAULT 6000 CHECK (send_rate_per_minute BETWEEN 1 AND 1000000),
  credits_enabled boolean NOT NULL DEFAULT false,
  credits_balance integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email citext NOT NULL UNIQUE,
  name text NOT NULL,
  password_hash text,
  must_change_password boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE members (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('owner','admin','hr','curator','manager','learner')),
  permissions text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','deactivated')),
  first_sign_in_at timestamptz,
  last_sign_in_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (org_id, user_id)
);
CREATE INDEX members_user_idx ON members (user_id);

CREATE TABLE sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash text NOT NULL UNIQUE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name text NOT NULL,
  prefix text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_keys_org_idx ON api_keys (org_id);

CREATE TABLE groups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name citext NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (org_id, name)
);

CREATE TABLE trainings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  group_id uuid NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  name text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX trainings_group_idx ON trainings (group_id);

CREATE TABLE group_members (
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  group_id uuid NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
  member_id uuid NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  is_manager boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (group_id, member_id)
);
CREATE INDEX group_members_member_idx ON group_members (member_id);

CREATE TABLE training_assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  member_id uuid NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  training_id uuid NOT NULL REFERENCES trainings(id) ON DELETE CASCADE,
  group_id uuid REFERENCES groups(id) ON DELETE SET NULL,
  assigned_at timestamptz NOT NULL,
  UNIQUE (member_id, training_id)
);

CREATE TABLE invitations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  email citext NOT NULL,
  role text NOT NULL CHECK (role IN ('owner','admin','hr','curator','manager','learner')),
  group_ids uuid[] NOT NULL DEFAULT '{}',
  message text,
  status text NOT NULL CHECK (status IN ('scheduled','pending','expired','accepted','cancelled','declined')),
  -- Bumped by every resend/renewal: links carry an HMAC over (id, link_version), so older links stop verifying.
  link_version integer NOT NULL DEFAULT 1,
  send_at timestamptz,
  expires_at timestamptz,
  sent_count integer NOT NULL DEFAULT 0,
  last_sent_at timestamptz,
  reminded_at timestamptz,
  delivery_status text NOT NULL DEFAULT 'none' CHECK (delivery_status IN ('none','queued','sent','failed','bounced')),
  delivery_detail text,
  last_event_type text NOT NULL,
  last_event_at timestamptz NOT NULL,
  created_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  created_by_name text,
  accepted_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  accepted_at timestamptz,
  import_id uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- At most one open invitation per organization and address.
CREATE UNIQUE INDEX invitations_open_email_uq ON invitations (org_id, email) WHERE status IN ('scheduled','pending','expired');
-- Keyset pagination, newest first, with and without a status filter.
CREATE INDEX invitations_org_created_idx ON invitations (org_id, created_at DESC, id DESC);
CREATE INDEX invitations_org_status_created_idx ON invitations (org_id, status, created_at DESC, id DESC);
-- Case-insensitive substring search on the address.
CREATE INDEX invitations_email_trgm_idx ON invitations USING gin (lower(email::text) gin_trgm_ops);
CREATE INDEX invitations_org_email_idx ON invitations (org_id, email);
-- The expiry sweep and reminders look only at pending rows by expiry.
CREATE INDEX invitations_pending_expiry_idx ON invitations (expires_at) WHERE status = 'pending';

CREATE TABLE invitation_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  invitation_id uuid NOT NULL REFERENCES invitations(id) ON DELETE CASCADE,
  type text NOT NULL,
  actor_type text NOT NULL CHECK (actor_type IN ('user','api_key','system','invitee')),
  actor_id uuid,
  actor_name text,
  detail jsonb,
  at timestamptz NOT NULL
);
CREATE INDEX invitation_events_invitation_idx ON invitation_events (invitation_id, id);

-- The outbox: every email, written in the same transaction as the change that caused it.
CREATE TABLE emails (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid REFERENCES organizations(id) ON DELETE CASCADE,
  invitation_id uuid REFERENCES invitations(id) ON DELETE CASCADE,
  kind text NOT NULL,
  to_address text NOT NULL,
  subject text NOT NULL,
  -- Bodies hold the placeholder {{link}} instead of a link token: tokens never rest in plain text.
  html text NOT NULL,
  text text NOT NULL,
  link_version integer,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','sending','sent','captured','failed','cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  last_response text,
  message_id text NOT NULL,
  send_after timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
CREATE INDEX emails_invitation_idx ON emails (invitation_id, created_at);
CREATE INDEX emails_org_created_idx ON emails (org_id, created_at DESC);
CREATE INDEX emails_status_idx ON emails (status) WHERE status IN ('queued','sending');

-- Single-use tokens for password resets and join-page verification; only hashes are kept.
CREATE TABLE one_time_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  purpose text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  org_id uuid REFERENCES organizations(id) ON DELETE CASCADE,
  user_id uuid REFERENCES users(id) ON DELETE CASCADE,
  email citext,
  data jsonb,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
