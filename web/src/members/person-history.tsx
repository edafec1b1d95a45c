import { useIntl } from 'react-intl';
import { msg, useT } from '../i18n/use-t.tsx';
import { Time } from '../ui/time.tsx';
import { permissionName } from './permission-names.ts';
import type { MembershipChange } from './person-types.ts';
import { roleName } from './role-names.ts';

const ACTION: Record<string, string> = {
  'member.role_changed': msg('members.history.roleChanged'),
  'member.permissions_changed': msg('members.history.permissionsChanged'),
  'member.deactivated': msg('members.history.deactivated'),
  'member.reactivated': msg('members.history.reactivated'),
};

/** Role, permission and status changes from the audit log, newest first. */
export function PersonHistory({ history }: { history: MembershipChange[] }) {
  const t = useT();
  const intl = useIntl();
  const what = (change: MembershipChange): string => {
    const role = change.changes?.role as { from?: string; to?: string } | undefined;
    if (role?.from && role.to)
      return t('members.history.fromTo', { from: roleName(t, role.from), to: roleName(t, role.to) });
    const permissions = change.changes?.permissions as { to?: string[] } | undefined;
    if (permissions?.to)
      return permissions.to.length
        ? intl.formatList(
            permissions.to.map((p) => permissionName(t, p)),
            { type: 'unit', style: 'short' },
          )
        : t('members.history.noPermissions');
    return '';
  };
  return (
    <section className="panel" aria-labelledby="person-history">
      <h2 id="person-history">{t('members.history.title')}</h2>
      {history.length === 0 ? (
        <p className="muted">{t('members.history.none')}</p>
      ) : (
        <ul className="plain-list" data-testid="person-history">
          {[...history].reverse().map((h) => (
            <li key={`${h.at}-${h.action}`}>
              <Time iso={h.at} /> — {ACTION[h.action] ? t(ACTION[h.action]!) : h.action} {what(h)}{' '}
              <span className="muted">{t('members.history.by', { name: h.actor.name })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
