import type { Executor } from '../db/types.ts';
import { AppError } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { membershipRepository as repo } from './membership-repository.ts';

/**
 * Group membership helpers shared by invitations (accept, set password), the join page and
 * imports. All take the caller's executor: inside a transaction pass the `trx`.
 */

/**
 * Resolves group ids of one organization. Returns `{id,name}` in input order, deduplicated.
 * Throws 400 `unknown_group` naming the first id that is not a group of this organization.
 */
export async function resolveGroups(
  db: Executor,
  orgId: string,
  ids: string[],
): Promise<{ id: string; name: string }[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  for (const id of unique) {
    if (typeof id !== 'string' || !isUuid(id)) throw unknownGroup(String(id));
  }
  const rows = await repo.groupsByIds(db, orgId, unique);
  const byId = new Map(rows.map((r) => [r.id, r.name]));
  return unique.map((id) => {
    const name = byId.get(id);
    if (name === undefined) throw unknownGroup(id);
    return { id, name };
  });
}

function unknownGroup(id: string) {
  return new AppError(400, 'unknown_group', `Unknown group: ${id}.`, { details: { field: 'groupIds', id } });
}

/**
 * Adds a member to groups (existing memberships are kept as they are) and assigns every training
 * those groups carry (existing assignments are kept). Ids of other organizations are ignored.
 */
export async function addMemberToGroups(
  db: Executor,
  orgId: string,
  memberId: string,
  groupIds: string[],
  now: Date,
): Promise<void> {
  const unique = [...new Set(groupIds)].filter((id) => typeof id === 'string' && isUuid(id));
  if (unique.length === 0) return;
  const groups = await repo.groupsByIds(db, orgId, unique);
  if (groups.length === 0) return;
  const ids = groups.map((g) => g.id);
  await repo.addMember(db, orgId, memberId, ids, now);
  const trainings = await repo.trainingsOf(db, orgId, ids);
  if (trainings.length === 0) return;
  const seen = new Set<string>();
  const values = [];
  for (const t of trainings) {
    if (seen.has(t.id)) continue;
    seen.add(t.id);
    values.push({
      org_id: orgId,
      member_id: memberId,
      training_id: t.id,
      group_id: t.group_id,
      assigned_at: now,
    });
  }
  await repo.assignTrainings(db, values);
}

/** Every group of the organization, id → name. */
export async function groupNamesById(db: Executor, orgId: string): Promise<Map<string, string>> {
  const rows = await repo.allGroups(db, orgId);
  return new Map(rows.map((r) => [r.id, r.name]));
}
