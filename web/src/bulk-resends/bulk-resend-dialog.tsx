import { type ReactNode, useMemo, useState } from 'react';
import { get, post } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { useDebounced } from '../data/use-debounced.ts';
import { usePoll } from '../data/use-poll.ts';
import { useQuery } from '../data/use-query.ts';
import { msg, T, useT } from '../i18n/use-t.tsx';
import { SendWhen, sendTimeProblem } from '../send-time/send-when.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { errorText } from '../ui/error-text.ts';
import { Field } from '../ui/field.tsx';
import { FormError } from '../ui/form-error.tsx';
import { Spinner } from '../ui/spinner.tsx';
import { fullTime, toLocalInput } from '../ui/time.tsx';
import { useToast } from '../ui/toast.tsx';
import { BulkRunProgress } from './bulk-run-progress.tsx';
import { RefusalReason } from './refusal-reason.tsx';
import type { BulkAnswer, BulkRun, BulkTarget, TemplateItem } from './types.ts';

/** The dialog lists this many people per side; the counts say how many more. */
const BULK_LIST_SHOWN = 500;

/** What each person receives, as a message id. */
const BULK_ACTION: Record<string, string> = {
  resend: msg('bulk-resends.action.resend'),
  renew: msg('bulk-resends.action.renew'),
  account_ready: msg('bulk-resends.action.accountReady'),
};

const strong = (chunks: ReactNode[]) => <strong>{chunks}</strong>;

/**
 * Seed 004: who receives it, who is not eligible and why, which template, and when.
 * `onClose` gets the background run's id when one was started (running or scheduled).
 */
