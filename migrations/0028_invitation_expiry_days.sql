-- Per-invitation expiry: the number of days an invitation's link works, chosen by the inviter
-- within the organization's expiry period (which stays the default and the maximum). NULL means
-- the organization's period. An import row carries its own until the row becomes an invitation.
ALTER TABLE invitations ADD COLUMN expiry_days smallint;
ALTER TABLE invitations ADD CONSTRAINT invitations_expiry_days_range CHECK (expiry_days BETWEEN 1 AND 365);
ALTER TABLE import_rows ADD COLUMN expiry_days smallint;
