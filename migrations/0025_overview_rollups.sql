-- The overview: the organization's time zone (its days), when an invitation was first opened in a
-- browser, and rollups kept by statement-level triggers so every writer of invitations and their
-- events (services, imports, the mail worker, the sweeps) keeps them true in its own transaction.
--
-- The rollup tables are append-only deltas: a trigger adds one row per changed key and sign, never
-- updates one, so concurrent writers never wait on a shared counter row. The overview.compact job
-- folds a key's rows into one (compacted = true); readers sum whatever rows a key has.
-- No-one-in-particular ids (an invitation without import or inviter) use the zero uuid, so keys
-- compare with = and fold with GROUP BY.
ALTER TABLE organizations ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC';
ALTER TABLE invitations ADD COLUMN first_viewed_at timestamptz;

UPDATE invitations i SET first_viewed_at = v.at
FROM (SELECT invitation_id, min(at) AS at FROM invitation_events WHERE type = 'viewed' GROUP BY 1) v
WHERE i.id = v.invitation_id;

-- Current state per group set: pending, scheduled, accepted … and open ones whose email failed.
CREATE TABLE overview_states (
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  group_ids uuid[] NOT NULL,
  status text NOT NULL,
  delivery_problem boolean NOT NULL,
  n bigint NOT NULL,
  compacted boolean NOT NULL DEFAULT false
);
CREATE INDEX overview_states_org_idx ON overview_states (org_id);
CREATE INDEX overview_states_loose_idx ON overview_states (org_id) WHERE NOT compacted;

