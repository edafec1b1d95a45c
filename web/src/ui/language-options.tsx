import { LOCALE_NAMES, LOCALES, type Locale } from '../i18n/locales.ts';

/**
 * The <option>s of a language select: each language by its own name, marked with its own `lang`
 * so screen readers pronounce it right and pseudo-localization leaves it alone.
 */
export function LanguageOptions({ only = LOCALES }: { only?: readonly Locale[] }) {
  return (
    <>
      {only.map((l) => (
        <option key={l} value={l} lang={l} translate="no">
          {LOCALE_NAMES[l]}
        </option>
      ))}
    </>
  );
}
