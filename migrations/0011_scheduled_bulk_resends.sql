-- A bulk resend with a send time is recorded whatever its size and runs as the job at that time
-- (links are reissued then, so earlier links keep working until it goes). Until then it can be
-- moved or cancelled; a running one can be cancelled between batches.
ALTER TABLE bulk_resends DROP CONSTRAINT bulk_resends_status_check;
ALTER TABLE bulk_resends ADD CONSTRAINT bulk_resends_status_check
  CHECK (status IN ('scheduled','running','done','failed','cancelled'));
ALTER TABLE bulk_resends ADD COLUMN cancelled_by_name text;