-- The funnel by the day an invitation was created (organization's time zone): how far each got.
-- Stages are "reached at least": accepted counts as opened, opened as delivered.
CREATE TABLE overview_cohorts (
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  day date NOT NULL,
  group_ids uuid[] NOT NULL,
  import_id uuid NOT NULL,
  inviter_id uuid NOT NULL,
  invited integer NOT NULL,
  delivered integer NOT NULL,
  opened integer NOT NULL,
  accepted integer NOT NULL,
  compacted boolean NOT NULL DEFAULT false
);
CREATE INDEX overview_cohorts_org_day_idx ON overview_cohorts (org_id, day);
CREATE INDEX overview_cohorts_loose_idx ON overview_cohorts (org_id) WHERE NOT compacted;

-- Activity per day (organization's time zone): invitation emails sent (first sends, resends,
-- renewals) and acceptances.
CREATE TABLE overview_daily (
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  day date NOT NULL,
  group_ids uuid[] NOT NULL,
  sent integer NOT NULL,
  accepted integer NOT NULL,
  compacted boolean NOT NULL DEFAULT false
);
CREATE INDEX overview_daily_org_day_idx ON overview_daily (org_id, day);
CREATE INDEX overview_daily_loose_idx ON overview_daily (org_id) WHERE NOT compacted;

-- Figures that depend on the clock read ranges of these (index-only, the group set included for a
-- manager's view): pending by expiry, scheduled by send time, accepted by acceptance time.
CREATE INDEX invitations_org_pending_expiry_idx ON invitations (org_id, expires_at)
  INCLUDE (group_ids, first_viewed_at) WHERE status = 'pending';
CREATE INDEX invitations_org_scheduled_idx ON invitations (org_id, send_at)
  INCLUDE (group_ids) WHERE status = 'scheduled';
CREATE INDEX invitations_org_accepted_idx ON invitations (org_id, accepted_at)
  INCLUDE (group_ids, created_at, send_at) WHERE status = 'accepted';
-- The People list filtered to delivery problems, newest first.
CREATE INDEX invitations_org_delivery_problem_idx ON invitations (org_id, created_at DESC, id DESC)
  WHERE status IN ('pending', 'expired') AND delivery_status IN ('failed', 'bounced');

CREATE FUNCTION overview_invitations_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH c AS (
    SELECT r.org_id, r.group_ids, r.status, r.sign,
           r.status IN ('pending', 'expired') AND r.delivery_status IN ('failed', 'bounced') AS problem,
           (r.created_at AT TIME ZONE o.time_zone)::date AS created_day,
           (r.accepted_at AT TIME ZONE o.time_zone)::date AS accepted_day,
           coalesce(r.import_id, '00000000-0000-0000-0000-000000000000') AS import_id,
           coalesce(r.created_by_user_id, '00000000-0000-0000-0000-000000000000') AS inviter_id,
           r.status = 'accepted' AS accepted,
           r.first_viewed_at IS NOT NULL OR r.status = 'accepted' AS opened,
           r.delivery_status = 'sent' OR r.first_viewed_at IS NOT NULL OR r.status = 'accepted' AS delivered
    FROM (SELECT org_id, group_ids, status, delivery_status, created_at, accepted_at, import_id, created_by_user_id, first_viewed_at, 1 AS sign FROM new_rows) r JOIN organizations o ON o.id = r.org_id
  ),
  states AS (
    INSERT INTO overview_states (org_id, group_ids, status, delivery_problem, n)
    SELECT org_id, group_ids, status, problem, sum(sign) FROM c
    GROUP BY 1, 2, 3, 4 HAVING sum(sign) <> 0
  ),
  cohorts AS (
    INSERT INTO overview_cohorts (org_id, day, group_ids, import_id, inviter_id, invited, delivered, opened, accepted)
    SELECT * FROM (
      SELECT org_id, created_day, group_ids, import_id, inviter_id, sum(sign)::int AS invited,
             coalesce(sum(sign) FILTER (WHERE delivered), 0)::int AS delivered,
             coalesce(sum(sign) FILTER (WHERE opened), 0)::int AS opened,
             coalesce(sum(sign) FILTER (WHERE accepted), 0)::int AS accepted
      FROM c GROUP BY 1, 2, 3, 4, 5
    ) k WHERE (invited, delivered, opened, accepted) <> (0, 0, 0, 0)
  )
  INSERT INTO overview_daily (org_id, day, group_ids, sent, accepted)
  SELECT org_id, accepted_day, group_ids, 0, sum(sign) FROM c
  WHERE accepted AND accepted_day IS NOT NULL
  GROUP BY 1, 2, 3 HAVING sum(sign) <> 0;
  RETURN NULL;
END;
$$;

CREATE FUNCTION overview_invitations_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH c AS (
    SELECT r.org_id, r.group_ids, r.status, r.sign,
           r.status IN ('pending', 'expired') AND r.delivery_status IN ('failed', 'bounced') AS problem,
           (r.created_at AT TIME ZONE o.time_zone)::date AS created_day,
           (r.accepted_at AT TIME ZONE o.time_zone)::date AS accepted_day,
           coalesce(r.import_id, '00000000-0000-0000-0000-000000000000') AS import_id,
           coalesce(r.created_by_user_id, '00000000-0000-0000-0000-000000000000') AS inviter_id,
           r.status = 'accepted' AS accepted,
           r.first_viewed_at IS NOT NULL OR r.status = 'accepted' AS opened,
           r.delivery_status = 'sent' OR r.first_viewed_at IS NOT NULL OR r.status = 'accepted' AS delivered
    FROM (SELECT org_id, group_ids, status, delivery_status, created_at, accepted_at, import_id, created_by_user_id, first_viewed_at, 1 AS sign FROM new_rows
          UNION ALL SELECT org_id, group_ids, status, delivery_status, created_at, accepted_at, import_id, created_by_user_id, first_viewed_at, -1 FROM old_rows) r JOIN organizations o ON o.id = r.org_id
  ),
  states AS (
    INSERT INTO overview_states (org_id, group_ids, status, delivery_problem, n)
    SELECT org_id, group_ids, status, problem, sum(sign) FROM c
    GROUP BY 1, 2, 3, 4 HAVING sum(sign) <> 0
  ),
  cohorts AS (
    INSERT INTO overview_cohorts (org_id, day, group_ids, import_id, inviter_id, invited, delivered, opened, accepted)
    SELECT * FROM (
      SELECT org_id, created_day, group_ids, import_id, inviter_id, sum(sign)::int AS invited,
             coalesce(sum(sign) FILTER (WHERE delivered), 0)::int AS delivered,
             coalesce(sum(sign) FILTER (WHERE opened), 0)::int AS opened,
             coalesce(sum(sign) FILTER (WHERE accepted), 0)::int AS accepted
      FROM c GROUP BY 1, 2, 3, 4, 5
    ) k WHERE (invited, delivered, opened, accepted) <> (0, 0, 0, 0)
  )
  INSERT INTO overview_daily (org_id, day, group_ids, sent, accepted)
  SELECT org_id, accepted_day, group_ids, 0, sum(sign) FROM c
  WHERE accepted AND accepted_day IS NOT NULL
  GROUP BY 1, 2, 3 HAVING sum(sign) <> 0;
  RETURN NULL;
END;
$$;

CREATE TRIGGER invitations_overview_insert
AFTER INSERT ON invitations
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION overview_invitations_inserted();

CREATE TRIGGER invitations_overview_update
AFTER UPDATE ON invitations
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION overview_invitations_updated();

-- Emails sent per day come from the history; the first `viewed` event marks the invitation opened.
CREATE FUNCTION overview_events_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE invitations i SET first_viewed_at = v.at
  FROM (SELECT invitation_id, min(at) AS at FROM new_rows WHERE type = 'viewed' GROUP BY 1) v
  WHERE i.id = v.invitation_id AND i.first_viewed_at IS NULL;

  INSERT INTO overview_daily (org_id, day, group_ids, sent, accepted)
  SELECT e.org_id, (e.at AT TIME ZONE o.time_zone)::date, i.group_ids, count(*), 0
  FROM new_rows e
  JOIN invitations i ON i.id = e.invitation_id
  JOIN organizations o ON o.id = e.org_id
  WHERE e.type IN ('sent', 'resent', 'renewed')
  GROUP BY 1, 2, 3;
  RETURN NULL;
END;
$$;

CREATE TRIGGER invitation_events_overview
AFTER INSERT ON invitation_events
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION overview_events_added();

-- What existed before: counted once, already folded.
INSERT INTO overview_states (org_id, group_ids, status, delivery_problem, n, compacted)
SELECT org_id, group_ids, status,
       status IN ('pending', 'expired') AND delivery_status IN ('failed', 'bounced'), count(*), true
FROM invitations GROUP BY 1, 2, 3, 4;

INSERT INTO overview_cohorts (org_id, day, group_ids, import_id, inviter_id, invited, delivered, opened, accepted, compacted)
SELECT i.org_id, (i.created_at AT TIME ZONE o.time_zone)::date, i.group_ids,
       coalesce(i.import_id, '00000000-0000-0000-0000-000000000000'),
       coalesce(i.created_by_user_id, '00000000-0000-0000-0000-000000000000'),
       count(*),
       count(*) FILTER (WHERE i.delivery_status = 'sent' OR i.first_viewed_at IS NOT NULL OR i.status = 'accepted'),
       count(*) FILTER (WHERE i.first_viewed_at IS NOT NULL OR i.status = 'accepted'),
       count(*) FILTER (WHERE i.status = 'accepted'),
       true
FROM invitations i JOIN organizations o ON o.id = i.org_id
GROUP BY 1, 2, 3, 4, 5;

INSERT INTO overview_daily (org_id, day, group_ids, sent, accepted, compacted)
SELECT org_id, day, group_ids, sum(sent), sum(accepted), true FROM (
  SELECT e.org_id, (e.at AT TIME ZONE o.time_zone)::date AS day, i.group_ids, count(*) AS sent, 0 AS accepted
  FROM invitation_events e JOIN invitations i ON i.id = e.invitation_id JOIN organizations o ON o.id = e.org_id
  WHERE e.type IN ('sent', 'resent', 'renewed') GROUP BY 1, 2, 3
  UNION ALL
  SELECT i.org_id, (i.accepted_at AT TIME ZONE o.time_zone)::date, i.group_ids, 0, count(*)
  FROM invitations i JOIN organizations o ON o.id = i.org_id
  WHERE i.status = 'accepted' AND i.accepted_at IS NOT NULL GROUP BY 1, 2, 3
) d GROUP BY 1, 2, 3;
