import type { Settings } from '../api.ts';
import { LOCALE_NAMES, LOCALES, type Locale } from '../i18n/locales.ts';
import { useT } from '../i18n/use-t.tsx';
import { Field } from '../ui/field.tsx';
import { LanguageOptions } from '../ui/language-options.tsx';

/** The organization's languages, when its settings say (older servers do not): all seven, English first. */
interface OrgLanguages {
  allowed: readonly Locale[];
  defaultLocale: Locale;
}

const known = (value: unknown): value is Locale => (LOCALES as readonly unknown[]).includes(value);

/** The languages an invitation may be in: the organization's allowed ones, its default among them. */
export function useInviteLanguages(settings: Settings | null): OrgLanguages {
  const s = settings as (Settings & { allowedLocales?: unknown; defaultLocale?: unknown }) | null;
  const defaultLocale = known(s?.defaultLocale) ? s.defaultLocale : 'en';
  const listed = Array.isArray(s?.allowedLocales) ? s.allowedLocales.filter(known) : [];
  const allowed = listed.length ? LOCALES.filter((l) => l === defaultLocale || listed.includes(l)) : LOCALES;
  return { allowed, defaultLocale };
}

/** The language of the invitation's emails and page, each language by its own name. */
export function LanguageField({
  languages,
  value,
  onChange,
}: {
  languages: OrgLanguages;
  value: string;
  onChange: (locale: string) => void;
}) {
  const t = useT();
  // One allowed language leaves nothing to choose.
  if (languages.allowed.length < 2) return null;
  return (
    <Field label={t('people.invite.language')}>
      {(p) => (
        <select {...p} name="locale" value={value} onChange={(e) => onChange(e.target.value)}>
          <LanguageOptions only={languages.allowed} />
        </select>
      )}
    </Field>
  );
}

/** An invitation's language by its own name; none stored means the organization's default. */
export function languageName(locale: unknown, fallback: Locale): string {
  return LOCALE_NAMES[known(locale) ? locale : fallback];
}
