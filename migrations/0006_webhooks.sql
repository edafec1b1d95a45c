-- Outgoing webhooks: endpoints per organization, and a queue of events to fan out to them.
CREATE TABLE webhook_endpoints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  url text NOT NULL,
  events text[] NOT NULL DEFAULT '{}',
  enabled boolean NOT NULL DEFAULT true,
  last_delivery_at timestamptz,
  last_status text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX webhook_endpoints_org_idx ON webhook_endpoints (org_id) WHERE enabled;

-- Events waiting to be fanned out. Filled by a statement-level trigger, so every writer of
-- invitation_events (services, imports, the mail worker) feeds webhooks without knowing of them,
-- and organizations without endpoints cost nothing.
CREATE TABLE webhook_outbox (
  event_id bigint PRIMARY KEY REFERENCES invitation_events(id) ON DELETE CASCADE
);

CREATE FUNCTION webhook_outbox_capture() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_outbox (event_id)
  SELECT n.id FROM new_rows n
  WHERE EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.org_id = n.org_id AND w.enabled);
  RETURN NULL;
END;
$$;

CREATE TRIGGER invitation_events_webhooks
AFTER INSERT ON invitation_events
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION webhook_outbox_capture();
