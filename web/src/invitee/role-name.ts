import { msg } from '../i18n/use-t.tsx';

/** A role as a sentence names it ("invited … to join … as a learner"). */
const ROLE_IN_SENTENCE: Record<string, string> = {
  owner: msg('invitee.role.owner'),
  admin: msg('invitee.role.admin'),
  hr: msg('invitee.role.hr'),
  curator: msg('invitee.role.curator'),
  manager: msg('invitee.role.manager'),
  learner: msg('invitee.role.learner'),
};

export function roleName(t: (id: string) => string, role: string): string {
  const id = ROLE_IN_SENTENCE[role];
  return id ? t(id) : role;
}
