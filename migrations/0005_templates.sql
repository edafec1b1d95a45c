-- Email templates per organization and kind, written in Liquid (issue 4). Several named templates per
-- kind; at most one is the organization's default for its kind. With none, the built-in one is used.
CREATE TABLE email_templates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('invitation','reminder','join_verification','account_ready','password_reset')),
  name text NOT NULL,
  subject text NOT NULL,
  html text NOT NULL,
  text text NOT NULL,
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
  UNIQUE (org_id, kind, name)
);
CREATE INDEX email_templates_org_kind_idx ON email_templates (org_id, kind, name);
-- One default per organization and kind.
CREATE UNIQUE INDEX email_templates_default_uq ON email_templates (org_id, kind) WHERE is_default;
