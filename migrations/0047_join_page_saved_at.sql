-- A join page's link is kept for its organization from the first time the settings are looked at,
-- before anyone saves them: the row exists, switched off, with no saved_at. The first save by a
-- person sets it (and is audited as the page's creation). Pages saved before this column existed
-- were saved by someone.
ALTER TABLE join_pages ADD COLUMN saved_at timestamptz;
UPDATE join_pages SET saved_at = updated_at;
