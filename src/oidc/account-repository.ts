import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../db/types.ts';

export interface AccessRow {
  app_id: string;
  org_id: string;
  org_name: string;
  client_secret_hash: string | null;
  disabled: boolean;
  access: 'all' | 'restricted';
  allowed_roles: string[];
  allowed_group_ids: string[];
  user_id: string;
  email: string;
  /** A link sent to the address was used (see users.email_verified_at). */
  email_verified: boolean;
  name: string;
  member_id: string | null;
  role: string | null;
  status: 'active' | 'deactivated' | null;
  groups: Array<{ id: string; name: string }>;
  trainings: Array<{ id: string; name: string; launch_url: string | null }>;
}

/** What the provider needs about a person and an app. */
export const oidcAccountRepository = {
  /**
   * The app (fresh, whatever a process has cached), its organization, the person, their membership,
   * groups and trainings: one statement, asked once per provider request.
   */
  async access(db: Executor, clientId: string, userId: string): Promise<AccessRow | undefined> {
    const result = await accessQuery(sql`${clientId}`, sql`${userId}::uuid`).execute(db);
    return result.rows[0];
  },
};

/**
 * The access row of one app (by client id) and one person (by user id), both SQL expressions, so
 * the provider's first read of a request can join it (see `repository.ts`).
 */
export function accessQuery(clientId: RawBuilder<unknown>, userId: RawBuilder<unknown>) {
  return sql<AccessRow>`
      SELECT a.id AS app_id, a.org_id, o.name AS org_name, a.client_secret_hash,
             a.disabled_at IS NOT NULL AS disabled, a.access, a.allowed_roles, a.allowed_group_ids,
             u.id AS user_id, u.email, u.email_verified_at IS NOT NULL AS email_verified, u.name, m.id AS member_id, m.role, m.status,
             COALESCE((SELECT json_agg(json_build_object('id', g.id, 'name', g.name) ORDER BY g.name)
                         FROM group_members gm JOIN groups g ON g.id = gm.group_id
                        WHERE gm.member_id = m.id), '[]') AS groups,
             -- Where each training opens: its own launch URL, else its (enabled) app's.
             COALESCE((SELECT json_agg(json_build_object('id', t.id, 'name', t.name,
                                'launch_url', COALESCE(t.launch_url, CASE WHEN ta_app.disabled_at IS NULL THEN ta_app.launch_url END))
                                ORDER BY t.name)
                         FROM training_assignments ta JOIN trainings t ON t.id = ta.training_id
                         LEFT JOIN apps ta_app ON ta_app.id = t.app_id AND ta_app.org_id = t.org_id
                        WHERE ta.member_id = m.id), '[]') AS trainings
        FROM apps a
        JOIN organizations o ON o.id = a.org_id
        JOIN users u ON u.id = ${userId}
        LEFT JOIN members m ON m.org_id = a.org_id AND m.user_id = u.id
       WHERE a.client_id = ${clientId}`;
}
