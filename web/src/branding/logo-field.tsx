import { type ChangeEvent, useEffect, useId, useRef, useState } from 'react';
import { useT } from '../i18n/use-t.tsx';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import type { BrandingDto } from './types.ts';

/** The server's limit on a logo file (it refuses anything larger, a large file unread). */
const LOGO_MAX_BYTES = 256 * 1024;

/**
 * The logo: what is there now, a file picker and a remove button. The server checks the file
 * (type by its bytes, size, pixels); the picker narrows the choice and refuses a file too large
 * before sending it. A refusal shows under the picker, naming the file. Removing asks first: every
 * email not yet sent loses the picture. After an upload or a removal, focus returns to the picker
 * (the remove button may be gone, the picker is new).
 */
export function LogoField({
  logo,
  orgName,
  busy,
  error,
  onUpload,
  onRemove,
}: {
  logo: BrandingDto['logo'];
  orgName: string;
  busy: boolean;
  /** Why the last upload or removal failed, from the server. */
  error: string | null;
  onUpload: (file: File) => void;
  onRemove: () => void;
}) {
  const id = useId();
  const t = useT();
  const [key, setKey] = useState(0);
  const [picked, setPicked] = useState<{ name: string; tooBig?: number } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const refocus = useRef(false);
  useEffect(() => {
    if (!busy && refocus.current) {
      refocus.current = false;
      input.current?.focus();
    }
  });
  function pick(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    refocus.current = true;
    setKey((k) => k + 1); // the same file can be picked again after a refusal
    if (!file) return;
    if (file.size > LOGO_MAX_BYTES) {
      setPicked({ name: file.name, tooBig: Math.ceil(file.size / 1024) });
      return;
    }
    setPicked({ name: file.name });
    onUpload(file);
  }
  function remove() {
    refocus.current = true;
    setPicked(null);
    onRemove();
  }
  const problem = picked?.tooBig
    ? t('branding.logo.tooBig', { name: picked.name, kb: picked.tooBig, max: LOGO_MAX_BYTES / 1024 })
    : error && picked
      ? t('branding.logo.refused', { name: picked.name, reason: error })
      : error;
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{t('branding.logo.label')}</label>
      {logo ? (
        <div className="logo-preview">
          <img
            src={logo.url}
            alt={t('branding.logo.alt', { orgName })}
            width={logo.width}
            height={logo.height}
          />
          <span className="muted">
            {t('branding.logo.facts', {
              type: logo.contentType === 'image/png' ? 'PNG' : 'JPEG',
              width: logo.width,
              height: logo.height,
              kb: Math.max(1, Math.round(logo.bytes / 1024)),
            })}
          </span>
        </div>
      ) : (
        <p className="muted">{t('branding.logo.none')}</p>
      )}
      <input
        ref={input}
        key={key}
        id={id}
        type="file"
        accept="image/png,image/jpeg"
        disabled={busy}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-hint ${errorId}` : `${id}-hint`}
        onChange={pick}
      />
      <div className="hint" id={`${id}-hint`}>
        {t('branding.logo.hint')}
      </div>
      {problem && (
        <div className="error-text" id={errorId} role="alert">
          {problem}
        </div>
      )}
      {logo && (
        <button type="button" onClick={() => setConfirming(true)} disabled={busy}>
          {t('branding.logo.remove')}
        </button>
      )}
      {confirming && (
        <ConfirmDialog
          title={t('branding.logo.removeConfirm.title', { orgName })}
          body={<p>{t('branding.logo.removeConfirm.body')}</p>}
          confirmLabel={t('branding.logo.remove')}
          danger
          onConfirm={() => {
            setConfirming(false);
            remove();
          }}
          onClose={() => setConfirming(false)}
        />
      )}
    </div>
  );
}