export function BulkResendDialog({
  target,
  onClose,
}: {
  target: BulkTarget;
  onClose: (changed: boolean, bulkResendId?: string) => void;
}) {
  const { org } = useOrg();
  const t = useT();
  const toast = useToast();
  const [problem, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [templateId, setTemplateId] = useState('');
  const [later, setLater] = useState(false);
  const [sendAt, setSendAt] = useState(toLocalInput(null));
  const [requirePasswordChange, setRequirePasswordChange] = useState(false);
  const [run, setRun] = useState<BulkRun | null>(null);
  const [scheduled, setScheduled] = useState<{ id: string; sendAt: string; people: number } | null>(null);
  const forMembers = Boolean(target.memberIds?.length || target.filter?.neverSignedIn);
  const body = useMemo(() => {
    const b: Record<string, unknown> = {};
    if (target.ids) b.ids = target.ids;
    if (target.memberIds) b.memberIds = target.memberIds;
    if (target.filter) b.filter = target.filter;
    return b;
  }, [target]);

  // The dry run judges people as of the chosen send time (a resend cooldown over by then, say);
  // asked again once the time stops changing, not at every keystroke in the field. It changes
  // nothing, so it is read like any query: its key is the path and the body it posts.
  const chosenTime = useMemo(() => {
    if (!later) return undefined;
    const at = new Date(sendAt);
    return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
  }, [later, sendAt]);
  const judgeAt = useDebounced(chosenTime, 400);
  const dryRunKey = useMemo(
    () =>
      `/orgs/${org.id}/invitations/bulk-resend ${JSON.stringify({ ...body, dryRun: true, ...(judgeAt ? { sendAt: judgeAt } : {}) })}`,
    [org.id, body, judgeAt],
  );
  const dryRun = useQuery<BulkAnswer>(dryRunKey, { load: postDryRun });
  const preview = dryRun.data;
  const error = problem ?? (dryRun.error ? errorText(dryRun.error) : null);

  const templateList = useQuery<{ items: TemplateItem[] }>(`/orgs/${org.id}/templates`);
  const templates = (templateList.data?.items ?? []).filter(
    (x) => x.kind === 'invitation' || x.kind === 'account_ready',
  );

  // A large run goes on in the background: poll its progress until it ends.
  usePoll(
    async () => {
      if (!run) return;
      try {
        const next = await get<BulkRun>(`/orgs/${org.id}/invitations/bulk-resends/${run.id}`);
        setRun(next);
        if (next.status === 'done')
          toast('success', t('bulk-resends.dialog.finished', { sent: next.sent, refused: next.refused }));
        else if (next.status === 'failed')
          toast(
            'error',
            next.error
              ? t('bulk-resends.dialog.stoppedWith', { error: next.error })
              : t('bulk-resends.dialog.stopped'),
          );
        else if (next.status === 'cancelled') toast('success', t('bulk-resends.dialog.cancelled'));
      } catch (e) {
        setError(errorText(e));
      }
    },
    run?.status === 'running' ? 1000 : null,
  );

  async function send() {
    const timeProblem = later ? sendTimeProblem(sendAt) : null;
    if (timeProblem) return setError(timeProblem);
    setBusy(true);
    try {
      const b: Record<string, unknown> = { ...body };
      if (templateId) b.templateId = templateId;
      if (later) b.sendAt = new Date(sendAt).toISOString();
      if (forMembers && requirePasswordChange) b.requirePasswordChange = true;
      const r = await post<BulkAnswer>(`/orgs/${org.id}/invitations/bulk-resend`, b);
      if (r.status === 'running' && r.bulkResendId) {
        setRun({
          id: r.bulkResendId,
          status: 'running',
          total: r.eligibleCount,
          processed: 0,
          sent: 0,
          refused: 0,
          error: null,
          refusals: [],
          refusalsTruncated: false,
        });
        setBusy(false);
        return;
      }
      if (r.status === 'scheduled' && r.bulkResendId) {
        const at = r.scheduledFor ?? new Date(sendAt).toISOString();
        setScheduled({ id: r.bulkResendId, sendAt: at, people: r.eligibleCount });
        toast('success', t('bulk-resends.dialog.scheduledToast', { time: fullTime(at) }));
        setBusy(false);
        return;
      }
      toast('success', t('bulk-resends.dialog.resending', { count: r.queued ?? r.eligibleCount }));
      onClose(true);
    } catch (e) {
      toast('error', errorText(e));
      setBusy(false);
    }
  }

  const started = run?.id ?? scheduled?.id;
  const finish = () => onClose(true, started);
  return (
    <Dialog title={t('bulk-resends.dialog.title')} onClose={started ? finish : () => onClose(false)} wide>
      <div className="dialog-body" data-testid="bulk-resend">
        <p className="muted">{target.label}</p>
        <FormError error={error} />
        {!preview && !error && <Spinner label={t('bulk-resends.dialog.checking')} />}
        {run && <BulkRunProgress run={run} />}
        {scheduled && (
          <section aria-labelledby="bulk-run-scheduled" data-testid="bulk-resend-scheduled">
            <h3 id="bulk-run-scheduled">{t('bulk-resends.dialog.scheduled')}</h3>
            <p role="status">
              <T
                id="bulk-resends.dialog.scheduledFor"
                values={{ time: fullTime(scheduled.sendAt), count: scheduled.people, b: strong }}
              />
            </p>
            <p className="muted">{t('bulk-resends.dialog.whereToChange')}</p>
          </section>
        )}
        {preview && !run && !scheduled && (
          <>
            <h3>{t('bulk-resends.dialog.willReceive', { count: preview.eligibleCount })}</h3>
            {preview.eligible.length ? (
              <ul className="plain-list scroll-list">
                {preview.eligible.slice(0, BULK_LIST_SHOWN).map((x) => (
                  <li key={`${x.type}-${x.id}`}>
                    {x.email}{' '}
                    <span className="muted small">
                      {t('bulk-resends.dialog.action', {
                        action: BULK_ACTION[x.action] ? t(BULK_ACTION[x.action]!) : x.action,
                      })}
                    </span>
                  </li>
                ))}
                {preview.eligibleCount > BULK_LIST_SHOWN && (
                  <li className="muted">
                    {t('bulk-resends.andMore', { count: preview.eligibleCount - BULK_LIST_SHOWN })}
                  </li>
                )}
              </ul>
            ) : (
              <p className="muted">{t('bulk-resends.dialog.nobody')}</p>
            )}
            {preview.ineligibleCount > 0 && (
              <>
                <h3>{t('bulk-resends.dialog.notEligible', { count: preview.ineligibleCount })}</h3>
                <ul className="plain-list scroll-list">
                  {preview.ineligible.slice(0, BULK_LIST_SHOWN).map((x) => (
                    <li key={`${x.type}-${x.id}`}>
                      {x.email} —{' '}
                      <span className="muted">
                        <RefusalReason refusal={x} />
                      </span>
                    </li>
                  ))}
                  {preview.ineligibleCount > BULK_LIST_SHOWN && (
                    <li className="muted">
                      {t('bulk-resends.andMore', { count: preview.ineligibleCount - BULK_LIST_SHOWN })}
                    </li>
                  )}
                </ul>
              </>
            )}
            <div className="grid-2">
              <Field label={t('bulk-resends.dialog.template')}>
                {(p) => (
                  <select {...p} value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
                    <option value="">{t('bulk-resends.dialog.defaultTemplate')}</option>
                    {templates.map((x) => (
                      <option key={x.id} value={x.id}>
                        {t('bulk-resends.dialog.templateOption', { name: x.name, kind: x.kind })}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            {forMembers && (
              <div className="field">
                <label className="check-label">
                  <input
                    type="checkbox"
                    checked={requirePasswordChange}
                    onChange={(e) => setRequirePasswordChange(e.target.checked)}
                  />{' '}
                  {t('bulk-resends.dialog.requirePasswordChange')}
                </label>
              </div>
            )}
            <SendWhen later={later} onLater={setLater} value={sendAt} onChange={setSendAt} />
          </>
        )}
      </div>
      <div className="dialog-actions">
        {run ? (
          <button type="button" className="primary" onClick={finish}>
            {run.status === 'running' ? t('bulk-resends.dialog.closeGoesOn') : t('bulk-resends.dialog.done')}
          </button>
        ) : scheduled ? (
          <button type="button" className="primary" onClick={finish}>
            {t('bulk-resends.dialog.done')}
          </button>
        ) : (
          <>
            <button type="button" onClick={() => onClose(false)}>
              {t('bulk-resends.dialog.cancel')}
            </button>
            <button
              type="button"
              className="primary"
              disabled={!preview?.eligibleCount || busy}
              onClick={send}
            >
              {later
                ? t('bulk-resends.dialog.scheduleTo', { count: preview?.eligibleCount ?? 0 })
                : t('bulk-resends.dialog.sendTo', { count: preview?.eligibleCount ?? 0 })}
            </button>
          </>
        )}
      </div>
    </Dialog>
  );
}

/** Posts a dry run keyed as "<path> <body as JSON>". */
function postDryRun(key: string): Promise<BulkAnswer> {
  const space = key.indexOf(' ');
  return post<BulkAnswer>(key.slice(0, space), JSON.parse(key.slice(space + 1)));
}
