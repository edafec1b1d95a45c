import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { createIntl, RawIntlProvider } from 'react-intl';
import { intlCache, setCurrentIntl } from './current.ts';
import { type Catalog, loadCatalog } from './load-catalog.ts';
import { type ConsoleLocale, directionOf, initialLocale, PSEUDO_LOCALE } from './locales.ts';

interface LocaleState {
  locale: ConsoleLocale;
  /** The reader's time zone (IANA) for times on screen; undefined: the browser's. */
  timeZone: string | undefined;
  setLocale: (locale: ConsoleLocale) => void;
  setTimeZone: (zone: string | undefined) => void;
}

const LocaleContext = createContext<LocaleState | null>(null);

export function useLocale(): LocaleState {
  const state = useContext(LocaleContext);
  if (!state) throw new Error('useLocale outside I18nProvider');
  return state;
}

/**
 * Loads the reader's catalog and gives every component the same formatter. Until the first catalog
 * arrives nothing is drawn (a page in one language, never a flash of another); a later change of
 * language keeps the current page until the new catalog is in.
 */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [wanted, setWanted] = useState<ConsoleLocale>(initialLocale);
  const [timeZone, setTimeZone] = useState<string | undefined>(undefined);
  const [shown, setShown] = useState<{ locale: ConsoleLocale; messages: Catalog } | null>(null);

  useEffect(() => {
    let live = true;
    loadCatalog(wanted).then(
      (messages) => live && setShown({ locale: wanted, messages }),
      // Without its catalog a language cannot be shown; English is always there to fall back on.
      () => live && wanted !== 'en' && setWanted('en'),
    );
    return () => {
      live = false;
    };
  }, [wanted]);

  const intl = useMemo(
    () =>
      shown &&
      createIntl(
        {
          // English dates read day-first ("3 Dec 2026, 10:33"), as Beckon always wrote them.
          locale: shown.locale === PSEUDO_LOCALE || shown.locale === 'en' ? 'en-GB' : shown.locale,
          messages: shown.messages,
          timeZone,
          onError: (error) => {
            if (import.meta.env.DEV) console.warn(error.message);
          },
        },
        intlCache(),
      ),
    [shown, timeZone],
  );
  if (intl && shown) setCurrentIntl(intl, shown.locale === PSEUDO_LOCALE ? null : shown.locale);

  useEffect(() => {
    if (!shown) return;
    document.documentElement.lang = shown.locale;
    document.documentElement.dir = directionOf(shown.locale);
  }, [shown]);

  const setLocale = useCallback((locale: ConsoleLocale) => setWanted(locale), []);
  const value = useMemo(
    () => ({ locale: shown?.locale ?? wanted, timeZone, setLocale, setTimeZone }),
    [shown, wanted, timeZone, setLocale],
  );
  if (!intl) return null;
  return (
    <LocaleContext.Provider value={value}>
      <RawIntlProvider value={intl}>{children}</RawIntlProvider>
    </LocaleContext.Provider>
  );
}
