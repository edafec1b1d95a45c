-- "Set password" on an address that already has an account adds the membership and tells the
-- person by email (their password is left alone): a template kind of its own.
ALTER TABLE email_templates DROP CONSTRAINT email_templates_kind_check;
ALTER TABLE email_templates ADD CONSTRAINT email_templates_kind_check
  CHECK (kind IN ('invitation','reminder','join_verification','account_ready','added_to_organization','password_reset'));
