import type { ReactNode } from 'react';

/** `<hidden>…</hidden>` in a message: words for screen readers only (a button's full name). */
export const hidden = (chunks: ReactNode[]) => <span className="visually-hidden">{chunks}</span>;
