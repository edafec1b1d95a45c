-- Per-organization send schedule (SPEC §5 throttling): when the sends-per-minute budget is spent, each
-- held-back email gets the next free slot (60 s / rate apart), so a large backlog is spread evenly
-- instead of every held-back job waking at once a minute later.
CREATE TABLE mail_throttle (
  org_id uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  next_slot_at timestamptz NOT NULL
);
