import type { ReactNode } from 'react';

/** `<b>…</b>` in a message: the words it stresses (a name, an address). */
export const bold = (chunks: ReactNode[]) => <strong>{chunks}</strong>;

/**
 * Text from people (a name, an email address, an organization) inside a sentence: isolated, so an
 * address or a Latin name keeps its own direction inside Arabic, and Arabic inside English.
 */
export function isolated(text: string): ReactNode {
  return <bdi>{text}</bdi>;
}
