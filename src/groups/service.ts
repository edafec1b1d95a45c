import { sql } from 'kysely';
import type { Actor } from '../auth/permissions.ts';
import type { Trx } from '../db/types.ts';
import { isUuid } from '../http/authenticate.ts';
import { AppError, badRequest, conflict, notFound } from '../http/errors.ts';
import type { Deps } from '../shared/deps.ts';
import { cleanName } from '../shared/validation.ts';
import { groupRepository as repo } from './repository.ts';
import type { GroupDto } from './schemas.ts';

export { addMemberToGroups, groupNamesById, resolveGroups } from './membership.ts';

const MANAGER_ROLES = new Set(['owner', 'admin', 'hr', 'curator', 'manager']);

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}

/** Trims training names and drops case-insensitive duplicates, keeping the first spelling. */
function cleanTrainings(raw: string[] | undefined): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  (raw ?? []).forEach((value, i) => {
    const name = cleanName(value, `trainings[${i}]`, 200);
    const key = name.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    out.push(name);
  });
  return out;
}

const groupExists = (name: string) =>
  conflict('group_exists', `A group named "${name}" already exists.`, { field: 'name' });

export function createGroupService(deps: Pick<Deps, 'db' | 'clock'>) {
  async function get(orgId: string, id: string): Promise<GroupDto> {
    if (!isUuid(id)) throw notFound('Group');
    const [row] = await repo.list(deps.db, orgId, id);
    if (!row) throw notFound('Group');
    return row;
  }

  async function transact<T>(fn: (trx: Trx) => Promise<T>, name?: string): Promise<T> {
    try {
      return await deps.db.transaction().execute(fn);
    } catch (error) {
      if (isUniqueViolation(error) && name) throw groupExists(name);
      throw error;
    }
  }

  return {
    get,

    list(actor: Actor) {
      return repo.list(deps.db, actor.orgId);
    },

    async create(actor: Actor, input: { name: string; trainings?: string[] }): Promise<GroupDto> {
      const name = cleanName(input.name, 'name', 100);
      const trainings = cleanTrainings(input.trainings);
      const id = await transact(async (trx) => {
        if (await repo.findByName(trx, actor.orgId, name)) throw groupExists(name);
        const now = deps.clock.now();
        const group = await repo.insert(trx, actor.orgId, name, now);
        await repo.insertTrainings(trx, actor.orgId, group.id, trainings, now);
        return group.id;
      }, name);
      return get(actor.orgId, id);
    },

    async update(
      actor: Actor,
      id: string,
      input: { name?: string; trainings?: string[] },
    ): Promise<GroupDto> {
      if (!isUuid(id)) throw notFound('Group');
      const name = input.name === undefined ? undefined : cleanName(input.name, 'name', 100);
      const trainings = input.trainings === undefined ? undefined : cleanTrainings(input.trainings);
      await transact(async (trx) => {
        const group = await repo.findById(trx, actor.orgId, id);
        if (!group) throw notFound('Group');
        if (name !== undefined && name !== group.name) {
          const other = await repo.findByName(trx, actor.orgId, name);
          if (other && other.id !== id) throw groupExists(name);
          await repo.rename(trx, id, name);
        }
        if (trainings !== undefined) {
          const now = deps.clock.now();
          const existing = await repo.trainings(trx, id);
          const byName = new Map(existing.map((t) => [t.name.toLowerCase(), t]));
          const wanted = new Set(trainings.map((t) => t.toLowerCase()));
          // Trainings kept by name keep their id (and so their assignments); removed ones go with theirs.
          await repo.deleteTrainings(
            trx,
            existing.filter((t) => !wanted.has(t.name.toLowerCase())).map((t) => t.id),
          );
          // New trainings go after the kept ones (list order is creation order).
          const after = Math.max(now.getTime(), ...existing.map((t) => new Date(t.created_at).getTime() + 1));
          const added = await repo.insertTrainings(
            trx,
            actor.orgId,
            id,
            trainings.filter((t) => !byName.has(t.toLowerCase())),
            new Date(after),
          );
          // People already in the group get the new trainings, as if they had joined now.
          await repo.assignToCurrentMembers(
            trx,
            actor.orgId,
            id,
            added.map((t) => t.id),
            now,
          );
        }
      }, name);
      return get(actor.orgId, id);
    },

    /**
     * Deletes a group. Refused with 409 `group_in_use` while open invitations (scheduled, pending,
     * expired) would put people into it: cancel them or move them first. Closed invitations keep
     * the id in their history; the join page forgets it.
     */
    async remove(actor: Actor, id: string): Promise<void> {
      if (!isUuid(id)) throw notFound('Group');
      await deps.db.transaction().execute(async (trx) => {
        const group = await repo.findById(trx, actor.orgId, id);
        if (!group) throw notFound('Group');
        const open = await repo.countOpenInvitations(trx, actor.orgId, id);
        if (open > 0) {
          throw conflict(
            'group_in_use',
            `${open} open invitation${open === 1 ? '' : 's'} will add people to "${group.name}". Cancel ${open === 1 ? 'it' : 'them'} first.`,
            { openInvitations: open },
          );
        }
        await sql`UPDATE join_pages SET default_group_ids = array_remove(default_group_ids, ${id}::uuid) WHERE org_id = ${actor.orgId}`.execute(
          trx,
        );
        await repo.delete(trx, actor.orgId, id);
      });
    },

    async setManagers(actor: Actor, id: string, memberIds: string[]): Promise<GroupDto> {
      if (!isUuid(id)) throw notFound('Group');
      const unique = [...new Set(memberIds)];
      for (const m of unique) {
        if (!isUuid(m)) throw badRequest('unknown_member', `Unknown member: ${m}.`, { field: 'memberIds' });
      }
      await deps.db.transaction().execute(async (trx) => {
        const group = await repo.findById(trx, actor.orgId, id);
        if (!group) throw notFound('Group');
        const members = await repo.membersByIds(trx, actor.orgId, unique);
        const byId = new Map(members.map((m) => [m.id, m]));
        for (const m of unique) {
          const member = byId.get(m);
          if (!member) throw badRequest('unknown_member', `Unknown member: ${m}.`, { field: 'memberIds' });
          if (!MANAGER_ROLES.has(member.role)) {
            throw new AppError(
              400,
              'role_too_low',
              'Only members with the manager role or higher can manage a group.',
              {
                details: { field: 'memberIds', id: m },
              },
            );
          }
        }
        await repo.setManagers(trx, actor.orgId, id, unique, deps.clock.now());
      });
      return get(actor.orgId, id);
    },
  };
}

export type GroupService = ReturnType<typeof createGroupService>;
