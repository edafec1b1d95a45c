import { useMemo, useState } from 'react';
import { can, type Member, patch, type Role } from '../api.ts';
import { BulkResendDialog } from '../bulk-resends/bulk-resend-dialog.tsx';
import type { BulkTarget } from '../bulk-resends/types.ts';
import { useOrg } from '../console/org-context.ts';
import { useDebounced } from '../data/use-debounced.ts';
import { usePagedList } from '../data/use-paged-list.ts';
import { useT } from '../i18n/use-t.tsx';
import { RoleChangeDialog } from '../members/role-change-dialog.tsx';
import { roleName } from '../members/role-names.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { DataTable } from '../ui/data-table.tsx';
import { errorText } from '../ui/error-text.ts';
import { FormError } from '../ui/form-error.tsx';
import { LoadMoreButton } from '../ui/load-more-button.tsx';
import { useToast } from '../ui/toast.tsx';
import { type MemberChange, MemberRow } from './member-row.tsx';
import { MembersToolbar } from './members-toolbar.tsx';

export function MembersTab() {
  const { org } = useOrg();
  const toast = useToast();
  const t = useT();
  const [filter, setFilter] = useState<string>('active');
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim(), 250);
  const query = useMemo(() => {
    const sp = new URLSearchParams({ status: filter, limit: '50' });
    if (dq) sp.set('q', dq);
    return sp;
  }, [filter, dq]);
  const { items, more, loadingMore, reload, replace, error } = usePagedList<Member>(
    `/orgs/${org.id}/members`,
    query,
  );
  const [confirm, setConfirm] = useState<Member | null>(null);
  const [bulkTarget, setBulkTarget] = useState<BulkTarget | null>(null);
  const [roleChange, setRoleChange] = useState<{ member: Member; role: Role } | null>(null);
  const manage = can(org, 'settings') || org.role === 'hr';

  async function update(m: Member, body: MemberChange, done: string) {
    const same = (x: Member) => x.id === m.id;
    // Optimistic: the control shows the new value at once; a refusal reloads the truth.
    replace((x) => ({ ...x, ...body }), same);
    try {
      const updated = await patch<Member>(`/orgs/${org.id}/members/${m.id}`, body);
      replace((x) => ({ ...x, ...updated }), same);
      toast('success', done);
      if (body.status) reload();
    } catch (e) {
      toast('error', errorText(e));
      reload();
    }
  }

  return (
    <section aria-label={t('people.tabs.members')}>
      <MembersToolbar
        orgId={org.id}
        filter={filter}
        onFilter={setFilter}
        q={q}
        onQ={setQ}
        search={dq}
        items={items}
        onResend={setBulkTarget}
      />
      <FormError error={error} />
      <DataTable
        items={items}
        empty={<p className="empty">{t('people.members.none')}</p>}
        caption={t('people.tabs.members')}
        className="members"
        columns={[
          { label: t('people.members.name') },
          { label: t('people.list.role') },
          { label: t('people.members.permissions') },
          { label: t('people.list.groups') },
          { label: t('people.members.lastSignIn') },
          { label: t('people.list.actions'), hidden: true },
        ]}
        row={(m) => (
          <MemberRow
            key={m.id}
            member={m}
            manage={manage}
            onUpdate={update}
            onRole={(member, role) => setRoleChange({ member, role })}
            onDeactivate={setConfirm}
          />
        )}
      />
      {more && (
        <LoadMoreButton
          onClick={more}
          loading={loadingMore}
          label={t('people.list.loadMore')}
          loadingLabel={t('people.list.loadMore')}
        />
      )}
      {bulkTarget && (
        <BulkResendDialog
          target={bulkTarget}
          onClose={(changed) => {
            setBulkTarget(null);
            if (changed) reload();
          }}
        />
      )}
      {roleChange && (
        <RoleChangeDialog
          member={roleChange.member}
          role={roleChange.role}
          onClose={() => setRoleChange(null)}
          onConfirm={async () => {
            const { member, role } = roleChange;
            setRoleChange(null);
            await update(
              member,
              { role },
              t('people.members.roleChanged', { name: member.name, role: roleName(t, role) }),
            );
          }}
        />
      )}
      {confirm && (
        <ConfirmDialog
          title={t('people.members.deactivateTitle', { name: confirm.name })}
          danger
          confirmLabel={t('people.members.deactivate')}
          body={<p>{t('people.members.deactivateBody', { name: confirm.name })}</p>}
          onClose={() => setConfirm(null)}
          onConfirm={async () => {
            await update(
              confirm,
              { status: 'deactivated' },
              t('people.members.deactivated.toast', { name: confirm.name }),
            );
            setConfirm(null);
          }}
        />
      )}
    </section>
  );
}
