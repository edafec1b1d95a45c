-- Spreadsheet imports (SPEC §3.2, issue 4): one row per uploaded file, one row per spreadsheet row.
CREATE TABLE imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('preview','running','done','failed','cancelled')),
  file_name text,
  file_type text NOT NULL DEFAULT 'csv' CHECK (file_type IN ('csv','xlsx')),
  encoding text,
  total integer NOT NULL DEFAULT 0,
  valid integer NOT NULL DEFAULT 0,
  processed integer NOT NULL DEFAULT 0,
  created integer NOT NULL DEFAULT 0,
  skipped integer NOT NULL DEFAULT 0,
  failed integer NOT NULL DEFAULT 0,
  unknown_columns text[] NOT NULL DEFAULT '{}',
  allow_typos boolean NOT NULL DEFAULT false,
  send_at timestamptz,
  created_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  created_by_name text,
  confirmed_by_name text,
  created_at timestamptz NOT NULL,
  confirmed_at timestamptz,
  finished_at timestamptz,
  error text
);
-- History, newest first.
CREATE INDEX imports_org_created_idx ON imports (org_id, created_at DESC, id DESC);

CREATE TABLE import_rows (
  import_id uuid NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
  -- As the spreadsheet shows it: the header is row 1.
  row_number integer NOT NULL,
  email text NOT NULL,
  group_ids uuid[] NOT NULL DEFAULT '{}',
  role text NOT NULL DEFAULT 'learner',
  -- The first problem found in preview (null: the row is valid); every problem in `problems`.
  problem_code text,
  problem_column text,
  problem_message text,
  problems jsonb,
  outcome text CHECK (outcome IN ('created','skipped','failed')),
  reason text,
  reason_code text,
  invitation_id uuid,
  PRIMARY KEY (import_id, row_number)
);
-- The job takes the rows still without an outcome, in order.
CREATE INDEX import_rows_todo_idx ON import_rows (import_id, row_number) WHERE outcome IS NULL;

-- Cancelling or moving a scheduled import reaches its invitations.
CREATE INDEX invitations_import_idx ON invitations (import_id) WHERE import_id IS NOT NULL;
