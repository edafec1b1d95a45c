import type { Group, Invitation } from '../api.ts';
import { usePagedList } from '../data/use-paged-list.ts';
import { msg, useT } from '../i18n/use-t.tsx';
import { RowActions } from '../people/row-actions.tsx';
import { DataTable } from '../ui/data-table.tsx';
import { FormError } from '../ui/form-error.tsx';
import { FilterSelect, SearchInput } from '../ui/list-filters.tsx';
import { Time } from '../ui/time.tsx';
import { useGroupListQuery } from './use-group-list-query.ts';

const FILTERS = [
  { value: 'pending,scheduled,expired', label: msg('groups.invitations.filter.waiting') },
  { value: 'pending', label: msg('groups.invitations.filter.pending') },
  { value: 'scheduled', label: msg('groups.invitations.filter.scheduled') },
  { value: 'expired', label: msg('groups.invitations.filter.expired') },
  { value: '', label: msg('groups.invitations.filter.all') },
];

const STATUS: Record<string, string> = {
  scheduled: msg('groups.invitations.status.scheduled'),
  pending: msg('groups.invitations.status.pending'),
  expired: msg('groups.invitations.status.expired'),
  accepted: msg('groups.invitations.status.accepted'),
  cancelled: msg('groups.invitations.status.cancelled'),
  declined: msg('groups.invitations.status.declined'),
};

/** Invitations into a group, pending ones first, with the actions that apply (resend, cancel…). */
export function GroupInvitations({ orgId, group }: { orgId: string; group: Group }) {
  const t = useT();
  const { q, setQ, status, setStatus, term, query } = useGroupListQuery(group.id, FILTERS[0]!.value);
  const { items, more, reload, replace, error } = usePagedList<Invitation>(
    `/orgs/${orgId}/invitations`,
    query,
  );
  return (
    <section className="panel" aria-labelledby="group-invitations">
      <h2 id="group-invitations">{t('groups.invitations.title')}</h2>
      <div className="toolbar">
        <SearchInput
          label={t('groups.invitations.search', { group: group.name })}
          placeholder={t('groups.invitations.searchPlaceholder')}
          value={q}
          onChange={setQ}
        />
        <FilterSelect
          label={t('groups.invitations.statusFilter')}
          options={FILTERS}
          value={status}
          onChange={setStatus}
        />
      </div>
      <FormError error={error} />
      <DataTable
        items={items}
        empty={
          <p className="empty">{term ? t('groups.invitations.noMatch') : t('groups.invitations.none')}</p>
        }
        caption={t('groups.invitations.caption', { group: group.name })}
        testId="group-invitations"
        columns={[
          { label: t('groups.invitations.col.email') },
          { label: t('groups.invitations.col.status') },
          { label: t('groups.invitations.col.lastSent') },
          { label: t('groups.invitations.col.expires') },
          { label: t('groups.invitations.col.actions'), hidden: true },
        ]}
        row={(inv) => (
          <tr key={inv.id} data-email={inv.email}>
            <td data-label={t('groups.invitations.col.email')} className="break-anywhere">
              {inv.email}
            </td>
            <td data-label={t('groups.invitations.col.status')}>
              <span className={`badge status-${inv.status}`}>
                {STATUS[inv.status] ? t(STATUS[inv.status]!) : inv.status}
              </span>
            </td>
            <td data-label={t('groups.invitations.col.lastSent')}>
              {inv.lastSentAt ? <Time iso={inv.lastSentAt} /> : '—'}
            </td>
            <td data-label={t('groups.invitations.col.expires')}>
              {inv.expiresAt ? <Time iso={inv.expiresAt} /> : '—'}
            </td>
            <td className="actions">
              <RowActions
                inv={inv}
                onChange={(i) => replace(i, (x) => x.id === i.id)}
                onReload={reload}
                label={t('groups.invitations.actionsFor', { email: inv.email })}
              />
            </td>
          </tr>
        )}
      />
      {more && (
        <button type="button" onClick={more}>
          {t('groups.invitations.more')}
        </button>
      )}
    </section>
  );
}
