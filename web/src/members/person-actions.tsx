import { useId, useState } from 'react';
import { patch, post, ROLES, type Role } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { useT } from '../i18n/use-t.tsx';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { errorText } from '../ui/error-text.ts';
import { useToast } from '../ui/toast.tsx';
import type { MemberProfile } from './person-types.ts';
import { RoleChangeDialog } from './role-change-dialog.tsx';
import { roleName } from './role-names.ts';

/** The actions the server says apply to this member, through the members and bulk-resend endpoints. */
export function PersonActions({ profile, onChange }: { profile: MemberProfile; onChange: () => void }) {
  const { org } = useOrg();
  const t = useT();
  const toast = useToast();
  const roleId = useId();
  const { member, actions } = profile;
  const [role, setRole] = useState<Role | null>(null);
  const [deactivating, setDeactivating] = useState(false);

  async function run(work: () => Promise<unknown>, done: string) {
    try {
      await work();
      toast('success', done);
      onChange();
    } catch (e) {
      toast('error', errorText(e));
    }
  }
  const update = (body: Record<string, unknown>, done: string) =>
    run(() => patch(`/orgs/${org.id}/members/${member.id}`, body), done);

  if (actions.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="person-actions">
      <h2 id="person-actions">{t('members.actions.title')}</h2>
      <div className="inline-form">
        {actions.includes('change_role') && (
          <div className="field">
            <label htmlFor={roleId}>{t('members.actions.role')}</label>
            <select id={roleId} value={member.role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.filter((r) => r !== 'owner' || org.role === 'owner' || member.role === 'owner').map(
                (r) => (
                  <option key={r} value={r}>
                    {roleName(t, r)}
                  </option>
                ),
              )}
            </select>
          </div>
        )}
        {actions.includes('send_account_email') && (
          <button
            type="button"
            onClick={() =>
              run(
                () => post(`/orgs/${org.id}/invitations/bulk-resend`, { memberIds: [member.id] }),
                t('members.actions.signInEmailSent', { email: member.email }),
              )
            }
          >
            {t('members.actions.sendSignInEmail')}
          </button>
        )}
        {actions.includes('deactivate') && (
          <button type="button" className="danger" onClick={() => setDeactivating(true)}>
            {t('members.actions.deactivate')}
          </button>
        )}
        {actions.includes('reactivate') && (
          <button
            type="button"
            onClick={() =>
              update({ status: 'active' }, t('members.actions.reactivated', { name: member.name }))
            }
          >
            {t('members.actions.reactivate')}
          </button>
        )}
      </div>
      {role && (
        <RoleChangeDialog
          member={member}
          role={role}
          onConfirm={() =>
            update({ role }, t('members.actions.roleChanged', { name: member.name, role: roleName(t, role) }))
          }
          onClose={() => setRole(null)}
        />
      )}
      {deactivating && (
        <ConfirmDialog
          title={t('members.actions.deactivateTitle', { name: member.name })}
          body={<p>{t('members.actions.deactivateBody', { org: org.name })}</p>}
          confirmLabel={t('members.actions.deactivate')}
          danger
          onConfirm={() =>
            update({ status: 'deactivated' }, t('members.actions.deactivated', { name: member.name }))
          }
          onClose={() => setDeactivating(false)}
        />
      )}
    </section>
  );
}
