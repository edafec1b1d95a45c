import { auditEntry, changedFields } from '../audit/changes.ts';
import { auditRepository as audit } from '../audit/repository.ts';
import type { Actor } from '../auth/permissions.ts';
import type { Trx } from '../db/types.ts';
import { checkLanding } from '../invitations/landing-service.ts';
import { joinRepository } from '../join/repository.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, badRequest, conflict, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { cleanName } from '../shared/validation.ts';
import { cleanLaunchUrl } from './launch-url.ts';
import { groupRepository as repo } from './repository.ts';
import type { GroupDto } from './schemas.ts';

export { addMemberToGroups, groupNamesById, resolveGroups } from './membership.ts';

const MANAGER_ROLES = new Set(['owner', 'admin', 'hr', 'curator', 'manager']);

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}

/** A training as given: a name, or a name with where it opens. */
export type TrainingInput = string | { name: string; launchUrl?: string | null; appId?: string | null };

/** A cleaned training; launch settings undefined mean "keep what the training has" (a name alone). */
interface TrainingSpec {
  index: number;
  name: string;
  launchUrl: string | null | undefined;
  appId: string | null | undefined;
}

/** Trims training names and drops case-insensitive duplicates, keeping the first spelling. */
function cleanTrainings(raw: TrainingInput[] | undefined): TrainingSpec[] {
  const seen = new Set<string>();
  const out: TrainingSpec[] = [];
  (raw ?? []).forEach((value, i) => {
    const field = typeof value === 'string' ? `trainings[${i}]` : `trainings[${i}].name`;
    const name = cleanName(typeof value === 'string' ? value : value.name, field, 200);
    const key = name.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    const launchUrl =
      typeof value === 'string'
        ? undefined
        : value.launchUrl
          ? cleanLaunchUrl(value.launchUrl, `trainings[${i}].launchUrl`)
          : null;
    const appId = typeof value === 'string' ? undefined : (value.appId ?? null);
    out.push({ index: i, name, launchUrl, appId });
  });
  return out;
}

/** Each training's app must be one of the organization's (400 naming the training's field). */
async function checkTrainingApps(trx: Trx, orgId: string, trainings: TrainingSpec[]): Promise<void> {
  for (const t of trainings) {
    if (!t.appId) continue;
    await checkLanding(
      trx,
      orgId,
      { appId: t.appId },
      {
        appId: `trainings[${t.index}].appId`,
        returnPath: `trainings[${t.index}].returnPath`,
      },
    );
  }
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

    async create(actor: Actor, input: { name: string; trainings?: TrainingInput[] }): Promise<GroupDto> {
      const name = cleanName(input.name, 'name', 100);
      const trainings = cleanTrainings(input.trainings);
      const id = await transact(async (trx) => {
        if (await repo.findByName(trx, actor.orgId, name)) throw groupExists(name);
        const now = deps.clock.now();
        await checkTrainingApps(trx, actor.orgId, trainings);
        const group = await repo.insert(trx, actor.orgId, name, now);
        await repo.insertTrainings(trx, actor.orgId, group.id, trainings, now);
        await audit.record(trx, [
          auditEntry(
            actor,
            now,
            'group.created',
            { type: 'group', id: group.id, label: name },
            {
              name: { from: null, to: name },
              ...(trainings.length ? { trainings: { from: null, to: trainings.map((t) => t.name) } } : {}),
            },
          ),
        ]);
        return group.id;
      }, name);
      return get(actor.orgId, id);
    },

    async update(
      actor: Actor,
      id: string,
      input: { name?: string; trainings?: TrainingInput[] },
    ): Promise<GroupDto> {
      if (!isUuid(id)) throw notFound('Group');
      const name = input.name === undefined ? undefined : cleanName(input.name, 'name', 100);
      const trainings = input.trainings === undefined ? undefined : cleanTrainings(input.trainings);
      await transact(async (trx) => {
        const group = await repo.findById(trx, actor.orgId, id);
        if (!group) throw notFound('Group');
        const [before] = await repo.list(trx, actor.orgId, id);
        // Where a kept training opens, when that changes: { training name: { from, to } }.
        const launchChanges: Record<string, { from: string | null; to: string | null }> = {};
        if (name !== undefined && name !== group.name) {
          const other = await repo.findByName(trx, actor.orgId, name);
          if (other && other.id !== id) throw groupExists(name);
          await repo.rename(trx, id, name);
        }
        if (trainings !== undefined) {
          await checkTrainingApps(trx, actor.orgId, trainings);
          const now = deps.clock.now();
          const existing = await repo.trainings(trx, id);
          const byName = new Map(existing.map((t) => [t.name.toLowerCase(), t]));
          const wanted = new Set(trainings.map((t) => t.name.toLowerCase()));
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
            trainings.filter((t) => !byName.has(t.name.toLowerCase())),
            new Date(after),
          );
          // Kept trainings given with launch settings take them; a name alone keeps its own.
          for (const t of trainings) {
            const kept = byName.get(t.name.toLowerCase());
            if (kept && t.launchUrl !== undefined && t.launchUrl !== kept.launch_url)
              launchChanges[kept.name] = { from: kept.launch_url, to: t.launchUrl };
            if (kept && t.launchUrl !== undefined)
              await repo.setTrainingLaunch(trx, kept.id, {
                launch_url: t.launchUrl,
                app_id: t.appId ?? null,
              });
          }
          // People already in the group get the new trainings, as if they had joined now.
          await repo.assignToCurrentMembers(
            trx,
            actor.orgId,
            id,
            added.map((t) => t.id),
            now,
          );
        }
        const changed = changedFields(
          { name: group.name, trainings: before?.trainings ?? [] },
          { name, trainings: trainings?.map((t) => t.name) },
        );
        const changes = Object.keys(launchChanges).length
          ? { ...changed, launchUrls: launchChanges }
          : changed;
        if (changes)
          await audit.record(trx, [
            auditEntry(
              actor,
              deps.clock.now(),
              'group.changed',
              { type: 'group', id, label: name ?? group.name },
              changes,
            ),
          ]);
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
        await joinRepository.removeDefaultGroup(trx, actor.orgId, id);
        await repo.delete(trx, actor.orgId, id);
        await audit.record(trx, [
          auditEntry(actor, deps.clock.now(), 'group.deleted', { type: 'group', id, label: group.name }),
        ]);
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
        const [before] = await repo.list(trx, actor.orgId, id);
        await repo.setManagers(trx, actor.orgId, id, unique, deps.clock.now());
        const changes = changedFields(
          { managerIds: [...(before?.managerIds ?? [])].sort() },
          { managerIds: [...unique].sort() },
        );
        if (changes)
          await audit.record(trx, [
            auditEntry(
              actor,
              deps.clock.now(),
              'group.managers_changed',
              { type: 'group', id, label: group.name },
              changes,
            ),
          ]);
      });
      return get(actor.orgId, id);
    },
  };
}

export type GroupService = ReturnType<typeof createGroupService>;
