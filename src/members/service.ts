import { auditEntry } from '../audit/changes.ts';
import { type AuditEntry, auditRepository } from '../audit/repository.ts';
import { type Actor, canGrantRole, GRANTABLE_PERMISSIONS } from '../auth/permissions.ts';
import type { Role } from '../db/types.ts';
import { continueForMember, trainingLaunches } from '../invitations/landing-service.ts';
import { decodeCursor, encodeCursor } from '../shared/cursor.ts';
import type { Deps } from '../shared/deps.ts';
import { conflict, forbidden, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { memberRepository as repo } from './repository.ts';
import type { MemberDto, MemberListQuery, MemberPatch } from './schemas.ts';

const GROUP_MANAGER_ROLES = new Set<Role>(['owner', 'admin', 'hr', 'curator', 'manager']);

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function createMemberService(deps: Pick<Deps, 'db' | 'clock'>) {
  async function page(orgId: string, filter: Parameters<typeof repo.list>[2]): Promise<MemberDto[]> {
    const rows = await repo.list(deps.db, orgId, filter);
    const ids = rows.map((r) => r.id);
    const [groups, trainings] = await Promise.all([
      repo.groupsOf(deps.db, ids),
      repo.trainingsOf(deps.db, ids),
    ]);
    const groupsBy = new Map<string, { id: string; name: string }[]>();
    for (const g of groups)
      (groupsBy.get(g.member_id) ?? groupsBy.set(g.member_id, []).get(g.member_id)!).push({
        id: g.id,
        name: g.name,
      });
    const trainingsBy = new Map<string, { id: string; name: string }[]>();
    for (const t of trainings)
      (trainingsBy.get(t.member_id) ?? trainingsBy.set(t.member_id, []).get(t.member_id)!).push({
        id: t.id,
        name: t.name,
      });
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      email: r.email,
      name: r.name,
      role: r.role,
      permissions: r.permissions,
      status: r.status,
      firstSignInAt: iso(r.first_sign_in_at),
      lastSignInAt: iso(r.last_sign_in_at),
      neverSignedIn: r.first_sign_in_at === null,
      createdAt: iso(r.created_at)!,
      groups: groupsBy.get(r.id) ?? [],
      trainings: trainingsBy.get(r.id) ?? [],
    }));
  }

  /** Managers see the members of the groups they manage; everyone else who may invite sees all. */
  const scope = (actor: Pick<Actor, 'role' | 'managedGroupIds'> | null) =>
    actor?.role === 'manager' ? actor.managedGroupIds : undefined;

  /** One group asked for, within the groups the actor may see. */
  const inGroup = (scoped: string[] | undefined, groupId: string | undefined) =>
    groupId ? (scoped && !scoped.includes(groupId) ? [] : [groupId]) : scoped;

  async function get(orgId: string, id: string, actor: Actor | null = null): Promise<MemberDto> {
    if (!isUuid(id)) throw notFound('Member');
    const [member] = await page(orgId, { onlyId: id, limit: 1, inGroups: scope(actor) });
    if (!member) throw notFound('Member');
    return member;
  }

  return {
    /** The caller's own membership: groups, assigned trainings with where each opens, and the app to continue to. */
    async mine(actor: Actor) {
      const ids = actor.memberId ? [actor.memberId] : [];
      const groups = await repo.groupsOf(deps.db, ids);
      const trainings = await trainingLaunches(deps.db, actor.orgId, await repo.trainingsOf(deps.db, ids));
      return {
        memberId: actor.memberId,
        role: actor.role,
        permissions: actor.permissions,
        groups: groups.map((g) => ({ id: g.id, name: g.name })),
        trainings: trainings.map((t) => ({ id: t.id, name: t.name, launchUrl: t.launchUrl, app: t.app })),
        // The app the person was invited to land in, offered again on their home page.
        continueTo: actor.userId ? await continueForMember(deps.db, actor.orgId, actor.userId) : null,
      };
    },

    get,

    /** The list's filter for the actor (also the export's): status, search, a manager's groups. */
    listFilter(actor: Actor, query: Pick<MemberListQuery, 'status' | 'q' | 'groupId'>) {
      return {
        status: query.status,
        q: query.q?.trim() || undefined,
        inGroups: inGroup(scope(actor), query.groupId),
      };
    },

    async list(actor: Actor, query: MemberListQuery) {
      const limit = query.limit ?? 50;
      const items = await page(actor.orgId, {
        status: query.status,
        q: query.q?.trim() || undefined,
        inGroups: inGroup(scope(actor), query.groupId),
        limit: limit + 1,
        after: query.cursor ? decodeCursor(query.cursor) : undefined,
      });
      const more = items.length > limit;
      if (more) items.pop();
      const last = items.at(-1);
      return {
        items,
        nextCursor: more && last ? encodeCursor({ created_at: new Date(last.createdAt), id: last.id }) : null,
      };
    },

    /**
     * Changes role, permissions or status. Rules: nobody changes their own (409 cannot_change_self);
     * only owners change an owner or make one; a role above the actor's cannot be granted; the last
     * active owner stays (409 last_owner).
     */
    async update(actor: Actor, id: string, patch: MemberPatch): Promise<MemberDto> {
      if (!isUuid(id)) throw notFound('Member');
      const permissions =
        patch.permissions === undefined
          ? undefined
          : GRANTABLE_PERMISSIONS.filter((p) => patch.permissions!.includes(p));
      await deps.db.transaction().execute(async (trx) => {
        await repo.lockOrganization(trx, actor.orgId);
        const target = await repo.findForUpdate(trx, actor.orgId, id);
        if (!target) throw notFound('Member');
        const roleChange = patch.role !== undefined && patch.role !== target.role;
        const statusChange = patch.status !== undefined && patch.status !== target.status;
        const permChange =
          permissions !== undefined &&
          (permissions.length !== target.permissions.length ||
            permissions.some((p) => !target.permissions.includes(p)));
        if (!roleChange && !statusChange && !permChange) return;
        if (actor.memberId === target.id) {
          throw conflict(
            'cannot_change_self',
            'You cannot change your own role, permissions or status. Ask another administrator.',
          );
        }
        if ((target.role === 'owner' || patch.role === 'owner') && actor.role !== 'owner') {
          throw forbidden('Only an owner can change an owner or make someone an owner.');
        }
        if (roleChange && !canGrantRole(actor, patch.role!)) {
          throw forbidden(`You cannot give the role "${patch.role}".`);
        }
        const losesOwner =
          target.role === 'owner' &&
          target.status === 'active' &&
          (roleChange || patch.status === 'deactivated');
        if (losesOwner && (await repo.countActiveOwners(trx, actor.orgId, target.id)) === 0) {
          throw conflict(
            'last_owner',
            'The organization needs at least one active owner. Make someone else an owner first.',
          );
        }
        const now = deps.clock.now();
        await repo.update(trx, target.id, {
          ...(roleChange ? { role: patch.role } : {}),
          ...(statusChange ? { status: patch.status } : {}),
          ...(permChange ? { permissions } : {}),
          updated_at: now,
        });
        if (roleChange && !GROUP_MANAGER_ROLES.has(patch.role!))
          await repo.clearManagedGroups(trx, target.id);
        const who = { type: 'member', id: target.id, label: `${target.name} <${target.email}>` };
        const entries: AuditEntry[] = [];
        if (roleChange)
          entries.push(
            auditEntry(actor, now, 'member.role_changed', who, {
              role: { from: target.role, to: patch.role },
            }),
          );
        if (permChange)
          entries.push(
            auditEntry(actor, now, 'member.permissions_changed', who, {
              permissions: { from: target.permissions, to: permissions },
            }),
          );
        if (statusChange)
          entries.push(
            auditEntry(
              actor,
              now,
              patch.status === 'deactivated' ? 'member.deactivated' : 'member.reactivated',
              who,
              { status: { from: target.status, to: patch.status } },
            ),
          );
        await auditRepository.record(trx, entries);
      });
      return get(actor.orgId, id);
    },
  };
}

export type MemberService = ReturnType<typeof createMemberService>;
