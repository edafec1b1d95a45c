import { useLocale } from '../i18n/i18n-provider.tsx';
import { type Locale, PSEUDO_LOCALE } from '../i18n/locales.ts';
import { browserTimeZone } from '../send-time/zoned-time.ts';

/**
 * What a new organization (setup, or another one from the console) starts with: its creator's
 * browser's time zone and the console's language (English under pseudo-localization).
 */
export function useNewOrganizationDefaults(): { timeZone: string; locale: Locale } {
  const { locale } = useLocale();
  return { timeZone: browserTimeZone(), locale: locale === PSEUDO_LOCALE ? 'en' : locale };
}
