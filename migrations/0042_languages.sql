-- Languages and time zones. A language is a BCP 47 tag among the seven Beckon speaks.
-- users: the console language and time zone a member chose (null: the browser's).
-- organizations: the language of invitations that name none, and the languages its join page
--   and invitee pages may use (the default always among them).
-- invitations: the language of its emails and pages (null: the organization's default).
ALTER TABLE users
  ADD COLUMN locale text CHECK (locale IN ('en', 'ja', 'de', 'fr', 'es', 'pt-BR', 'ar')),
  ADD COLUMN time_zone text;

ALTER TABLE organizations
  ADD COLUMN default_locale text NOT NULL DEFAULT 'en'
    CHECK (default_locale IN ('en', 'ja', 'de', 'fr', 'es', 'pt-BR', 'ar')),
  ADD COLUMN allowed_locales text[] NOT NULL DEFAULT ARRAY['en', 'ja', 'de', 'fr', 'es', 'pt-BR', 'ar']
    CHECK (allowed_locales <@ ARRAY['en', 'ja', 'de', 'fr', 'es', 'pt-BR', 'ar'] AND cardinality(allowed_locales) > 0);

ALTER TABLE invitations
  ADD COLUMN locale text CHECK (locale IN ('en', 'ja', 'de', 'fr', 'es', 'pt-BR', 'ar'));
