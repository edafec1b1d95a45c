import { type ReactNode, useEffect, useId, useRef } from 'react';
import { createPortal } from 'react-dom';
import { useT } from '../i18n/use-t.tsx';

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
  const t = useT();
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
    return () => returnFocus(opener.current as HTMLElement | null);
  }, []);
  // In document.body, not where it was opened: a dialog opened from a table row's menu would
  // otherwise inherit the cell's styles (no wrapping, right-aligned) and be cut off.
  return createPortal(
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
        <button
          type="button"
          className="icon dialog-close"
          aria-label={t('ui.dialog.close')}
          onClick={onClose}
        >
          ×
        </button>
      </div>
      {children}
    </dialog>,
    document.body,
  );
}

/** The page's main region takes focus (no ring: it is a region, not a control). */
function focusMain(): void {
  if (document.activeElement && document.activeElement !== document.body) return;
  const main = document.getElementById('main');
  if (!main) return;
  if (!main.hasAttribute('tabindex')) main.setAttribute('tabindex', '-1');
  main.focus({ preventScroll: true });
}

/**
 * Focus goes back to what opened the dialog. That may go with the change the dialog made, once the
 * page shows it (the Cancel button of an invitation now cancelled): then the page's main region
 * takes focus, never the bare document, which would leave a keyboard user nowhere.
 */
function returnFocus(back: HTMLElement | null): void {
  if (!back?.isConnected) {
    requestAnimationFrame(focusMain);
    return;
  }
  back.focus();
  const watch = new MutationObserver(() => {
    if (back.isConnected) return;
    watch.disconnect();
    focusMain();
  });
  watch.observe(document.body, { childList: true, subtree: true });
  setTimeout(() => watch.disconnect(), 5000);
}
