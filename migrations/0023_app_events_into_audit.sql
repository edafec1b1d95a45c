-- App changes are audit entries like every other change: what app_events held moves into
-- audit_events (the app's name as the label; a deleted app's from its last entry), and an app's
-- own history is read from there, by target.
CREATE INDEX audit_events_target_idx ON audit_events (org_id, target_type, target_id, at, id);
INSERT INTO audit_events (id, org_id, at, actor_type, actor_id, actor_name, action, target_type,
                          target_id, target_label, changes)
SELECT gen_random_uuid(), e.org_id, e.at, e.actor_type, e.actor_id, COALESCE(e.actor_name, 'Beckon'),
       e.type, 'app', e.app_id::text, COALESCE(a.name, e.detail->>'name'), e.detail
FROM app_events e LEFT JOIN apps a ON a.id = e.app_id
ORDER BY e.id;
DROP TABLE app_events;
