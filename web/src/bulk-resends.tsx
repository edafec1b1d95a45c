import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { ApiError, get, patch, post } from './api.ts';
import { useOrg } from './console.tsx';
import { ConfirmDialog, errorText, FormError, fullTime, SendTimeDialog, Spinner, useToast } from './ui.tsx';

/** A background bulk resend as GET …/invitations/bulk-resends lists it. */
export interface BulkResendRun {
  id: string;
  status: 'scheduled' | 'running' | 'done' | 'failed' | 'cancelled';
  total: number;
  processed: number;
  sent: number;
  refused: number;
  ineligible: number;
  sendAt: string | null;
  templateId: string | null;
  requirePasswordChange: boolean;
  createdAt: string;
  createdBy: { type: 'user' | 'api_key'; id: string; name: string };
  finishedAt: string | null;
  error: string | null;
  cancelledBy: string | null;
}

const STATUS_TEXT: Record<BulkResendRun['status'], string> = {
  scheduled: 'Scheduled',
  running: 'Sending…',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const STATUS_CLASS: Record<BulkResendRun['status'], string> = {
  scheduled: 'status-scheduled',
  running: 'status-pending',
  done: 'status-accepted',
  failed: 'status-problem',
  cancelled: 'status-cancelled',
};

const PAGE = 10;
const HOUR = 3_600_000;

/** Waiting for the job: running, or scheduled with its time come. */
const due = (r: BulkResendRun) =>
  r.status === 'running' ||
  (r.status === 'scheduled' && !!r.sendAt && new Date(r.sendAt).getTime() <= Date.now());

function statusDetail(r: BulkResendRun): string | null {
  switch (r.status) {
    case 'scheduled':
      return r.sendAt ? `for ${fullTime(r.sendAt)}` : null;
    case 'running':
      return `${r.processed} of ${r.total} processed`;
    case 'done':
      return r.finishedAt ? `finished ${fullTime(r.finishedAt)}` : null;
    case 'cancelled':
      return [r.cancelledBy ? `by ${r.cancelledBy}` : null, r.finishedAt ? fullTime(r.finishedAt) : null]
        .filter(Boolean)
        .join(', ');
    case 'failed':
      return r.error;
  }
}

/**
 * The bulk resends of the organization, newest first (a collapsible panel below the invitation
 * list): a scheduled run can be moved or cancelled, a running one cancelled. It opens by itself
 * when a run waits or sends, and when `reveal` names a run just started.
 */
export function BulkResendHistory({ refreshKey, reveal }: { refreshKey: number; reveal: string | null }) {
  const { org } = useOrg();
  const toast = useToast();
  const base = `/orgs/${org.id}/invitations/bulk-resends`;
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<BulkResendRun[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moving, setMoving] = useState<BulkResendRun | null>(null);
  const [cancelling, setCancelling] = useState<BulkResendRun | null>(null);
  const [announce, setAnnounce] = useState('');
  const headingId = useId();
  const panelId = useId();
  const decided = useRef(false);

  const load = useCallback(async () => {
    try {
      const r = await get<{ items: BulkResendRun[]; nextCursor: string | null }>(`${base}?limit=${PAGE}`);
      setItems(r.items);
      setNextCursor(r.nextCursor);
      setError(null);
      if (!decided.current) {
        decided.current = true;
        if (r.items.some((x) => x.status === 'scheduled' || x.status === 'running')) setOpen(true);
      }
    } catch (e) {
      setError(errorText(e));
      setItems((old) => old ?? []);
    }
  }, [base]);

  // Loaded at once (to open when something waits) and again whenever the tab says so.
  useEffect(() => {
    if (refreshKey >= 0) load();
  }, [load, refreshKey]);

  useEffect(() => {
    if (reveal) setOpen(true);
  }, [reveal]);

  // While a run sends (or its time has come), follow its counters. Until a scheduled run's time
  // comes, wait for it: then this runs again (a new list, same rows) and follows that run.
  useEffect(() => {
    if (!open || !items) return;
    const active = items.filter(due).slice(0, PAGE);
    if (!active.length) {
      const next = Math.min(
        ...items
          .filter((r) => r.status === 'scheduled' && r.sendAt)
          .map((r) => new Date(r.sendAt!).getTime()),
      );
      if (!Number.isFinite(next)) return;
      const t = setTimeout(
        () => setItems((all) => all && [...all]),
        Math.min(next - Date.now() + 1000, HOUR),
      );
      return () => clearTimeout(t);
    }
    const t = setTimeout(async () => {
      const fresh = await Promise.all(
        active.map((r) =>
          get<BulkResendRun & { refusals?: unknown; refusalsTruncated?: boolean }>(`${base}/${r.id}`).then(
            ({ refusals: _r, refusalsTruncated: _t, ...run }) => run,
            () => r,
          ),
        ),
      );
      setItems((all) => all?.map((x) => fresh.find((f) => f.id === x.id) ?? x) ?? null);
    }, 2000);
    return () => clearTimeout(t);
  }, [open, items, base]);

  const replace = (run: BulkResendRun) =>
    setItems((all) => all?.map((x) => (x.id === run.id ? { ...x, ...run } : x)) ?? null);

  async function loadMore() {
    if (!nextCursor) return;
    setLoadingMore(true);
    try {
      const r = await get<{ items: BulkResendRun[]; nextCursor: string | null }>(
        `${base}?limit=${PAGE}&cursor=${encodeURIComponent(nextCursor)}`,
      );
      setItems((old) => [...(old ?? []), ...r.items]);
      setNextCursor(r.nextCursor);
      setAnnounce(`${r.items.length} more bulk resend${r.items.length === 1 ? '' : 's'} loaded.`);
    } catch (e) {
      toast('error', errorText(e));
    } finally {
      setLoadingMore(false);
    }
  }

  async function cancel(run: BulkResendRun) {
    try {
      const updated = await post<BulkResendRun>(`${base}/${run.id}/cancel`, {});
      replace(updated);
      setAnnounce(`Bulk resend cancelled.`);
      toast(
        'success',
        run.status === 'scheduled'
          ? 'Bulk resend cancelled: nothing was sent.'
          : `Bulk resend cancelled: ${updated.sent} emails had been sent.`,
      );
      setCancelling(null);
    } catch (e) {
      toast('error', errorText(e));
      setCancelling(null);
      if (e instanceof ApiError && (e.status === 409 || e.status === 404)) load();
    }
  }

  const runName = (r: BulkResendRun) => `the bulk resend of ${fullTime(r.createdAt)}`;

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
          Bulk resends
        </button>
      </h2>
      <div id={panelId} className="disclosure-body" hidden={!open}>
        <p className="muted small">
          Bulk resends with a send time, or for many people, run in the background. A scheduled one can be
          moved or cancelled until it starts: nothing is sent and no link changes before then.
        </p>
        <p className="visually-hidden" role="status" aria-live="polite">
          {announce}
        </p>
        <FormError error={error} />
        {!items ? (
          <Spinner />
        ) : items.length === 0 ? (
          <p className="muted">No bulk resend has run in the background yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="table bulk-resends">
              <caption className="visually-hidden">Bulk resends, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Status</th>
                  <th scope="col">Send time</th>
                  <th scope="col" className="num">
                    Sent
                  </th>
                  <th scope="col" className="num">
                    Refused
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => {
                  const detail = statusDetail(r);
                  return (
                    <tr key={r.id} data-run-id={r.id}>
                      <td data-label="Started">
                        {fullTime(r.createdAt)}
                        <div className="muted small">
                          by {r.createdBy.name}
                          {r.createdBy.type === 'api_key' ? ' (API key)' : ''}
                        </div>
                      </td>
                      <td data-label="Status" className="run-status">
                        <span className={`badge ${STATUS_CLASS[r.status]}`}>{STATUS_TEXT[r.status]}</span>
                        {detail && <div className="muted small">{detail}</div>}
                      </td>
                      <td data-label="Send time">{r.sendAt ? fullTime(r.sendAt) : 'At once'}</td>
                      <td data-label="Sent" className="num">
                        {r.sent} / {r.total}
                      </td>
                      <td data-label="Refused" className="num">
                        {r.refused}
                        {r.ineligible > 0 && (
                          <div className="muted small">+{r.ineligible} not eligible at selection</div>
                        )}
                      </td>
                      <td className="actions">
                        {r.status === 'scheduled' && (
                          <button type="button" className="small" onClick={() => setMoving(r)}>
                            Change send time<span className="visually-hidden"> of {runName(r)}</span>
                          </button>
                        )}{' '}
                        {(r.status === 'scheduled' || r.status === 'running') && (
                          <button type="button" className="small" onClick={() => setCancelling(r)}>
                            Cancel<span className="visually-hidden"> {runName(r)}</span>
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {nextCursor && (
          <p className="center">
            <button type="button" onClick={loadMore} disabled={loadingMore}>
              {loadingMore ? 'Loading…' : 'Load more'}
              <span className="visually-hidden"> bulk resends</span>
            </button>
          </p>
        )}
      </div>
      {moving && (
        <SendTimeDialog
          initial={moving.sendAt}
          intro={
            <p>
              The emails of {runName(moving)} ({moving.total} {moving.total === 1 ? 'person' : 'people'}) go
              out at the new time; nothing changes until then.
            </p>
          }
          onClose={() => setMoving(null)}
          onSave={async (sendAt) => {
            try {
              const updated = await patch<BulkResendRun>(`${base}/${moving.id}`, { sendAt });
              replace(updated);
              const text = `Bulk resend moved to ${fullTime(updated.sendAt ?? sendAt)}.`;
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
          title="Cancel this bulk resend?"
          danger
          confirmLabel="Cancel the bulk resend"
          cancelLabel="Keep it"
          body={
            cancelling.status === 'scheduled' ? (
              <p>
                The bulk resend scheduled for {fullTime(cancelling.sendAt)} will not go. Nothing is sent to
                the {cancelling.total} {cancelling.total === 1 ? 'person' : 'people'} selected, and no link
                changes.
              </p>
            ) : (
              <p>
                The batch in progress finishes, then no further email is sent. What was sent stays sent (
                {cancelling.sent} of {cancelling.total} so far).
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
