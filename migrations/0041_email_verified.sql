-- When an account's address was proven: a link sent to it was used (an invitation accepted
-- through its link, the join page's verification, a password reset). Accounts made by an
-- administrator's "set password" or by the first setup have none until one of those happens.
ALTER TABLE users ADD COLUMN email_verified_at timestamptz;

UPDATE users u SET email_verified_at = u.created_at
 WHERE EXISTS (SELECT 1 FROM invitations i
                 JOIN invitation_events e ON e.invitation_id = i.id AND e.type = 'accepted'
                WHERE i.accepted_user_id = u.id AND i.email = u.email)
    OR EXISTS (SELECT 1 FROM one_time_tokens t
                WHERE t.purpose IN ('join', 'password_reset') AND t.used_at IS NOT NULL
                  AND (t.user_id = u.id OR t.email = u.email));
