import { type FormEvent, useRef, useState } from 'react';
import { ApiError, get, patch, post, upload } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { PageHead } from '../console/page-head.tsx';
import { CreditAllowance } from '../credits/credit-balance.tsx';
import { creditsChanged } from '../credits/people-credits.tsx';
import { useCreditBalance } from '../credits/use-credit-balance.ts';
import { usePoll } from '../data/use-poll.ts';
import { useQuery } from '../data/use-query.ts';
import { T, useT } from '../i18n/use-t.tsx';
import { sendTimeProblem } from '../send-time/send-when.tsx';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { errorText } from '../ui/error-text.ts';
import { SendTimeDialog } from '../ui/send-time-dialog.tsx';
import { fullTime, toLocalInput } from '../ui/time.tsx';
import { useToast } from '../ui/toast.tsx';
import type { ImportDto, Preview } from './import-dto.ts';
import { ImportHistory } from './import-history.tsx';
import { finishedText, loadOutcomes } from './import-outcomes.tsx';
import { ImportProgress } from './import-progress.tsx';
import { PreviewPanel } from './preview-panel.tsx';
import { UploadForm } from './upload-form.tsx';

/** Spreadsheet import: template, upload, preview with every row's problem, confirm, progress, history (seed 002). */
export function ImportsPage() {
  const { org } = useOrg();
  const toast = useToast();
  const t = useT();
  const base = `/orgs/${org.id}/imports`;
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [current, setCurrent] = useState<ImportDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [allowTypos, setAllowTypos] = useState(false);
  const [later, setLater] = useState(false);
  const [sendAt, setSendAt] = useState(toLocalInput(new Date(Date.now() + 3600_000)));
  const [confirming, setConfirming] = useState(false);
  const [moving, setMoving] = useState<ImportDto | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  function choose(f: File | null) {
    setFile(f);
    setPreview(null);
    setError(null);
  }

  const historyQuery = useQuery<{ items: ImportDto[] }>(`${base}?limit=20`);
  const history = historyQuery.error ? [] : (historyQuery.data?.items ?? null);
  const loadHistory = historyQuery.reload;

  /** An import that stopped running: the history, the balance and a toast say how it ended. */
  async function announceEnd(ended: ImportDto) {
    loadHistory();
    creditsChanged();
    if (ended.status === 'done') {
      // A green "finished" only when no row was refused; credits running out is said as such.
      const done = await loadOutcomes(org.id, ended.id).then(
        (outcomes) => finishedText(outcomes, t),
        () => ({
          kind: ended.failed ? ('error' as const) : ('success' as const),
          text: t('imports.outcomes.finished', {
            created: ended.created,
            skipped: ended.skipped,
            failed: ended.failed,
          }),
        }),
      );
      toast(done.kind, done.text);
    } else
      toast(
        'error',
        ended.error
          ? t('imports.endedWithError', { status: ended.status, error: ended.error })
          : t('imports.ended', { status: ended.status }),
      );
  }

  // Progress: poll the running import until it ends.
  usePoll(
    async () => {
      if (!current) return;
      try {
        const next = await get<ImportDto>(`${base}/${current.id}`);
        setCurrent(next);
        if (next.status !== 'running') await announceEnd(next);
      } catch (e) {
        setError(errorText(e));
      }
    },
    current?.status === 'running' ? 1000 : null,
  );

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return setError(t('imports.chooseFile'));
    setBusy(true);
    setError(null);
    setCurrent(null);
    try {
      setPreview(await upload<Preview>(base, file));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const sendable = preview ? preview.valid + (allowTypos ? preview.typos : 0) : 0;
  const { credits } = useCreditBalance(org.id);

  async function confirm() {
    if (!preview) return;
    try {
      const body: Record<string, unknown> = {};
      if (allowTypos) body.allowTypos = true;
      if (later) body.sendAt = new Date(sendAt).toISOString();
      await post(`${base}/${preview.id}/confirm`, body);
      setConfirming(false);
      const started = await get<ImportDto>(`${base}/${preview.id}`);
      setCurrent(started);
      setPreview(null);
      setFile(null);
      if (fileRef.current) fileRef.current.value = '';
      toast('success', later ? t('imports.confirmedScheduled') : t('imports.confirmedSending'));
      // A small import can be done before this first look: nothing would poll it.
      if (started.status !== 'running') await announceEnd(started);
      else loadHistory();
    } catch (e) {
      setConfirming(false);
      toast('error', errorText(e));
    }
  }

  async function cancelImport(imp: ImportDto) {
    try {
      const r = await post<ImportDto & { cancelledInvitations: number }>(`${base}/${imp.id}/cancel`, {});
      setCurrent(r);
      toast(
        'success',
        r.cancelledInvitations
          ? t('imports.cancelledScheduled', { count: r.cancelledInvitations })
          : t('imports.stopped'),
      );
      loadHistory();
    } catch (e) {
      toast('error', errorText(e));
    }
  }

  async function move(imp: ImportDto, at: string) {
    let r: ImportDto & { movedInvitations: number };
    try {
      r = await patch<ImportDto & { movedInvitations: number }>(`${base}/${imp.id}`, { sendAt: at });
    } catch (e) {
      // Sent or cancelled meanwhile: the history shows it as it is now; the dialog shows why.
      if (e instanceof ApiError && e.status === 409) loadHistory();
      throw e;
    }
    setCurrent((c) => (c?.id === r.id ? r : c));
    setMoving(null);
    toast('success', t('imports.moved', { count: r.movedInvitations, time: fullTime(r.sendAt ?? at) }));
    loadHistory();
  }

  async function discard() {
    if (!preview) return;
    try {
      await post(`${base}/${preview.id}/cancel`, {});
    } catch {
      // a preview that is already gone needs nothing
    }
    setPreview(null);
    loadHistory();
  }

  return (
    <>
      <PageHead title={t('imports.title')} lead={t('imports.lead')} />
      <UploadForm
        base={base}
        file={file}
        busy={busy}
        error={error}
        fileRef={fileRef}
        onChoose={choose}
        onSubmit={submit}
      />

      {preview && (
        <PreviewPanel
          preview={preview}
          base={base}
          allowTypos={allowTypos}
          onAllowTypos={setAllowTypos}
          later={later}
          onLater={setLater}
          sendAt={sendAt}
          onSendAt={setSendAt}
          credits={credits}
          sendable={sendable}
          onDiscard={discard}
          onInvite={() => {
            const timeProblem = later ? sendTimeProblem(sendAt) : null;
            setError(timeProblem);
            if (!timeProblem) setConfirming(true);
          }}
        />
      )}

      {current && (
        <ImportProgress
          current={current}
          base={base}
          orgId={org.id}
          onMove={setMoving}
          onCancel={cancelImport}
        />
      )}

      <ImportHistory
        history={history}
        base={base}
        currentId={current?.id}
        onMove={setMoving}
        onShowProgress={setCurrent}
      />

      {moving && (
        <SendTimeDialog
          initial={moving.sendAt}
          intro={
            <p>
              <T
                id="imports.moveIntro"
                values={{
                  file: moving.fileName ?? t('imports.thisImport'),
                  b: (chunks) => <strong>{chunks}</strong>,
                }}
              />
            </p>
          }
          onClose={() => setMoving(null)}
          onSave={(at) => move(moving, at)}
        />
      )}

      {confirming && preview && (
        <ConfirmDialog
          title={t('imports.confirm.title')}
          cancelLabel={t('imports.confirm.goBack')}
          confirmLabel={
            later
              ? t('imports.confirm.schedule', { count: sendable })
              : t('imports.confirm.send', { count: sendable })
          }
          body={
            <>
              <p>
                {later
                  ? t('imports.confirm.bodyLater', {
                      count: sendable,
                      time: fullTime(new Date(sendAt).toISOString()),
                    })
                  : t('imports.confirm.bodyNow', { count: sendable })}{' '}
                {t('imports.confirm.skipped')}
              </p>
              <CreditAllowance credits={credits} wanted={sendable} />
            </>
          }
          onClose={() => setConfirming(false)}
          onConfirm={confirm}
        />
      )}
    </>
  );
}
