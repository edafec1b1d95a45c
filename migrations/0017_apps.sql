-- Apps an organization connects to Beckon: each one is an OpenID Connect client of Beckon's provider.
CREATE TABLE apps (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name text NOT NULL,
  -- web: a server-side app holding a client secret; native: a browser or native app without one (PKCE only).
  kind text NOT NULL CHECK (kind IN ('web','native')),
  client_id text NOT NULL UNIQUE,
  -- HMAC-SHA256(SECRET_KEY, secret), base64url: the secret itself is shown once and never stored.
  client_secret_hash text,
  secret_rotated_at timestamptz,
  redirect_uris text[] NOT NULL,
  post_logout_redirect_uris text[] NOT NULL DEFAULT '{}',
  launch_url text,
  -- Who may sign in: every active member when access = 'all'; otherwise members holding one of
  -- allowed_roles or belonging to one of allowed_group_ids.
  access text NOT NULL DEFAULT 'all' CHECK (access IN ('all','restricted')),
  allowed_roles text[] NOT NULL DEFAULT '{}',
  allowed_group_ids uuid[] NOT NULL DEFAULT '{}',
  disabled_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK ((kind = 'web') = (client_secret_hash IS NOT NULL))
);
CREATE INDEX apps_org_idx ON apps (org_id, created_at);

-- Every change to an app, with who made it. Kept when the app is deleted.
CREATE TABLE app_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  app_id uuid NOT NULL,
  type text NOT NULL,
  actor_type text NOT NULL CHECK (actor_type IN ('user','api_key','system')),
  actor_id uuid,
  actor_name text,
  detail jsonb,
  at timestamptz NOT NULL
);
CREATE INDEX app_events_app_idx ON app_events (app_id, id);
