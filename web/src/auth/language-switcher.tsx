import { useId } from 'react';
import { useLocale } from '../i18n/i18n-provider.tsx';
import { LOCALES, type Locale, rememberLocale } from '../i18n/locales.ts';
import { useT } from '../i18n/use-t.tsx';
import { LanguageOptions } from '../ui/language-options.tsx';

/**
 * The language of the pages a person reads before signing in, each language named in itself.
 * The choice is remembered on this browser until the person chooses one in their account.
 */
export function LanguageSwitcher() {
  const t = useT();
  const id = useId();
  const { locale, setLocale } = useLocale();
  return (
    <div className="language-switch">
      <label htmlFor={id} className="visually-hidden">
        {t('auth.language')}
      </label>
      <select
        id={id}
        value={(LOCALES as readonly string[]).includes(locale) ? locale : 'en'}
        onChange={(e) => {
          const chosen = e.target.value as Locale;
          setLocale(chosen);
          rememberLocale(chosen);
        }}
      >
        <LanguageOptions />
      </select>
    </div>
  );
}
