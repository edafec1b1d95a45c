-- Templates per language: an organization writes each kind once per language it sends in. A
-- template's language is one of the seven; the templates written so far are in the organization's
-- default language. Names and the one default are per organization, kind and language, so "Welcome"
-- may exist in English and in Japanese, each the default of its language.
ALTER TABLE email_templates
  ADD COLUMN locale text NOT NULL DEFAULT 'en'
    CHECK (locale IN ('en', 'ja', 'de', 'fr', 'es', 'pt-BR', 'ar'));

UPDATE email_templates t SET locale = o.default_locale FROM organizations o WHERE o.id = t.org_id;

ALTER TABLE email_templates DROP CONSTRAINT email_templates_org_id_kind_name_key;
ALTER TABLE email_templates ADD CONSTRAINT email_templates_org_kind_locale_name_key
  UNIQUE (org_id, kind, locale, name);
DROP INDEX email_templates_org_kind_idx;

DROP INDEX email_templates_default_uq;
CREATE UNIQUE INDEX email_templates_default_uq ON email_templates (org_id, kind, locale) WHERE is_default;
