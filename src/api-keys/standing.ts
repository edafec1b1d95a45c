import { type ApiKeyRole, apiKeyRights, type Rights } from '../auth/permissions.ts';
import type { Role } from '../db/types.ts';

/** A key as read with its creator's membership of the key's organization (absent: removed). */
export interface KeyWithCreator {
  role: ApiKeyRole;
  creator_unknown: boolean;
  revoked_at: Date | string | null;
  creator_role: Role | null;
  creator_permissions: string[] | null;
  creator_status: 'active' | 'deactivated' | null;
}

export type KeyStanding =
  | { state: 'active'; rights: Rights }
  | { state: 'revoked' | 'creator_deactivated' | 'creator_removed' };

/**
 * Whether a key works and with what rights. It stops when revoked, and when its creator is
 * deactivated or no longer a member (or their account is gone): a key never outlives the person
 * whose rights it borrows.
 */
export function keyStanding(key: KeyWithCreator): KeyStanding {
  if (key.revoked_at) return { state: 'revoked' };
  if (key.creator_unknown) return { state: 'active', rights: apiKeyRights(key.role, null) };
  if (!key.creator_role) return { state: 'creator_removed' };
  if (key.creator_status !== 'active') return { state: 'creator_deactivated' };
  return {
    state: 'active',
    rights: apiKeyRights(key.role, { role: key.creator_role, permissions: key.creator_permissions ?? [] }),
  };
}
