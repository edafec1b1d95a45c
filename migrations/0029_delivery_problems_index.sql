-- The delivery page groups the open invitations whose email failed or bounced, and pages through
-- those behind a group newest first: a small partial index holds just them.
CREATE INDEX invitations_delivery_problems_idx ON invitations (org_id, created_at DESC, id DESC)
  WHERE delivery_status IN ('failed', 'bounced') AND status IN ('scheduled', 'pending', 'expired');
