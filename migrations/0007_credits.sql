-- Credits (seed 000): sending holds one, cancelling or declining returns it, accepting spends it.
ALTER TABLE invitations ADD COLUMN credit_held boolean NOT NULL DEFAULT false;

CREATE TABLE credit_transactions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  delta integer NOT NULL,
  reason text NOT NULL CHECK (reason IN ('purchase','adjustment','hold','release','spend')),
  invitation_id uuid REFERENCES invitations(id) ON DELETE SET NULL,
  actor_name text,
  note text,
  at timestamptz NOT NULL
);
CREATE INDEX credit_transactions_org_idx ON credit_transactions (org_id, id DESC);

-- Per-recipient send limit: recent invitation emails to one address of one organization.
CREATE INDEX emails_org_recipient_idx ON emails (org_id, lower(to_address), created_at DESC);
