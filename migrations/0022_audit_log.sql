-- The organization's audit log: one row per change made by a person or an API key, written by
-- the service in the change's own transaction (the actor is known to the app, not the database).
-- `changes` holds the before/after of the changed fields only; secrets and hashes never go in.
CREATE TABLE audit_events (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  at timestamptz NOT NULL,
  actor_type text NOT NULL CHECK (actor_type IN ('user','api_key','system')),
  actor_id uuid,
  actor_name text NOT NULL,
  -- `<target type>.<verb>`, e.g. member.role_changed: the type filter matches a prefix of it.
  action text NOT NULL CHECK (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
  target_type text NOT NULL,
  target_id text,
  target_label text,
  changes jsonb
);
-- Newest first per organization (the list, the exports and keyset pages), and per actor.
CREATE INDEX audit_events_org_at_idx ON audit_events (org_id, at DESC, id DESC);
CREATE INDEX audit_events_org_actor_at_idx ON audit_events (org_id, actor_id, at DESC, id DESC);

-- Events older than this many days are purged by the daily job.
ALTER TABLE organizations ADD COLUMN audit_retention_days integer NOT NULL DEFAULT 365
  CHECK (audit_retention_days BETWEEN 1 AND 3650);
