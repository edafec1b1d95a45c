import { useEffect, useId, useRef } from 'react';
import { useLocale } from '../i18n/i18n-provider.tsx';
import {
  type ConsoleLocale,
  isConsoleLocale,
  type Locale,
  PSEUDO_LOCALE,
  rememberLocale,
} from '../i18n/locales.ts';
import { useT } from '../i18n/use-t.tsx';
import { navigate } from '../router.tsx';
import { LanguageOptions } from '../ui/language-options.tsx';
import './page-language.css';

/** What the server says of an invitee page's language: its own, and the ones it may switch to. */
export interface PageLanguages {
  locale: Locale;
  languages: Locale[];
}

/** The address's `?lang=`, when the page may speak it (the pseudo-language always may, for tests). */
function chosenInAddress(languages: readonly Locale[]): ConsoleLocale | null {
  const lang = new URLSearchParams(window.location.search).get('lang');
  if (lang === PSEUDO_LOCALE) return PSEUDO_LOCALE;
  return languages.find((l) => l === lang) ?? null;
}

/**
 * Once the page's answer is in, it speaks the language the address asks for if allowed, else the
 * server's (the invitation's, or the browser's among the organization's).
 */
export function usePageLanguage(page: PageLanguages | null): void {
  const { setLocale } = useLocale();
  const applied = useRef(false);
  useEffect(() => {
    if (!page || applied.current) return;
    applied.current = true;
    setLocale(chosenInAddress(page.languages) ?? page.locale);
  }, [page, setLocale]);
}

/** The language shown, as an account's language: the pseudo-language is for tests and is never stored. */
export function useShownLocale(): Locale | undefined {
  const { locale } = useLocale();
  return locale === PSEUDO_LOCALE ? undefined : locale;
}

/** A visible choice among the organization's languages; the choice lasts in the address across reloads. */
export function LanguageSwitcher({ languages }: { languages: readonly Locale[] }) {
  const t = useT();
  const { locale, setLocale } = useLocale();
  const id = useId();
  if (languages.length < 2 && locale === languages[0]) return null;
  const change = (value: string) => {
    if (!isConsoleLocale(value)) return;
    setLocale(value);
    if (value !== PSEUDO_LOCALE) rememberLocale(value);
    const search = new URLSearchParams(window.location.search);
    search.set('lang', value);
    navigate(`${window.location.pathname}?${search}`, { replace: true });
  };
  return (
    <div className="language-switcher">
      <label htmlFor={id}>{t('invitee.language.label')}</label>
      <select id={id} value={locale} onChange={(e) => change(e.target.value)}>
        {!(languages as readonly string[]).includes(locale) && <option value={locale}>{locale}</option>}
        <LanguageOptions only={languages} />
      </select>
    </div>
  );
}
