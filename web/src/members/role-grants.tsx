import type { ReactNode } from 'react';
import type { Role } from '../api.ts';
import { msg, T, useT } from '../i18n/use-t.tsx';
import { roleName } from './role-names.ts';

/** What each role may do in the organization, as the permissions table has it (message ids). */
export const ROLE_GRANTS: Record<Role, string> = {
  owner: msg('members.grants.owner'),
  admin: msg('members.grants.admin'),
  hr: msg('members.grants.hr'),
  curator: msg('members.grants.curator'),
  manager: msg('members.grants.manager'),
  learner: msg('members.grants.learner'),
};

const strong = (chunks: ReactNode[]) => <strong>{chunks}</strong>;

/** Under a role choice: what Owner or Admin grants, said plainly before anyone is named one. */
export function RoleGrant({ role, id }: { role: Role; id?: string }) {
  const t = useT();
  if (role !== 'owner' && role !== 'admin') return null;
  return (
    <div className="alert alert-warn role-grant" id={id} data-testid="role-grant">
      <T
        id="members.grants.line"
        values={{ role: roleName(t, role), grants: t(ROLE_GRANTS[role]), b: strong }}
      />
    </div>
  );
}
