import type { Db } from '../db/types.ts';
import type { MessageId } from '../i18n/intl.ts';
import { isUuid } from '../shared/ids.ts';
import { type AccessRow, oidcAccountRepository as repo } from './account-repository.ts';
import { accessKey, currentReads } from './request-reads.ts';

export type DenialReason = 'not_member' | 'deactivated' | 'not_allowed' | 'app_disabled';
export type AccessDecision =
  | { allowed: true; person: Person }
  | { allowed: false; reason: DenialReason; appName?: string };

export type Person = AccessRow & { member_id: string; role: string };

/**
 * May this person sign in to this app? Only an active member of the app's organization, and when the
 * app is restricted, one holding an allowed role or belonging to an allowed group.
 */
export async function decideAccess(db: Db, clientId: string, userId: string): Promise<AccessDecision> {
  const row = isUuid(userId) ? await accessRow(db, clientId, userId) : undefined;
  if (!row || row.disabled) return { allowed: false, reason: 'app_disabled' };
  if (!row.member_id || !row.role) return { allowed: false, reason: 'not_member' };
  if (row.status !== 'active') return { allowed: false, reason: 'deactivated' };
  if (row.access === 'restricted') {
    const byRole = row.allowed_roles.includes(row.role);
    const byGroup = row.groups.some((g) => row.allowed_group_ids.includes(g.id));
    if (!byRole && !byGroup) return { allowed: false, reason: 'not_allowed' };
  }
  return { allowed: true, person: row as Person };
}

/** The access row, as this provider request already read it with its code, token or session, else afresh. */
async function accessRow(db: Db, clientId: string, userId: string): Promise<AccessRow | undefined> {
  const reads = currentReads();
  const key = accessKey(clientId, userId);
  if (reads?.access.has(key)) return reads.access.get(key);
  return repo.access(db, clientId, userId);
}

/** Why a person may not sign in to an app, as the page tells them (src/i18n/messages). */
export const DENIAL_MESSAGE: Record<DenialReason, MessageId> = {
  app_disabled: 'oidc.denial.app_disabled',
  not_member: 'oidc.denial.not_member',
  deactivated: 'oidc.denial.deactivated',
  not_allowed: 'oidc.denial.not_allowed',
};
