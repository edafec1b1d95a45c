import { useIntl } from 'react-intl';
import type { Member, Role } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { useT } from '../i18n/use-t.tsx';
import { grantableRoles } from '../members/grantable-roles.ts';
import { roleName } from '../members/role-names.ts';
import { Link } from '../router.tsx';
import { useApp } from '../session.tsx';
import { Time } from '../ui/time.tsx';
import { MemberPermissions } from './member-permissions.tsx';

export type MemberChange = Partial<Pick<Member, 'role' | 'permissions' | 'status'>>;

/** One member in the list; changes go up: a role asks first, deactivating asks first. */
export function MemberRow({
  member: m,
  manage,
  onUpdate,
  onRole,
  onDeactivate,
}: {
  member: Member;
  /** The reader may change members (their own row and a higher role's stay read-only). */
  manage: boolean;
  onUpdate: (m: Member, body: MemberChange, done: string) => void;
  onRole: (m: Member, role: Role) => void;
  onDeactivate: (m: Member) => void;
}) {
  const { org, base } = useOrg();
  const { session } = useApp();
  const t = useT();
  const { formatList } = useIntl();
  const self = m.userId === session?.user.id;
  const editable = manage && !self && (m.role !== 'owner' || org.role === 'owner');
  const grantable = m.role === 'hr' || m.role === 'curator';
  return (
    <tr>
      <td data-label={t('people.members.name')}>
        <Link to={`${base}/members/${m.id}`}>
          <strong>{m.name}</strong>
        </Link>
        <div className="muted small">{m.email}</div>
        {m.status === 'deactivated' && (
          <span className="badge status-cancelled">{t('people.members.deactivated')}</span>
        )}
      </td>
      <td data-label={t('people.list.role')}>
        {editable ? (
          <select
            aria-label={t('people.members.roleOf', { name: m.name })}
            value={m.role}
            onChange={(e) => onRole(m, e.target.value as Role)}
          >
            {grantableRoles(org.role)
              .concat(grantableRoles(org.role).includes(m.role) ? [] : [m.role])
              .map((r) => (
                <option key={r} value={r}>
                  {roleName(t, r)}
                </option>
              ))}
          </select>
        ) : (
          roleName(t, m.role)
        )}
      </td>
      <td data-label={t('people.members.permissions')}>
        <MemberPermissions
          member={m}
          editable={editable && grantable}
          onChange={(permissions) =>
            onUpdate(m, { permissions }, t('people.members.permissionsUpdated', { name: m.name }))
          }
        />
      </td>
      <td data-label={t('people.list.groups')}>
        {formatList(
          m.groups.map((g) => g.name),
          { type: 'unit', style: 'short' },
        ) || <span className="muted">—</span>}
      </td>
      <td data-label={t('people.members.lastSignIn')}>
        {m.neverSignedIn ? (
          <span className="badge">{t('people.members.neverSignedIn')}</span>
        ) : (
          <Time iso={m.lastSignInAt} />
        )}
      </td>
      <td className="actions">
        {editable &&
          (m.status === 'active' ? (
            <button type="button" className="small" onClick={() => onDeactivate(m)}>
              {t('people.members.deactivate')}
              <span className="visually-hidden"> {m.name}</span>
            </button>
          ) : (
            <button
              type="button"
              className="small"
              onClick={() =>
                onUpdate(m, { status: 'active' }, t('people.members.reactivated', { name: m.name }))
              }
            >
              {t('people.members.reactivate')}
              <span className="visually-hidden"> {m.name}</span>
            </button>
          ))}
      </td>
    </tr>
  );
}
