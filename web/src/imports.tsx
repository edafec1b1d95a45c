import { type DragEvent, type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, get, patch, post, upload } from './api.ts';
import { PageHead, useOrg } from './console.tsx';
import {
  ConfirmDialog,
  errorText,
  Field,
  FormError,
  fullTime,
  ProgressBar,
  SendTimeDialog,
  Spinner,
  toLocalInput,
  useToast,
} from './ui.tsx';

interface ImportDto {
  id: string;
  status: 'preview' | 'running' | 'done' | 'failed' | 'cancelled';
  fileName: string | null;
  fileType: string;
  total: number;
  valid: number;
  processed: number;
  created: number;
  skipped: number;
  failed: number;
  unknownColumns: string[];
  sendAt: string | null;
  createdAt: string;
  createdBy: { id: string | null; name: string | null };
  finishedAt: string | null;
  error: string | null;
}

interface Preview extends ImportDto {
  problems: Array<{ row: number; column: string; code: string; message: string }>;
  problemCount: number;
  problemsTruncated: boolean;
  typos: number;
  columns: string[];
  rowLimit: number;
}

const STATUS_TEXT: Record<ImportDto['status'], string> = {
  preview: 'Preview (not sent)',
  running: 'Sending…',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** Confirmed with a send time still to come: its invitations wait (and it can be moved). */
const waiting = (i: ImportDto) =>
  (i.status === 'running' || i.status === 'done') && !!i.sendAt && new Date(i.sendAt) > new Date();

/** Spreadsheet import: template, upload, preview with every row's problem, confirm, progress, history (seed 002). */
export function ImportsPage() {
  const { org } = useOrg();
  const toast = useToast();
  const base = `/orgs/${org.id}/imports`;
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [current, setCurrent] = useState<ImportDto | null>(null);
  const [history, setHistory] = useState<ImportDto[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [allowTypos, setAllowTypos] = useState(false);
  const [later, setLater] = useState(false);
  const [sendAt, setSendAt] = useState(toLocalInput(new Date(Date.now() + 3600_000)));
  const [confirming, setConfirming] = useState(false);
  const [moving, setMoving] = useState<ImportDto | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);

  function choose(f: File | null) {
    setFile(f);
    setPreview(null);
    setError(null);
  }

  function onDrop(e: DragEvent<HTMLFieldSetElement>) {
    e.preventDefault();
    setDragging(false);
    const dropped = e.dataTransfer.files;
    if (!dropped.length) return;
    if (fileRef.current) fileRef.current.files = dropped;
    choose(dropped[0] ?? null);
  }

  const loadHistory = useCallback(
    () =>
      get<{ items: ImportDto[] }>(`${base}?limit=20`).then(
        (r) => setHistory(r.items),
        () => setHistory([]),
      ),
    [base],
  );
  useEffect(() => {
    loadHistory();
  }, [loadHistory]);

  // Progress: poll the running import until it ends.
  useEffect(() => {
    if (current?.status !== 'running') return;
    const t = setTimeout(async () => {
      try {
        const next = await get<ImportDto>(`${base}/${current.id}`);
        setCurrent(next);
        if (next.status !== 'running') {
          loadHistory();
          toast(
            next.status === 'done' ? 'success' : 'error',
            next.status === 'done'
              ? `Import finished: ${next.created} invited, ${next.skipped} skipped, ${next.failed} failed.`
              : `Import ${next.status}${next.error ? `: ${next.error}` : '.'}`,
          );
        }
      } catch (e) {
        setError(errorText(e));
      }
    }, 1000);
    return () => clearTimeout(t);
  }, [current, base, loadHistory, toast]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return setError('Choose a CSV or XLSX file first.');
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

  async function confirm() {
    if (!preview) return;
    try {
      const body: Record<string, unknown> = {};
      if (allowTypos) body.allowTypos = true;
      if (later) body.sendAt = new Date(sendAt).toISOString();
      await post(`${base}/${preview.id}/confirm`, body);
      setConfirming(false);
      setCurrent(await get<ImportDto>(`${base}/${preview.id}`));
      setPreview(null);
      setFile(null);
      if (fileRef.current) fileRef.current.value = '';
      toast(
        'success',
        later ? 'Import confirmed: invitations are scheduled.' : 'Import confirmed: sending invitations.',
      );
      loadHistory();
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
          ? `Cancelled ${r.cancelledInvitations} scheduled invitations.`
          : 'Import stopped: the remaining rows were skipped.',
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
    toast(
      'success',
      `Send time changed: ${r.movedInvitations} invitation${r.movedInvitations === 1 ? '' : 's'} will be sent ${fullTime(r.sendAt ?? at)}.`,
    );
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
      <PageHead
        title="Import"
        lead="Invite many people at once from a spreadsheet. Nothing is sent until you have seen the preview and confirmed."
      />
      <section className="panel" aria-labelledby="import-upload">
        <h2 id="import-upload">1. Upload a spreadsheet</h2>
        <p>
          Start from the template:{' '}
          <a href={`/api/v1${base}/template.csv`} download>
            CSV template
          </a>{' '}
          ·{' '}
          <a href={`/api/v1${base}/template.xlsx`} download>
            XLSX template
          </a>
          . Columns: <code>email</code> (required), <code>groups</code> (names separated by “;”),{' '}
          <code>role</code> (default learner).
        </p>
        <form onSubmit={submit} className="inline-form">
          {/* The whole area takes a dropped file; the input stays the keyboard and screen-reader way in. */}
          <fieldset
            className={dragging ? 'drop-zone dragging' : 'drop-zone'}
            aria-label="Upload or drop a spreadsheet"
            data-testid="import-drop-zone"
            onDragEnter={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragOver={(e) => e.preventDefault()}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            style={{
              border: `2px dashed ${dragging ? 'var(--accent)' : 'var(--line, #cbd2d9)'}`,
              borderRadius: 8,
              padding: '0.75rem 1rem',
              margin: 0,
              minWidth: 0,
            }}
          >
            <Field label="Spreadsheet file (CSV or XLSX)" hint="Choose a file, or drop it here.">
              {(p) => (
                <input
                  {...p}
                  ref={fileRef}
                  type="file"
                  accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                  onChange={(e) => choose(e.target.files?.[0] ?? null)}
                />
              )}
            </Field>
            {file && <p className="muted small">Selected: {file.name}</p>}
          </fieldset>
          <button type="submit" className="primary" disabled={busy || !file}>
            {busy ? 'Reading…' : 'Preview upload'}
          </button>
        </form>
        <FormError error={error} />
      </section>

      {preview && (
        <section className="panel" aria-labelledby="import-preview" data-testid="import-preview">
          <h2 id="import-preview">2. Check the preview</h2>
          <p>
            <strong>{preview.fileName ?? 'Your file'}</strong>: {preview.total} row
            {preview.total === 1 ? '' : 's'}, <strong>{preview.valid} ready to invite</strong>,{' '}
            {preview.problemCount} with a problem.
          </p>
          {preview.unknownColumns.length > 0 && (
            <p className="alert alert-warn">
              Ignored columns: {preview.unknownColumns.join(', ')}. Beckon reads email, groups and role.
            </p>
          )}
          {preview.problems.length > 0 && (
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">Problems found in the file</caption>
                <thead>
                  <tr>
                    <th scope="col">Row</th>
                    <th scope="col">Column</th>
                    <th scope="col">Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.problems.map((p) => (
                    <tr key={`${p.row}-${p.column}-${p.code}`}>
                      <td data-label="Row">{p.row}</td>
                      <td data-label="Column">{p.column}</td>
                      <td data-label="Problem">{p.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {preview.problemsTruncated && (
            <p className="muted small">
              Showing the first {preview.problems.length} problems; the results file lists every row.
            </p>
          )}
          {preview.typos > 0 && (
            <div className="field">
              <label className="check-label">
                <input
                  type="checkbox"
                  checked={allowTypos}
                  onChange={(e) => setAllowTypos(e.target.checked)}
                />{' '}
                Also invite the {preview.typos} address{preview.typos === 1 ? '' : 'es'} with a suspected
                typo, as typed
              </label>
            </div>
          )}
          <div className="field">
            <label className="check-label">
              <input type="checkbox" checked={later} onChange={(e) => setLater(e.target.checked)} /> Send
              later
            </label>
          </div>
          {later && (
            <Field label="Send at (your local time)">
              {(p) => (
                <input
                  {...p}
                  type="datetime-local"
                  value={sendAt}
                  onChange={(e) => setSendAt(e.target.value)}
                />
              )}
            </Field>
          )}
          <div className="page-actions">
            <button type="button" onClick={discard}>
              Discard
            </button>
            <button
              type="button"
              className="primary"
              disabled={sendable === 0}
              onClick={() => setConfirming(true)}
            >
              Invite {sendable} {sendable === 1 ? 'person' : 'people'}
            </button>
          </div>
        </section>
      )}

      {current && (
        <section className="panel" aria-labelledby="import-progress" data-testid="import-progress">
          <h2 id="import-progress">
            3. {current.status === 'running' ? 'Sending' : STATUS_TEXT[current.status]}
          </h2>
          <ProgressBar
            id="import-bar"
            label="Import progress"
            done={current.processed}
            total={current.total}
            what="rows"
          />
          <p role="status">
            {current.processed} of {current.total} processed · {current.created} invited · {current.skipped}{' '}
            skipped · {current.failed} failed
            {current.sendAt && new Date(current.sendAt) > new Date()
              ? ` · sending ${fullTime(current.sendAt)}`
              : ''}
          </p>
          {waiting(current) && (
            <button type="button" onClick={() => setMoving(current)}>
              Change send time
            </button>
          )}{' '}
          {(current.status === 'running' || waiting(current)) && (
            <button type="button" onClick={() => cancelImport(current)}>
              {current.status === 'running' ? 'Stop this import' : 'Cancel the scheduled invitations'}
            </button>
          )}
          {current.status !== 'running' && (
            <a href={`/api/v1${base}/${current.id}/results.csv`} download>
              Download the results (one line per row)
            </a>
          )}
        </section>
      )}

      <section aria-labelledby="import-history">
        <h2 id="import-history">Earlier imports</h2>
        {!history ? (
          <Spinner />
        ) : history.length === 0 ? (
          <p className="empty">No imports yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Earlier imports</caption>
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Uploaded</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Rows
                  </th>
                  <th scope="col" className="num">
                    Invited
                  </th>
                  <th scope="col" className="num">
                    Skipped
                  </th>
                  <th scope="col" className="num">
                    Failed
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Results</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {history.map((i) => (
                  <tr key={i.id}>
                    <td data-label="File">{i.fileName ?? '—'}</td>
                    <td data-label="Uploaded">
                      {fullTime(i.createdAt)}
                      {i.createdBy.name && <div className="muted small">by {i.createdBy.name}</div>}
                    </td>
                    <td data-label="Status">
                      {STATUS_TEXT[i.status]}
                      {waiting(i) && <div className="muted small">Scheduled for {fullTime(i.sendAt)}</div>}
                    </td>
                    <td data-label="Rows" className="num">
                      {i.total}
                    </td>
                    <td data-label="Invited" className="num">
                      {i.created}
                    </td>
                    <td data-label="Skipped" className="num">
                      {i.skipped}
                    </td>
                    <td data-label="Failed" className="num">
                      {i.failed}
                    </td>
                    <td className="actions">
                      {waiting(i) && (
                        <button type="button" className="link" onClick={() => setMoving(i)}>
                          Change send time
                          <span className="visually-hidden"> of {i.fileName ?? 'import'}</span>
                        </button>
                      )}{' '}
                      {i.status === 'running' && current?.id !== i.id && (
                        <button type="button" className="link" onClick={() => setCurrent(i)}>
                          Show progress<span className="visually-hidden"> of {i.fileName ?? 'import'}</span>
                        </button>
                      )}
                      {i.status !== 'preview' && (
                        <a href={`/api/v1${base}/${i.id}/results.csv`} download>
                          Results<span className="visually-hidden"> of {i.fileName ?? 'import'}</span>
                        </a>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {moving && (
        <SendTimeDialog
          initial={moving.sendAt}
          intro={
            <p>
              The invitations of <strong>{moving.fileName ?? 'this import'}</strong> not sent yet go out at
              the new time.
            </p>
          }
          onClose={() => setMoving(null)}
          onSave={(at) => move(moving, at)}
        />
      )}

      {confirming && preview && (
        <ConfirmDialog
          title="Are you sure?"
          cancelLabel="Go back"
          confirmLabel={later ? `Schedule ${sendable} invitations` : `Send ${sendable} invitations`}
          body={
            <p>
              {later
                ? `${sendable} invitations will be sent ${fullTime(new Date(sendAt).toISOString())}.`
                : `${sendable} invitation emails will be sent now.`}{' '}
              Rows with a problem are skipped.
            </p>
          }
          onClose={() => setConfirming(false)}
          onConfirm={confirm}
        />
      )}
    </>
  );
}
