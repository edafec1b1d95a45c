import type { Group, Member } from '../api.ts';
import { usePagedList } from '../data/use-paged-list.ts';
import { msg, useT } from '../i18n/use-t.tsx';
import { roleName } from '../members/role-names.ts';
import { DataTable } from '../ui/data-table.tsx';
import { FormError } from '../ui/form-error.tsx';
import { FilterSelect, SearchInput } from '../ui/list-filters.tsx';
import { Time } from '../ui/time.tsx';
import { useGroupListQuery } from './use-group-list-query.ts';

const FILTERS = [
  { value: '', label: msg('groups.members.filter.all') },
  { value: 'active', label: msg('groups.members.filter.active') },
  { value: 'never_signed_in', label: msg('groups.members.filter.neverSignedIn') },
  { value: 'deactivated', label: msg('groups.members.filter.deactivated') },
];

/** A group's members, searchable by name or address and filtered by status. */
export function GroupMembers({ orgId, group }: { orgId: string; group: Group }) {
  const t = useT();
  const { q, setQ, status, setStatus, term, query } = useGroupListQuery(group.id, '');
  const { items, more, error } = usePagedList<Member>(`/orgs/${orgId}/members`, query);
  const managers = new Set(group.managerIds ?? []);
  return (
    <section className="panel" aria-labelledby="group-members">
      <h2 id="group-members">{t('groups.members.title')}</h2>
      <div className="toolbar">
        <SearchInput
          label={t('groups.members.search', { group: group.name })}
          placeholder={t('groups.members.searchPlaceholder')}
          value={q}
          onChange={setQ}
        />
        <FilterSelect
          label={t('groups.members.statusFilter')}
          options={FILTERS}
          value={status}
          onChange={setStatus}
        />
      </div>
      <FormError error={error} />
      <DataTable
        items={items}
        empty={
          <p className="empty">{term || status ? t('groups.members.noMatch') : t('groups.members.none')}</p>
        }
        caption={t('groups.members.caption', { group: group.name })}
        testId="group-members"
        columns={[
          { label: t('groups.members.col.name') },
          { label: t('groups.members.col.email') },
          { label: t('groups.members.col.role') },
          { label: t('groups.members.col.lastSignIn') },
        ]}
        row={(m) => (
          <tr key={m.id} data-email={m.email}>
            <td data-label={t('groups.members.col.name')}>
              {m.name}
              {managers.has(m.id) && (
                <span className="badge status-pending"> {t('groups.members.managerBadge')}</span>
              )}
            </td>
            <td data-label={t('groups.members.col.email')} className="break-anywhere">
              {m.email}
            </td>
            <td data-label={t('groups.members.col.role')}>
              {m.status === 'deactivated'
                ? t('groups.members.roleDeactivated', { role: roleName(t, m.role) })
                : roleName(t, m.role)}
            </td>
            <td data-label={t('groups.members.col.lastSignIn')}>
              {m.lastSignInAt ? <Time iso={m.lastSignInAt} /> : t('groups.members.never')}
            </td>
          </tr>
        )}
      />
      {more && (
        <button type="button" onClick={more}>
          {t('groups.members.more')}
        </button>
      )}
    </section>
  );
}
