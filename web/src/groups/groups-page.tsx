import { useState } from 'react';
import { useIntl } from 'react-intl';
import { del, type Group } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { PageHead } from '../console/page-head.tsx';
import { T, useT } from '../i18n/use-t.tsx';
import { Link } from '../router.tsx';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { DataTable } from '../ui/data-table.tsx';
import { errorText } from '../ui/error-text.ts';
import { useToast } from '../ui/toast.tsx';
import { GroupDialog } from './group-dialog.tsx';
import { hidden } from './hidden.tsx';
import { useGroups } from './use-groups.ts';

/** Training names side by side, as a list in the reader's language. */
const LIST = { type: 'unit', style: 'short' } as const;

export function GroupsPage() {
  const { org, base } = useOrg();
  const t = useT();
  const intl = useIntl();
  const toast = useToast();
  const { groups, reload } = useGroups(org.id);
  const [editing, setEditing] = useState<Group | null | 'new'>(null);
  const [deleting, setDeleting] = useState<Group | null>(null);
  return (
    <>
      <PageHead title={t('groups.title')} lead={t('groups.list.lead')}>
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          {t('groups.newGroup')}
        </button>
      </PageHead>
      <DataTable
        items={groups}
        empty={
          <div className="empty">
            <p>{t('groups.list.empty')}</p>
          </div>
        }
        caption={t('groups.list.caption')}
        columns={[
          { label: t('groups.list.col.group') },
          { label: t('groups.list.col.trainings') },
          { label: t('groups.list.col.members'), className: 'num' },
          { label: t('groups.list.col.actions'), hidden: true },
        ]}
        row={(g) => (
          <tr key={g.id}>
            <td data-label={t('groups.list.col.group')}>
              <Link to={`${base}/groups/${g.id}`}>
                <strong>{g.name}</strong>
              </Link>
            </td>
            <td data-label={t('groups.list.col.trainings')}>
              {g.trainings.length ? intl.formatList(g.trainings, LIST) : <span className="muted">—</span>}
            </td>
            <td data-label={t('groups.list.col.members')} className="num">
              {g.memberCount == null ? '—' : intl.formatNumber(g.memberCount)}
            </td>
            <td className="actions">
              <button type="button" className="small" onClick={() => setEditing(g)}>
                <T id="groups.list.edit" values={{ name: g.name, hidden }} />
              </button>{' '}
              <button type="button" className="small danger-text" onClick={() => setDeleting(g)}>
                <T id="groups.list.delete" values={{ name: g.name, hidden }} />
              </button>
            </td>
          </tr>
        )}
      />
      {editing && (
        <GroupDialog
          group={editing === 'new' ? null : editing}
          onClose={(changed) => {
            setEditing(null);
            if (changed) reload();
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={t('groups.delete.title', { name: deleting.name })}
          danger
          confirmLabel={t('groups.delete.confirm')}
          body={<p>{t('groups.delete.body')}</p>}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            try {
              await del(`/orgs/${org.id}/groups/${deleting.id}`);
              toast('success', t('groups.delete.done', { name: deleting.name }));
              setDeleting(null);
              reload();
            } catch (e) {
              toast('error', errorText(e));
            }
          }}
        />
      )}
    </>
  );
}
