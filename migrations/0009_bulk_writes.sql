-- Cheaper invitation writes for 100,000-row imports (issue 4; figures in docs/performance.md).
-- A citext b-tree lower-cases both sides of every comparison (~17 per insert at 100k rows); a
-- lower(email::text) key is lower-cased once per row. Same rule: one open invitation per
-- organization and address, compared case-insensitively.
DROP INDEX invitations_open_email_uq;
CREATE UNIQUE INDEX invitations_open_email_uq ON invitations (org_id, (lower(email::text)))
  WHERE status IN ('scheduled','pending','expired');
-- Unused: lookups by address go through the open-invitation index above.
DROP INDEX invitations_org_email_idx;

-- An event is written with its invitation, in the same transaction, and invitations go only with
-- their organization (whose cascade removes the events): the per-row key check (a lookup and a row
-- lock on the invitation for each of 100,000 events) bought nothing.
ALTER TABLE invitation_events DROP CONSTRAINT invitation_events_invitation_id_fkey;

-- The import job writes each row's outcome once. With room left on every page and no index
-- touching the outcome, that update stays on its page (HOT) and adds no index entries; the job
-- finds its next rows by walking the primary key from the last row it did.
DROP INDEX import_rows_todo_idx;
ALTER TABLE import_rows SET (fillfactor = 50);
