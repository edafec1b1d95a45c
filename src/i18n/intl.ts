import { readFileSync } from 'node:fs';
import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import { acceptedTags, DEFAULT_LOCALE, type Locale, supportedLocale } from './locales.ts';
import type English from './messages/en.json';

/**
 * The server's messages in the seven languages (import problems, results.csv): FormatJS over
 * flat catalogs of ICU messages, `messages/<locale>.json`, English the source. One formatter per
 * language, made on first use and kept.
 */
export type MessageId = keyof typeof English;
export type MessageValues = Record<string, string | number>;

const cache = createIntlCache();
const formatters = new Map<Locale, IntlShape>();

/** A language's catalog as stored: message id → ICU message. */
export function readCatalog(locale: Locale): Record<string, string> {
  return JSON.parse(readFileSync(new URL(`./messages/${locale}.json`, import.meta.url), 'utf8'));
}

export function intlFor(locale: Locale): IntlShape {
  let intl = formatters.get(locale);
  if (!intl) {
    intl = createIntl({ locale, defaultLocale: DEFAULT_LOCALE, messages: readCatalog(locale) }, cache);
    formatters.set(locale, intl);
  }
  return intl;
}

export function translate(locale: Locale, id: MessageId, values?: MessageValues): string {
  return intlFor(locale).formatMessage({ id }, values);
}

/**
 * The tag to format dates and lists with: English reads the British way (day before month, 24-hour
 * clock, no comma before "or" and "and"), as Beckon's English always has.
 */
export function formatTag(locale: Locale): string {
  return locale === 'en' ? 'en-GB' : locale;
}

/** "a, b or c" in the reader's language. */
export function orList(locale: Locale, items: readonly string[]): string {
  return new Intl.ListFormat(formatTag(locale), { type: 'disjunction' }).format(items);
}

/** "a, b and c" in the reader's language. */
export function andList(locale: Locale, items: readonly string[]): string {
  return new Intl.ListFormat(formatTag(locale), { type: 'conjunction' }).format(items);
}

/**
 * The language to speak to a member in: their chosen one, else the first their browser asks for
 * that Beckon speaks, else the organization's default.
 */
export function readerLocale(
  chosen: string | null | undefined,
  acceptLanguage: string | null | undefined,
  fallback: string,
): Locale {
  const own = supportedLocale(chosen);
  if (own) return own;
  for (const tag of acceptedTags(acceptLanguage)) {
    const locale = supportedLocale(tag);
    if (locale) return locale;
  }
  return supportedLocale(fallback) ?? DEFAULT_LOCALE;
}
