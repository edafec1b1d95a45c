import type { ReactNode } from 'react';
import { copyText } from './copy-text.ts';
import { Dialog } from './dialog.tsx';
import { useToast } from './toast.tsx';

/** A new key or secret, shown this once in a box with a copy button, after `intro`. */
export function ShownOnceDialog({
  title,
  intro,
  secret,
  testId,
  copyLabel,
  copiedText,
  doneLabel,
  onClose,
}: {
  title: string;
  intro: ReactNode;
  secret: string;
  testId: string;
  copyLabel: string;
  copiedText: string;
  doneLabel: string;
  onClose: () => void;
}) {
  const toast = useToast();
  return (
    <Dialog title={title} onClose={onClose}>
      <div className="dialog-body">
        {intro}
        <div className="key-box">
          <code data-testid={testId}>{secret}</code>
        </div>
      </div>
      <div className="dialog-actions">
        <button
          type="button"
          onClick={async () => {
            await copyText(secret);
            toast('success', copiedText);
          }}
        >
          {copyLabel}
        </button>
        <button type="button" className="primary" onClick={onClose}>
          {doneLabel}
        </button>
      </div>
    </Dialog>
  );
}
