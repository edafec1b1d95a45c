import { type DragEvent, type FormEvent, type RefObject, useState } from 'react';
import { T, useT } from '../i18n/use-t.tsx';
import { Field } from '../ui/field.tsx';
import { FormError } from '../ui/form-error.tsx';

/** Step 1 of an import: the templates, and a file chosen or dropped, read into a preview. */
export function UploadForm({
  base,
  file,
  busy,
  error,
  fileRef,
  onChoose,
  onSubmit,
}: {
  base: string;
  file: File | null;
  busy: boolean;
  error: string | null;
  fileRef: RefObject<HTMLInputElement | null>;
  onChoose: (f: File | null) => void;
  onSubmit: (e: FormEvent) => void;
}) {
  const t = useT();
  const [dragging, setDragging] = useState(false);

  function onDrop(e: DragEvent<HTMLFieldSetElement>) {
    e.preventDefault();
    setDragging(false);
    const dropped = e.dataTransfer.files;
    if (!dropped.length) return;
    if (fileRef.current) fileRef.current.files = dropped;
    onChoose(dropped[0] ?? null);
  }

  return (
    <section className="panel" aria-labelledby="import-upload">
      <h2 id="import-upload">{t('imports.upload.heading')}</h2>
      <p>
        <T
          id="imports.upload.help"
          values={{
            csv: (chunks) => (
              <a href={`/api/v1${base}/template.csv`} download>
                {chunks}
              </a>
            ),
            xlsx: (chunks) => (
              <a href={`/api/v1${base}/template.xlsx`} download>
                {chunks}
              </a>
            ),
            c: (chunks) => <code>{chunks}</code>,
          }}
        />
      </p>
      <form onSubmit={onSubmit} className="inline-form">
        {/* The whole area takes a dropped file; the input stays the keyboard and screen-reader way in. */}
        <fieldset
          className={dragging ? 'drop-zone dragging' : 'drop-zone'}
          aria-label={t('imports.upload.dropZone')}
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
          <Field label={t('imports.upload.file')} hint={t('imports.upload.fileHint')}>
            {(p) => (
              <input
                {...p}
                ref={fileRef}
                type="file"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                onChange={(e) => onChoose(e.target.files?.[0] ?? null)}
              />
            )}
          </Field>
          {file && <p className="muted small">{t('imports.upload.selected', { name: file.name })}</p>}
        </fieldset>
        <button type="submit" className="primary" disabled={busy || !file}>
          {busy ? t('imports.upload.reading') : t('imports.upload.submit')}
        </button>
      </form>
      <FormError error={error} />
    </section>
  );
}
