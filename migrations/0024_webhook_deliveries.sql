-- Outgoing webhooks, as the console shows them: each delivery with its last answer (so an
-- administrator can see why a receiver fails and send one again), and a secret that can be
-- rotated. Secrets stay derived from SECRET_KEY; the version is part of the derivation, so
-- rotating changes the secret without storing one. Version 0 keeps the secrets already issued.
ALTER TABLE webhook_endpoints ADD COLUMN secret_version integer NOT NULL DEFAULT 0;

CREATE TABLE webhook_deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  endpoint_id uuid NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  -- The X-Beckon-Delivery header: the same for retries and redeliveries of one event.
  delivery_id text NOT NULL,
  event text NOT NULL,
  payload jsonb NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  -- delivered (2xx), failed (anything else; pg-boss may still retry), pending (not tried yet)
  status text NOT NULL DEFAULT 'pending',
  -- The HTTP status code, or "could not deliver" when no receiver answered.
  response_status text,
  -- The start of the receiver's answer (at most 1,000 characters).
  response_body text,
  duration_ms integer,
  created_at timestamptz NOT NULL,
  last_attempt_at timestamptz
);
CREATE UNIQUE INDEX webhook_deliveries_endpoint_delivery_uq ON webhook_deliveries (endpoint_id, delivery_id);
-- The console's list, newest first, paged by id.
CREATE INDEX webhook_deliveries_endpoint_id_idx ON webhook_deliveries (endpoint_id, id DESC);
-- The pruning of old deliveries.
CREATE INDEX webhook_deliveries_endpoint_created_idx ON webhook_deliveries (endpoint_id, created_at);
