import { useEffect, useId, useRef, useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiError, get, patch, post } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { usePagedList } from '../data/use-paged-list.ts';
import { usePoll } from '../data/use-poll.ts';
import { hidden } from '../groups/hidden.tsx';
import { T, useT } from '../i18n/use-t.tsx';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { DataTable } from '../ui/data-table.tsx';
import { errorText } from '../ui/error-text.ts';
import { FormError } from '../ui/form-error.tsx';
import { LoadMoreButton } from '../ui/load-more-button.tsx';
import { SendTimeDialog } from '../ui/send-time-dialog.tsx';
import { fullTime } from '../ui/time.tsx';
import { useToast } from '../ui/toast.tsx';
import {
  type BulkResendRun,
  due,
  HOUR,
  PAGE,
  STATUS_CLASS,
  STATUS_TEXT,
  statusDetail,
} from './run-status.ts';

const FIRST_PAGE = new URLSearchParams({ limit: String(PAGE) });

/**
 * The bulk resends of the organization, newest first (a collapsible panel below the invitation
 * list): a scheduled run can be moved or cancelled, a running one cancelled. It opens by itself
 * when a run waits or sends, and when `reveal` names a run just started.
 */
export function BulkResendHistory({ refreshKey, reveal }: { refreshKey: number; reveal: string | null }) {
  const { org } = useOrg();
  const t = useT();
  const intl = useIntl();
  const toast = useToast();
  const base = `/orgs/${org.id}/invitations/bulk-resends`;
  const [open, setOpen] = useState(false);
  const {
    items,
    more,
    loadingMore,
    reload: load,
    replace: put,
    error,
  } = usePagedList<BulkResendRun>(base, FIRST_PAGE);
  const [moving, setMoving] = useState<BulkResendRun | null>(null);
  const [cancelling, setCancelling] = useState<BulkResendRun | null>(null);
  const [announce, setAnnounce] = useState('');
  const [, setNow] = useState(0);
  const headingId = useId();
  const panelId = useId();

  // Loaded at once; opened then when something waits or sends.
  const decided = useRef(false);
  useEffect(() => {
    if (decided.current || !items || error) return;
    decided.current = true;
    if (items.some((x) => x.status === 'scheduled' || x.status === 'running')) setOpen(true);
  }, [items, error]);

  // Loaded again whenever the tab says so.
  const shownKey = useRef(refreshKey);
  useEffect(() => {
    if (shownKey.current === refreshKey) return;
    shownKey.current = refreshKey;
    load();
  }, [load, refreshKey]);

  useEffect(() => {
    if (reveal) setOpen(true);
  }, [reveal]);

  // While a run sends (or its time has come), follow its counters. Until a scheduled run's time
  // comes, wait for it: then this renders again and follows that run.
  const active = open && items ? items.filter(due).slice(0, PAGE) : [];
  const nextScheduled =
    open && items && !active.length
      ? Math.min(
          ...items
            .filter((r) => r.status === 'scheduled' && r.sendAt)
            .map((r) => new Date(r.sendAt!).getTime()),
        )
      : Number.POSITIVE_INFINITY;
  usePoll(
    () => setNow(Date.now()),
    Number.isFinite(nextScheduled) ? Math.max(1000, Math.min(nextScheduled - Date.now() + 1000, HOUR)) : null,
  );
  usePoll(
    async () => {
      const fresh = await Promise.all(
        active.map((r) =>
          get<BulkResendRun & { refusals?: unknown; refusalsTruncated?: boolean }>(`${base}/${r.id}`).then(
            ({ refusals: _r, refusalsTruncated: _t, ...run }) => run,
            () => null,
          ),
        ),
      );
      for (const run of fresh) if (run) replace(run);
    },
    active.length ? 2000 : null,
  );

  const replace = (run: BulkResendRun) => put(run, (x) => x.id === run.id);

  async function loadMore() {
    const page = await more?.();
    if (page) setAnnounce(t('bulk-resends.history.loaded', { count: page.length }));
  }

  async function cancel(run: BulkResendRun) {
    try {
      const updated = await post<BulkResendRun>(`${base}/${run.id}/cancel`, {});
      replace(updated);
      setAnnounce(t('bulk-resends.history.cancelled'));
      toast(
        'success',
        run.status === 'scheduled'
          ? t('bulk-resends.history.cancelledNothingSent')
          : t('bulk-resends.history.cancelledSent', { count: updated.sent }),
      );
      setCancelling(null);
    } catch (e) {
      toast('error', errorText(e));
      setCancelling(null);
      if (e instanceof ApiError && (e.status === 409 || e.status === 404)) load();
    }
  }

  return (
    <section className="panel bulk-history" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <button
          type="button"
          className="disclosure"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((o) => !o)}
        >
          <span className="disclosure-mark" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          {t('bulk-resends.history.title')}
        </button>
      </h2>
      <div id={panelId} className="disclosure-body" hidden={!open}>
        <p className="muted small">{t('bulk-resends.history.lead')}</p>
        <p className="visually-hidden" role="status" aria-live="polite">
          {announce}
        </p>
        <FormError error={error} />
        <DataTable
          items={items}
          empty={<p className="muted">{t('bulk-resends.history.empty')}</p>}
          caption={t('bulk-resends.history.caption')}
          className="bulk-resends"
          columns={[
            { label: t('bulk-resends.history.col.started') },
            { label: t('bulk-resends.history.col.status') },
            { label: t('bulk-resends.history.col.sendTime') },
            { label: t('bulk-resends.history.col.sent'), className: 'num' },
            { label: t('bulk-resends.history.col.refused'), className: 'num' },
            { label: t('bulk-resends.history.col.actions'), hidden: true },
          ]}
          row={(r) => {
            const detail = statusDetail(r, t);
            return (
              <tr key={r.id} data-run-id={r.id}>
                <td data-label={t('bulk-resends.history.col.started')}>
                  {fullTime(r.createdAt)}
                  <div className="muted small">
                    {r.createdBy.type === 'api_key'
                      ? t('bulk-resends.history.byApiKey', { name: r.createdBy.name })
                      : t('bulk-resends.history.by', { name: r.createdBy.name })}
                  </div>
                </td>
                <td data-label={t('bulk-resends.history.col.status')} className="run-status">
                  <span className={`badge ${STATUS_CLASS[r.status]}`}>{t(STATUS_TEXT[r.status])}</span>
                  {detail && <div className="muted small">{detail}</div>}
                </td>
                <td data-label={t('bulk-resends.history.col.sendTime')}>
                  {r.sendAt ? fullTime(r.sendAt) : t('bulk-resends.history.atOnce')}
                </td>
                <td data-label={t('bulk-resends.history.col.sent')} className="num">
                  {intl.formatNumber(r.sent)} / {intl.formatNumber(r.total)}
                </td>
                <td data-label={t('bulk-resends.history.col.refused')} className="num">
                  {intl.formatNumber(r.refused)}
                  {r.ineligible > 0 && (
                    <div className="muted small">
                      {t('bulk-resends.history.ineligible', { count: r.ineligible })}
                    </div>
                  )}
                </td>
                <td className="actions">
                  {r.status === 'scheduled' && (
                    <button type="button" className="small" onClick={() => setMoving(r)}>
                      <T
                        id="bulk-resends.history.changeTime"
                        values={{ time: fullTime(r.createdAt), hidden }}
                      />
                    </button>
                  )}{' '}
                  {(r.status === 'scheduled' || r.status === 'running') && (
                    <button type="button" className="small" onClick={() => setCancelling(r)}>
                      <T id="bulk-resends.history.cancel" values={{ time: fullTime(r.createdAt), hidden }} />
                    </button>
                  )}
                </td>
              </tr>
            );
          }}
        />
        {more && (
          <LoadMoreButton
            onClick={loadMore}
            loading={loadingMore}
            loadingLabel={<T id="bulk-resends.history.loading" values={{ hidden }} />}
            label={<T id="bulk-resends.history.loadMore" values={{ hidden }} />}
          />
        )}
      </div>
      {moving && (
        <SendTimeDialog
          initial={moving.sendAt}
          intro={
            <p>
              {t('bulk-resends.history.moveIntro', { time: fullTime(moving.createdAt), count: moving.total })}
            </p>
          }
          onClose={() => setMoving(null)}
          onSave={async (sendAt) => {
            try {
              const updated = await patch<BulkResendRun>(`${base}/${moving.id}`, { sendAt });
              replace(updated);
              const text = t('bulk-resends.history.moved', { time: fullTime(updated.sendAt ?? sendAt) });
              setAnnounce(text);
              toast('success', text);
              setMoving(null);
            } catch (e) {
              // It started or was cancelled meanwhile: show it as it is now.
              if (e instanceof ApiError && e.status === 409) load();
              throw e;
            }
          }}
        />
      )}
      {cancelling && (
        <ConfirmDialog
          title={t('bulk-resends.cancel.title')}
          danger
          confirmLabel={t('bulk-resends.cancel.confirm')}
          cancelLabel={t('bulk-resends.cancel.keep')}
          body={
            cancelling.status === 'scheduled' ? (
              <p>
                {t('bulk-resends.cancel.scheduledBody', {
                  time: fullTime(cancelling.sendAt),
                  count: cancelling.total,
                })}
              </p>
            ) : (
              <p>
                {t('bulk-resends.cancel.runningBody', { sent: cancelling.sent, total: cancelling.total })}
              </p>
            )
          }
          onClose={() => setCancelling(null)}
          onConfirm={() => cancel(cancelling)}
        />
      )}
    </section>
  );
}
