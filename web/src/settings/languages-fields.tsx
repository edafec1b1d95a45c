import { LOCALE_NAMES, LOCALES, type Locale } from '../i18n/locales.ts';
import { useT } from '../i18n/use-t.tsx';
import { Field } from '../ui/field.tsx';
import { LanguageOptions } from '../ui/language-options.tsx';
import type { OrgSettings } from './settings-dto.ts';

type Languages = Pick<OrgSettings, 'defaultLocale' | 'allowedLocales'>;

/**
 * The organization's languages: the default (always allowed, so its box cannot be cleared) and
 * the ones its join page and invitee pages may speak. Each language is named in its own words.
 */
export function LanguagesFields({ value, onChange }: { value: Languages; onChange: (v: Languages) => void }) {
  const t = useT();
  const allowed = new Set<Locale>(value.allowedLocales);
  function toggle(locale: Locale, on: boolean) {
    const next = LOCALES.filter((l) => (l === locale ? on : allowed.has(l)));
    onChange({ ...value, allowedLocales: next });
  }
  return (
    <fieldset className="field">
      <legend>{t('settings.languages.legend')}</legend>
      <Field label={t('settings.languages.default')} hint={t('settings.languages.defaultHint')}>
        {(p) => (
          <select
            {...p}
            value={value.defaultLocale}
            onChange={(e) => {
              const locale = e.target.value as Locale;
              onChange({
                defaultLocale: locale,
                allowedLocales: LOCALES.filter((l) => l === locale || allowed.has(l)),
              });
            }}
          >
            <LanguageOptions />
          </select>
        )}
      </Field>
      <div className="hint" id="allowed-languages-hint">
        {t('settings.languages.allowedHint')}
      </div>
      <div className="checks">
        {LOCALES.map((l) => (
          <label key={l} className="check-label">
            <input
              type="checkbox"
              checked={allowed.has(l)}
              disabled={l === value.defaultLocale}
              aria-describedby="allowed-languages-hint"
              onChange={(e) => toggle(l, e.target.checked)}
            />{' '}
            <span lang={l}>{LOCALE_NAMES[l]}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
