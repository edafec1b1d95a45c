-- Invitations that land in an organization's app, and trainings that open in one.
--
-- app_id columns name a row of the apps table without a foreign key: numbered migrations may be
-- applied in any order of arrival, and this one must not depend on the apps table existing yet.
-- The services check an app id against the organization's apps when it is written, and an id that
-- no longer names an app is read as "no app" (so deleting an app needs no cleanup here).

-- metadata: the caller's JSON object (at most 4 KB, checked by the service), returned by the API,
-- carried in webhooks and the results export, never shown to the invitee.
-- return_path: a path (or an absolute URL) on one of the app's registered origins; where
-- "Continue to <app>" goes after accepting.
ALTER TABLE invitations ADD COLUMN metadata jsonb CHECK (metadata IS NULL OR jsonb_typeof(metadata) = 'object');
ALTER TABLE invitations ADD COLUMN app_id uuid;
ALTER TABLE invitations ADD COLUMN return_path text CHECK (return_path IS NULL OR length(return_path) <= 2000);

-- The same three, per spreadsheet row, until the row becomes an invitation.
ALTER TABLE import_rows ADD COLUMN metadata jsonb;
ALTER TABLE import_rows ADD COLUMN app_id uuid;
ALTER TABLE import_rows ADD COLUMN return_path text;

-- Where people who join through the page continue.
ALTER TABLE join_pages ADD COLUMN app_id uuid;
ALTER TABLE join_pages ADD COLUMN return_path text CHECK (return_path IS NULL OR length(return_path) <= 2000);

-- Where a training opens ("Your trainings" → Open), and the app it belongs to.
ALTER TABLE trainings ADD COLUMN launch_url text CHECK (launch_url IS NULL OR length(launch_url) <= 2000);
ALTER TABLE trainings ADD COLUMN app_id uuid;
