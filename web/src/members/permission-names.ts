import { msg } from '../i18n/use-t.tsx';

/** Each grantable permission's name as a message id; an unknown one is shown as the server spells it. */
const PERMISSION_NAME: Record<string, string> = {
  people: msg('members.permission.people'),
  templates: msg('members.permission.templates'),
};

/** A permission's name in the reader's language, given the console's `t`. */
export function permissionName(t: (id: string) => string, permission: string): string {
  const id = PERMISSION_NAME[permission];
  return id ? t(id) : permission;
}
