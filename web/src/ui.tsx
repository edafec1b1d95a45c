import {
  createContext,
  type FormEvent,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import { ApiError } from './api.ts';

// ---------- Toasts (aria-live) ----------

interface Toast {
  id: number;
  kind: 'success' | 'error';
  text: string;
}
const ToastContext = createContext<(kind: Toast['kind'], text: string) => void>(() => {});
export const useToast = () => useContext(ToastContext);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const push = useCallback((kind: Toast['kind'], text: string) => {
    const id = next.current++;
    setToasts((t) => [...t.slice(-3), { id, kind, text }]);
    setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), kind === 'error' ? 9000 : 5000);
  }, []);
  return (
    <ToastContext.Provider value={push}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.kind}`} data-testid={`toast-${t.kind}`}>
            <span aria-hidden="true">{t.kind === 'success' ? '✓' : '!'}</span> {t.text}
            <button
              type="button"
              className="link"
              aria-label="Dismiss"
              onClick={() => setToasts((all) => all.filter((x) => x.id !== t.id))}
            >
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429 && error.retryAfter) return `${error.message}`;
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

// ---------- Dialog (native <dialog>, modal: focus trapped, Escape closes) ----------

export function Dialog({
  title,
  onClose,
  children,
  wide,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    opener.current = document.activeElement;
    const d = ref.current!;
    if (!d.open) d.showModal();
    const first = d.querySelector<HTMLElement>(
      '[autofocus], input, select, textarea, button:not(.dialog-close)',
    );
    first?.focus();
    return () => {
      (opener.current as HTMLElement | null)?.focus?.();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog wide' : 'dialog'}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon dialog-close" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      {children}
    </dialog>
  );
}

export function ConfirmDialog({
  title,
  body,
  confirmLabel,
  cancelLabel = 'Keep it',
  danger,
  onConfirm,
  onClose,
}: {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
  onConfirm: () => Promise<void> | void;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  return (
    <Dialog title={title} onClose={onClose}>
      <div className="dialog-body">{body}</div>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          {cancelLabel}
        </button>
        <button
          type="button"
          className={danger ? 'danger' : 'primary'}
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await onConfirm();
            } finally {
              setBusy(false);
            }
          }}
        >
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}

// ---------- Send time (datetime-local in the person's time zone) ----------

/** A value for <input type="datetime-local">: the given time (default: in an hour), local, to the minute. */
export function toLocalInput(value?: string | Date | null): string {
  const d = value ? new Date(value) : new Date(Date.now() + 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * "Change send time": one datetime-local field. `onSave` gets the ISO time and does the request
 * (and closes); what it throws is shown in the dialog, the server's message as it is.
 */
export function SendTimeDialog({
  title = 'Change send time',
  intro,
  initial,
  onSave,
  onClose,
}: {
  title?: string;
  intro?: ReactNode;
  initial: string | null | undefined;
  onSave: (sendAt: string) => Promise<void>;
  onClose: () => void;
}) {
  const [when, setWhen] = useState(toLocalInput(initial));
  const [error, setError] = useState<{ text: string; field: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const at = new Date(when);
    if (!when || Number.isNaN(at.getTime())) {
      setError({ text: 'Choose a date and a time.', field: true });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSave(at.toISOString());
    } catch (err) {
      setError({
        text: errorText(err),
        field: !(err instanceof ApiError) || !err.field || err.field === 'sendAt',
      });
      setBusy(false);
    }
  }
  return (
    <Dialog title={title} onClose={onClose}>
      <form onSubmit={submit} className="dialog-body" noValidate>
        {intro}
        <FormError error={error?.text ?? null} />
        <Field label="Send at (your local time)">
          {(p) => (
            <input
              {...p}
              type="datetime-local"
              required
              aria-invalid={error?.field ? true : undefined}
              value={when}
              onChange={(e) => setWhen(e.target.value)}
            />
          )}
        </Field>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

// ---------- Menu button (⋮) with roving focus ----------

export function MenuButton({
  label,
  items,
}: {
  label: string;
  items: Array<{ label: string; onSelect: () => void; danger?: boolean }>;
}) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onDoc = (e: MouseEvent) => {
      if (!menuRef.current?.contains(e.target as Node) && !buttonRef.current?.contains(e.target as Node))
        setOpen(false);
    };
    document.addEventListener('mousedown', onDoc);
    return () => document.removeEventListener('mousedown', onDoc);
  }, [open]);
  const close = (focus = true) => {
    setOpen(false);
    if (focus) buttonRef.current?.focus();
  };
  return (
    <div className="menu-wrap">
      <button
        ref={buttonRef}
        type="button"
        className="icon"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={label}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        ⋮
      </button>
      {open && (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          className="menu"
          aria-label={label}
          onKeyDown={(e) => {
            const all = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
            const i = all.indexOf(document.activeElement as HTMLElement);
            if (e.key === 'Escape') {
              e.preventDefault();
              close();
            } else if (e.key === 'ArrowDown') {
              e.preventDefault();
              all[(i + 1) % all.length]?.focus();
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              all[(i - 1 + all.length) % all.length]?.focus();
            } else if (e.key === 'Home') {
              e.preventDefault();
              all[0]?.focus();
            } else if (e.key === 'End') {
              e.preventDefault();
              all[all.length - 1]?.focus();
            } else if (e.key === 'Tab') {
              close(false);
            }
          }}
        >
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className={item.danger ? 'danger-text' : undefined}
              onClick={() => {
                close(false);
                item.onSelect();
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

// ---------- Tooltip (focusable, described-by) ----------

export function Tip({ text, children }: { text: string; children: ReactNode }) {
  const id = useId();
  return (
    <span className="tip">
      <button type="button" aria-describedby={id} className="tip-anchor">
        {children}
      </button>
      <span role="tooltip" id={id} className="tip-text">
        {text}
      </span>
    </span>
  );
}

// ---------- Form helpers ----------

export function Field({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: ReactNode;
  error?: string | null;
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      {hint && (
        <div className="hint" id={hintId}>
          {hint}
        </div>
      )}
      {error && (
        <div className="error-text" id={errorId}>
          {error}
        </div>
      )}
    </div>
  );
}

export function FormError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <div className="alert alert-error" role="alert">
      {error}
    </div>
  );
}

// ---------- Password strength ----------

export function passwordProblem(password: string, context: string[] = []): string | null {
  if (password.length < 10) return 'Use at least 10 characters.';
  if (password.length > 200) return 'Use at most 200 characters.';
  if (new Set(password).size < 4) return 'Use more varied characters.';
  const lower = password.toLowerCase();
  for (const word of context) {
    if (word && word.length >= 4 && lower.includes(word.toLowerCase()))
      return 'Do not include your name or email address.';
  }
  if (['password', '1234567890', 'qwertyuiop'].some((w) => lower.includes(w)))
    return 'That password is too common.';
  return null;
}

function strengthScore(password: string): number {
  if (!password) return 0;
  let score = 0;
  if (password.length >= 10) score++;
  if (password.length >= 14) score++;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(password)).length;
  if (classes >= 2) score++;
  if (classes >= 3 && password.length >= 12) score++;
  return Math.min(score, 4);
}

export function PasswordInput({
  label,
  value,
  onChange,
  context = [],
  autoComplete = 'new-password',
  showStrength = true,
  name,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  context?: string[];
  autoComplete?: string;
  showStrength?: boolean;
  name?: string;
}) {
  const [visible, setVisible] = useState(false);
  const problem = value ? passwordProblem(value, context) : null;
  const score = problem ? Math.min(strengthScore(value), 1) : strengthScore(value);
  const words = ['Too weak', 'Weak', 'Fair', 'Good', 'Strong'];
  return (
    <Field
      label={label}
      hint={
        showStrength ? (
          <span aria-live="polite">
            {value ? (
              <>
                <span className={`meter meter-${score}`} aria-hidden="true">
                  <span />
                </span>{' '}
                Strength: {words[score]}
                {problem ? ` — ${problem}` : ''}
              </>
            ) : (
              'At least 10 characters; a few words make a good password.'
            )}
          </span>
        ) : undefined
      }
    >
      {(props) => (
        <div className="input-row">
          <input
            {...props}
            name={name}
            type={visible ? 'text' : 'password'}
            value={value}
            autoComplete={autoComplete}
            required
            onChange={(e) => onChange(e.target.value)}
          />
          <button
            type="button"
            className="small"
            aria-pressed={visible}
            onClick={() => setVisible((v) => !v)}
          >
            {visible ? 'Hide' : 'Show'}
          </button>
        </div>
      )}
    </Field>
  );
}

// ---------- Time ----------

const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
export function relativeTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const diff = (new Date(iso).getTime() - now) / 1000;
  const abs = Math.abs(diff);
  if (abs < 45) return diff < 0 ? 'just now' : 'in a moment';
  if (abs < 3600) return rtf.format(Math.round(diff / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(diff / 3600), 'hour');
  if (abs < 86400 * 30) return rtf.format(Math.round(diff / 86400), 'day');
  if (abs < 86400 * 365) return rtf.format(Math.round(diff / (86400 * 30)), 'month');
  return rtf.format(Math.round(diff / (86400 * 365)), 'year');
}

export function fullTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

export function Time({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span>—</span>;
  return (
    <time dateTime={iso} title={fullTime(iso)}>
      {relativeTime(iso)}
    </time>
  );
}

export function Spinner({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="muted" role="status">
      {label}
    </p>
  );
}

export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    document.execCommand('copy');
    ta.remove();
  }
}

/** A labelled progress bar for long work (imports, bulk resends); `what` names the units. */
export function ProgressBar({
  id,
  label,
  done,
  total,
  what,
}: {
  id: string;
  label: string;
  done: number;
  total: number;
  what: string;
}) {
  return (
    <>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <progress
        id={id}
        className="progress"
        max={Math.max(total, 1)}
        value={done}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${total} ${what} processed`}
      />
    </>
  );
}
