import { msg } from '../i18n/use-t.tsx';

/** Each role's name as a message id; an unknown role is shown as the server spells it. */
const ROLE_NAME: Record<string, string> = {
  owner: msg('members.role.owner'),
  admin: msg('members.role.admin'),
  hr: msg('members.role.hr'),
  curator: msg('members.role.curator'),
  manager: msg('members.role.manager'),
  learner: msg('members.role.learner'),
};

/** A role's name in the reader's language, given the console's `t`. */
export function roleName(t: (id: string) => string, role: string): string {
  const id = ROLE_NAME[role];
  return id ? t(id) : role;
}
