import { useRef, useState } from 'react';
import { msg, T, useT } from '../i18n/use-t.tsx';
import './template-preview.css';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const WIDTHS = [
  { label: msg('templates.preview.desktop'), px: 600 },
  { label: msg('templates.preview.phone'), px: 375 },
] as const;

/**
 * Links open in a new tab: inside the frame they would replace the preview. Nothing in the frame
 * runs (no allow-scripts); allow-same-origin only lets the console read its height.
 */
const withBase = (html: string) => `<base target="_blank">${html}`;

/** The HTML email at the width mail programs give it, in a sandboxed frame, with its text part. */
export function EmailWidthPreview({ rendered }: { rendered: RenderedEmail }) {
  const t = useT();
  const [width, setWidth] = useState<number>(WIDTHS[0].px);
  const [height, setHeight] = useState(400);
  const frame = useRef<HTMLIFrameElement>(null);
  const region = t('templates.preview.frameRegion', { px: width });
  const fit = () => {
    const doc = frame.current?.contentDocument;
    if (doc?.documentElement) setHeight(Math.min(2000, doc.documentElement.scrollHeight + 4));
  };
  return (
    <div className="email-preview">
      <p className="email-subject">
        <T
          id="templates.preview.subject"
          values={{ subject: rendered.subject, b: (c) => <strong>{c}</strong> }}
        />
      </p>
      <fieldset className="width-toggle">
        <legend className="visually-hidden">{t('templates.preview.width')}</legend>
        {WIDTHS.map((w) => (
          <button
            key={w.px}
            type="button"
            className="small"
            aria-pressed={width === w.px}
            onClick={() => setWidth(w.px)}
          >
            {t(w.label, { px: w.px })}
          </button>
        ))}
      </fieldset>
      {/* On a narrow screen the email scrolls sideways: the keyboard must reach the scroll box. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region is focused to scroll it */}
      <section className="email-frame-wrap" aria-label={region} tabIndex={0}>
        <iframe
          ref={frame}
          title={t('templates.preview.frameTitle', { px: width })}
          className="email-frame"
          sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
          style={{ width, height }}
          srcDoc={withBase(rendered.html)}
          onLoad={fit}
        />
      </section>
      <details className="email-text-part">
        <summary>{t('templates.preview.textPart')}</summary>
        <pre className="email-text">{rendered.text}</pre>
      </details>
    </div>
  );
}
