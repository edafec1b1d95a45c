import type { Member, Role } from '../api.ts';
import { T, useT } from '../i18n/use-t.tsx';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { ROLE_GRANTS } from './role-grants.tsx';
import { roleName } from './role-names.ts';

/** Asked before a member's role changes; says what the new role grants (and takes away). */
export function RoleChangeDialog({
  member,
  role,
  onConfirm,
  onClose,
}: {
  member: Pick<Member, 'name' | 'email' | 'role'>;
  role: Role;
  onConfirm: () => Promise<void> | void;
  onClose: () => void;
}) {
  const t = useT();
  const raising = role === 'owner' || role === 'admin';
  const next = roleName(t, role);
  return (
    <ConfirmDialog
      title={t('members.roleChange.title', { name: member.name, role: next })}
      cancelLabel={t('members.roleChange.keep')}
      confirmLabel={t('members.roleChange.confirm', { role: next })}
      danger={raising}
      body={
        <>
          <p>
            <T
              id="members.roleChange.intro"
              values={{
                name: member.name,
                email: <bdi>{member.email}</bdi>,
                current: roleName(t, member.role),
                role: next,
              }}
            />
          </p>
          <p className={raising ? 'alert alert-warn' : undefined} data-testid="role-change-grants">
            {t(ROLE_GRANTS[role])}
          </p>
          <p className="muted small">{t('members.roleChange.atOnce')}</p>
        </>
      }
      onConfirm={onConfirm}
      onClose={onClose}
    />
  );
}
