-- Who an email says it is from and where answers go, decided when it is queued: an
-- organization's emails come from "<organization> via <product>", and an invitation's answers go
-- to the person who invited (unless the organization turned that off). NULL: the MAIL_FROM name,
-- no Reply-To.
ALTER TABLE emails
  ADD COLUMN from_name text,
  ADD COLUMN reply_to_address text,
  ADD COLUMN reply_to_name text;
