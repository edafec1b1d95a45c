-- Two partial indexes held the open invitations whose email failed or bounced, with the same
-- columns; the wider one (scheduled included) serves every reader of the narrower one, so the
-- narrower one goes: one index less to keep on every write of invitations.
DROP INDEX invitations_org_delivery_problem_idx;
