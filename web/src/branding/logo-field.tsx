import { type ChangeEvent, useId, useState } from 'react';
import { useT } from '../i18n/use-t.tsx';
import type { BrandingDto } from './types.ts';

/**
 * The logo: what is there now, a file picker and a remove button. The server checks the file
 * (type by its bytes, size, pixels); the picker only narrows the choice.
 */
export function LogoField({
  logo,
  orgName,
  busy,
  onUpload,
  onRemove,
}: {
  logo: BrandingDto['logo'];
  orgName: string;
  busy: boolean;
  onUpload: (file: File) => void;
  onRemove: () => void;
}) {
  const id = useId();
  const t = useT();
  const [key, setKey] = useState(0);
  function pick(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (file) onUpload(file);
    setKey((k) => k + 1); // the same file can be picked again after a refusal
  }
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
        key={key}
        id={id}
        type="file"
        accept="image/png,image/jpeg"
        disabled={busy}
        aria-describedby={`${id}-hint`}
        onChange={pick}
      />
      <div className="hint" id={`${id}-hint`}>
        {t('branding.logo.hint')}
      </div>
      {logo && (
        <button type="button" onClick={onRemove} disabled={busy}>
          {t('branding.logo.remove')}
        </button>
      )}
    </div>
  );
}
