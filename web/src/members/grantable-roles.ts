import { ROLES, type Role } from '../api.ts';

/** Roles this member may hand out: nobody grants above their own; only owners make owners. */
const RANK: Record<Role, number> = { owner: 5, admin: 4, hr: 3, curator: 2, manager: 2, learner: 1 };
export function grantableRoles(mine: Role): Role[] {
  return ROLES.filter((r) => {
    if (r === 'owner') return mine === 'owner';
    if (mine === 'manager') return r === 'learner';
    return RANK[mine] >= RANK[r];
  });
}
