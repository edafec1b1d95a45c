import {
  LOCALES,
  type Locale,
  negotiateLocale,
  supportedLocale,
  textDirection,
} from '../../../src/i18n/locales.ts';

export { LOCALE_NAMES, LOCALES, type Locale, textDirection } from '../../../src/i18n/locales.ts';

/**
 * Pseudo-localization: English made long and accented, every message bracketed, so a screen shows
 * at a glance what overflows and what does not come from a catalog. Chosen with `?lang=en-XA`.
 */
export const PSEUDO_LOCALE = 'en-XA';
export type ConsoleLocale = Locale | typeof PSEUDO_LOCALE;

const STORAGE_KEY = 'beckon.locale';

export function isConsoleLocale(value: unknown): value is ConsoleLocale {
  return value === PSEUDO_LOCALE || (LOCALES as readonly unknown[]).includes(value);
}

/** The language a page opens in before the server says more: the address's `?lang=`, the last choice, the browser's. */
export function initialLocale(): ConsoleLocale {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (fromUrl === PSEUDO_LOCALE) return PSEUDO_LOCALE;
  const chosen = supportedLocale(fromUrl) ?? supportedLocale(readStored());
  if (chosen) return chosen;
  return negotiateLocale(navigator.languages ?? [navigator.language], LOCALES, 'en');
}

/** The browser's own language among a set (an invitation's organization allows only some). */
export function browserLocale(allowed: readonly Locale[], fallback: Locale): Locale {
  return negotiateLocale(navigator.languages ?? [navigator.language], allowed, fallback);
}

export function rememberLocale(locale: ConsoleLocale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private windows may refuse storage; the choice then lasts for the page.
  }
}

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function directionOf(locale: ConsoleLocale): 'ltr' | 'rtl' {
  return locale === PSEUDO_LOCALE ? 'ltr' : textDirection(locale);
}
