-- An organization's look in its emails and on its invitee pages: an accent colour, a logo, and
-- whether its invitation emails name the inviter as Reply-To.
ALTER TABLE organizations
  ADD COLUMN accent_color text CHECK (accent_color ~ '^#[0-9a-f]{6}$'),
  ADD COLUMN reply_to_inviter boolean NOT NULL DEFAULT true;

-- One logo per organization, checked on upload (type by its first bytes, size, pixel dimensions
-- from its header). Kept in the database so every process serves and attaches the same bytes;
-- sha256 is its ETag and the version in its URL.
CREATE TABLE organization_logos (
  org_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  content_type text NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg')),
  content bytea NOT NULL,
  width integer NOT NULL CHECK (width > 0),
  height integer NOT NULL CHECK (height > 0),
  sha256 text NOT NULL,
  updated_at timestamptz NOT NULL
);
