-- Bulk resends run as a background job (invitation.bulk-resend) when they reach many people: one
-- row per run, with its work list, options and progress. Small runs stay inside the request and
-- leave no row.
CREATE TABLE bulk_resends (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('running','done','failed')),
  -- Who asked, as invitation events record it (a user, or an API key in the organization's name).
  actor_type text NOT NULL CHECK (actor_type IN ('user','api_key')),
  actor_id text NOT NULL,
  actor_name text NOT NULL,
  created_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  finished_at timestamptz,
  -- The work list, invitations first: `processed` is the position reached in it. Arrays rather
  -- than a child table: 100,000 ids are one TOASTed value written once, read a slice at a time.
  invitation_ids uuid[] NOT NULL,
  member_ids uuid[] NOT NULL,
  total integer NOT NULL,
  processed integer NOT NULL DEFAULT 0,
  sent integer NOT NULL DEFAULT 0,
  -- Refused at run time (changed since the selection); `ineligible` were refused at selection.
  refused integer NOT NULL DEFAULT 0,
  ineligible integer NOT NULL DEFAULT 0,
  -- The first refusals ({id,type,email,status,reason}), bounded by the service.
  refusals jsonb NOT NULL DEFAULT '[]',
  send_at timestamptz,
  template_id uuid,
  require_password_change boolean NOT NULL DEFAULT false,
  error text
);
-- History, newest first.
CREATE INDEX bulk_resends_org_created_idx ON bulk_resends (org_id, created_at DESC, id DESC);
