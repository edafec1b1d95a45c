import { createIntl, createIntlCache, type IntlShape } from 'react-intl';

/**
 * The reader's formatter outside React (error texts, times in helpers): the provider keeps it the
 * same one the components see, so a sentence reads the same wherever it is built.
 */
const cache = createIntlCache();
let current: IntlShape = createIntl({ locale: 'en', messages: {} }, cache);

export function intl(): IntlShape {
  return current;
}

let shown: string | null = null;

/** `shownLocale`: the language on screen, or null for the pseudo-language (no server speaks it). */
export function setCurrentIntl(next: IntlShape, shownLocale: string | null): void {
  current = next;
  shown = shownLocale;
}

/**
 * What the console sends as Accept-Language: the language on screen, so what the server writes
 * for this reader (import problems, results.csv) matches the page rather than the browser.
 */
export function shownLanguage(): string | null {
  return shown;
}

export function intlCache() {
  return cache;
}

/** Whether the reader's catalog has a message (codes the console knows a sentence for). */
export function hasMessage(id: string): boolean {
  return Object.hasOwn(current.messages, id);
}

/**
 * What the server said, in the reader's language: the catalog's sentence for its stable code
 * (`<prefix>.<code>`, given `values`), else the server's own words for a code the console does
 * not know yet (or an answer without one).
 */
export function sentenceForCode(
  reader: IntlShape,
  prefix: string,
  code: string | null | undefined,
  serverText: string,
  values?: Record<string, string | number>,
): string {
  const id = `${prefix}.${code}`;
  return code && Object.hasOwn(reader.messages, id) ? reader.formatMessage({ id }, values) : serverText;
}
