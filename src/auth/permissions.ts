import type { Role } from '../db/types.ts';

/** What a member may do; grantable extras are `people` and `templates` (SPEC §4). */
export type Capability = 'invitations' | 'templates' | 'settings' | 'ownership';
export type GrantablePermission = 'people' | 'templates';
export const GRANTABLE_PERMISSIONS: GrantablePermission[] = ['people', 'templates'];

export interface Actor {
  type: 'user' | 'api_key';
  id: string;
  name: string;
  userId: string | null;
  memberId: string | null;
  orgId: string;
  role: Role;
  permissions: string[];
  /** For managers: the groups they manage; their reach over invitations stops there. */
  managedGroupIds: string[];
}

export function can(actor: Pick<Actor, 'role' | 'permissions'>, capability: Capability): boolean {
  const granted = (p: GrantablePermission) => actor.permissions.includes(p);
  switch (actor.role) {
    case 'owner':
      return true;
    case 'admin':
      return capability !== 'ownership';
    case 'hr':
      return capability === 'invitations' || (capability === 'templates' && granted('templates'));
    case 'curator':
      return (
        (capability === 'invitations' && granted('people')) ||
        (capability === 'templates' && granted('templates'))
      );
    case 'manager':
      return capability === 'invitations';
    default:
      return false;
  }
}

/** Roles an actor may hand out: nobody grants a role above their own; only owners make owners. */
const RANK: Record<Role, number> = { owner: 5, admin: 4, hr: 3, curator: 2, manager: 2, learner: 1 };
export function canGrantRole(actor: Pick<Actor, 'role'>, role: Role): boolean {
  if (role === 'owner') return actor.role === 'owner';
  if (actor.role === 'manager') return role === 'learner';
  return RANK[actor.role] >= RANK[role];
}

/**
 * Acting on an existing invitation (copy its link, set its password, resend, renew, cancel,
 * reschedule, bulk resend, an import's invitations) can hand out its role as surely as creating
 * it, so the same rule applies: nobody acts on an invitation for a role they could not grant.
 */
const ROLE_ORDER: Role[] = ['learner', 'manager', 'curator', 'hr', 'admin', 'owner'];

/** The roles an actor may invite as, lowest first: the invite dialog's choices. */
export function grantableRoles(actor: Pick<Actor, 'role'>): Role[] {
  return ROLE_ORDER.filter((r) => canGrantRole(actor, r));
}

/** Why an invitation (typed or imported) may not carry this role, and what the actor may use. */
export function cannotInviteAs(actor: Pick<Actor, 'role'>, role: string): string {
  const roles = grantableRoles(actor);
  const choices = roles.length > 1 ? `${roles.slice(0, -1).join(', ')} or ${roles.at(-1)}` : roles[0];
  return `You cannot invite people as ${role}: you may invite as ${choices}.`;
}

export function roleNotGrantable(role: Role): string {
  return `Invited as ${role}: only someone who may grant that role can act on this invitation.`;
}

/** Roles an API key may hold. Ownership stays with people; narrower roles need a person's own scope. */
export const API_KEY_ROLES = ['admin', 'hr'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];
export const isApiKeyRole = (role: string): role is ApiKeyRole =>
  (API_KEY_ROLES as readonly string[]).includes(role);

export interface Rights {
  role: Role;
  permissions: string[];
}

/**
 * What an API key may do now: the lower of its own role and its creator's current rights. A creator
 * ranked below the key's role lends their own role and grants (a demoted admin's key is demoted with
 * them); otherwise the key acts with its role alone. `creator` null: a key from before creators were
 * recorded, which keeps its role.
 */
export function apiKeyRights(keyRole: ApiKeyRole, creator: Rights | null): Rights {
  if (creator && RANK[creator.role] < RANK[keyRole])
    return { role: creator.role, permissions: creator.permissions };
  return { role: keyRole, permissions: [] };
}
