-- The public join page (SPEC §3.3): one per organization, reached at APP_URL/join/<slug>.
CREATE TABLE join_pages (
  org_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  enabled boolean NOT NULL DEFAULT false,
  slug citext NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]{3,50}$'),
  allowed_domains text[] NOT NULL DEFAULT '{}',
  default_role text NOT NULL DEFAULT 'learner' CHECK (default_role IN ('hr','curator','manager','learner')),
  default_group_ids uuid[] NOT NULL DEFAULT '{}',
  expires_at timestamptz,
  max_joins integer CHECK (max_joins IS NULL OR max_joins >= 1),
  join_count integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL
);
