import { useEffect, useMemo, useState } from 'react';
import { can, type Invitation, type InvitationStatus } from '../api.ts';
import { BulkResendDialog } from '../bulk-resends/bulk-resend-dialog.tsx';
import { BulkResendHistory } from '../bulk-resends/bulk-resend-history.tsx';
import type { BulkTarget } from '../bulk-resends/types.ts';
import { useOrg } from '../console/org-context.ts';
import { useDebounced } from '../data/use-debounced.ts';
import { usePagedList } from '../data/use-paged-list.ts';
import { useT } from '../i18n/use-t.tsx';
import { overviewFilterFrom, withOverviewFilter } from '../overview/list-filters.ts';
import { OverviewFilterNote } from '../overview/overview-filter-note.tsx';
import { ExportLinks } from '../people-export/export-links.tsx';
import { navigate, useLocation } from '../router.tsx';
import { FormError } from '../ui/form-error.tsx';
import { LoadMoreButton } from '../ui/load-more-button.tsx';
import { Spinner } from '../ui/spinner.tsx';
import { InvitationRow } from './invitation-row.tsx';
import { InviteDialog } from './invite-dialog.tsx';
import { StatusFilter } from './status-filter.tsx';

export function InvitationsTab() {
  const { org, base } = useOrg();
  const t = useT();
  const { search: params } = useLocation();
  const [statuses, setStatuses] = useState<InvitationStatus[]>(
    () => (params.get('status')?.split(',').filter(Boolean) as InvitationStatus[]) ?? [],
  );
  const [q, setQ] = useState(params.get('q') ?? '');
  const dq = useDebounced(q.trim(), 250);
  // A figure of the overview opens the list with its filter (kept in the address).
  const [figureFilter, setFigureFilter] = useState(() => overviewFilterFrom(params));
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [inviteOpen, setInviteOpen] = useState(false);
  const [bulkTarget, setBulkTarget] = useState<BulkTarget | null>(null);
  const [historyKey, setHistoryKey] = useState(0);
  const [revealRun, setRevealRun] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');

  const query = useMemo(() => {
    const sp = new URLSearchParams();
    if (statuses.length) sp.set('status', statuses.join(','));
    if (dq) sp.set('q', dq);
    withOverviewFilter(sp, figureFilter);
    sp.set('limit', '50');
    return sp;
  }, [statuses, dq, figureFilter]);
  const list = usePagedList<Invitation>(`/orgs/${org.id}/invitations`, query);
  const { items, more, loadingMore, error, firstRead } = list;
  const load = list.reload;
  // A one- or two-character search looks through a bounded number of invitations per call.
  const partial = list.rest?.partial === true;

  // A new read of the first page clears the selection and says how many are shown.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new read of the first page is the trigger
  useEffect(() => {
    if (firstRead === null || !items) return;
    setSelected(new Set());
    setAnnounce(
      more
        ? t('people.list.shownMore', { count: items.length })
        : t('people.list.shown', { count: items.length }),
    );
  }, [firstRead]);

  // Keep the filter in the address so a reload or a shared link shows the same list.
  useEffect(() => {
    const sp = new URLSearchParams();
    if (statuses.length) sp.set('status', statuses.join(','));
    if (dq) sp.set('q', dq);
    withOverviewFilter(sp, figureFilter);
    const s = sp.toString();
    navigate(`${base}/people${s ? `?${s}` : ''}`, { replace: true });
  }, [statuses, dq, base, figureFilter]);

  async function loadMore() {
    const page = await more?.();
    if (page) setAnnounce(t('people.list.moreLoaded', { count: page.length }));
  }

  const replace = (inv: Invitation) =>
    list.replace(
      (x) => ({ ...x, ...inv }),
      (x) => x.id === inv.id,
    );

  // "Every … invitation" resends by status and search: not offered while a figure's filter narrows more.
  const resendable =
    Object.keys(figureFilter).length === 0 &&
    statuses.length > 0 &&
    statuses.every((x) => x === 'pending' || x === 'expired');
  const allSelected = !!items?.length && items.every((i) => selected.has(i.id));

  return (
    <section aria-label={t('people.tabs.invitations')}>
      <OverviewFilterNote filter={figureFilter} onClear={() => setFigureFilter({})} />
      <div className="toolbar">
        <StatusFilter statuses={statuses} onChange={setStatuses} />
        <div className="toolbar-row">
          <div className="search">
            <label htmlFor="inv-search" className="visually-hidden">
              {t('people.list.searchLabel')}
            </label>
            <input
              id="inv-search"
              type="search"
              placeholder={t('people.list.searchPlaceholder')}
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
          </div>
          <div className="page-actions">
            <ExportLinks orgId={org.id} list="invitations" filter={{ status: statuses.join(','), q: dq }} />
            {resendable && (
              <button
                type="button"
                onClick={() =>
                  setBulkTarget({
                    filter: { status: statuses as Array<'pending' | 'expired'>, ...(dq ? { q: dq } : {}) },
                    label: t('people.list.everyMatching', {
                      which: statuses.length > 1 ? 'both' : statuses[0],
                      q: dq,
                      searched: dq ? 'yes' : 'no',
                    }),
                  })
                }
              >
                {t('people.list.resendAll')}
              </button>
            )}
            <button type="button" className="primary" onClick={() => setInviteOpen(true)}>
              {t('people.invite.title')}
            </button>
          </div>
        </div>
      </div>

      {selected.size > 0 && (
        <section className="bulkbar" aria-label={t('people.list.selection')}>
          <span>{t('people.list.selected', { count: selected.size })}</span>
          <button
            type="button"
            onClick={() =>
              setBulkTarget({
                ids: [...selected],
                label: t('people.list.selectedInvitations', { count: selected.size }),
              })
            }
          >
            {t('people.list.resendSelected')}
          </button>
          <button type="button" className="link" onClick={() => setSelected(new Set())}>
            {t('people.list.clearSelection')}
          </button>
        </section>
      )}

      <p className="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
      <FormError error={error} />
      {!items ? (
        <Spinner />
      ) : items.length === 0 ? (
        <div className="empty">
          <p>
            {partial
              ? t('people.list.noMatchYet')
              : statuses.length || dq
                ? t('people.list.noMatch')
                : org.role === 'manager'
                  ? t('people.list.emptyManager')
                  : t('people.list.empty')}
          </p>
          {!statuses.length && !dq && (
            <button type="button" className="primary" onClick={() => setInviteOpen(true)}>
              {t('people.list.inviteFirst')}
            </button>
          )}
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table invitations">
            <caption className="visually-hidden">{t('people.tabs.invitations')}</caption>
            <thead>
              <tr>
                <th scope="col" className="check">
                  <input
                    type="checkbox"
                    aria-label={t('people.list.selectAll')}
                    checked={allSelected}
                    onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((i) => i.id)))}
                  />
                </th>
                <th scope="col">{t('people.list.address')}</th>
                <th scope="col">{t('people.list.role')}</th>
                <th scope="col">{t('people.list.groups')}</th>
                <th scope="col">{t('people.list.status')}</th>
                <th scope="col">{t('people.list.deliveryProblem')}</th>
                <th scope="col">{t('people.list.lastUpdated')}</th>
                <th scope="col" className="num">
                  {t('people.list.sent')}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t('people.list.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((inv) => (
                <InvitationRow
                  key={inv.id}
                  inv={inv}
                  selected={selected.has(inv.id)}
                  onToggle={() =>
                    setSelected((s) => {
                      const n = new Set(s);
                      if (n.has(inv.id)) n.delete(inv.id);
                      else n.add(inv.id);
                      return n;
                    })
                  }
                  onChange={replace}
                  onReload={load}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more && partial && (
        <p className="muted small center" data-testid="partial-search">
          {t('people.list.partial', { count: 10_000 })}
        </p>
      )}
      {more && (
        <LoadMoreButton
          onClick={loadMore}
          loading={loadingMore}
          loadingLabel={t('people.list.loading')}
          label={partial ? t('people.list.searchFurther') : t('people.list.loadMore')}
        />
      )}
      {inviteOpen && (
        <InviteDialog
          onClose={(changed) => {
            setInviteOpen(false);
            if (changed) load();
          }}
        />
      )}
      <BulkResendHistory refreshKey={historyKey} reveal={revealRun} />
      {bulkTarget && (
        <BulkResendDialog
          target={bulkTarget}
          onClose={(changed, runId) => {
            setBulkTarget(null);
            if (changed) {
              load();
              setHistoryKey((k) => k + 1);
            }
            if (runId) setRevealRun(runId);
          }}
        />
      )}
      {!can(org, 'settings') && null}
    </section>
  );
}
