import { DEFAULT_LOCALE, supportedLocale } from '../i18n/locales.ts';
import type { EmailLanguage } from '../templates/dates.ts';

/**
 * The language of an organization's email: the reader's own when known (the invitation's, the
 * member's, the join page's), else the organization's default; its times in the organization's zone.
 */
export function organizationEmailLanguage(
  org: { default_locale: string; time_zone: string },
  readerLocale?: string | null,
): EmailLanguage {
  return {
    locale: supportedLocale(readerLocale) ?? supportedLocale(org.default_locale) ?? DEFAULT_LOCALE,
    timeZone: org.time_zone || 'UTC',
  };
}

/**
 * The language of Beckon's own emails to an account (password reset, sign-in paused), which
 * belong to no organization: the account holder's language else English, their zone else UTC.
 */
export function personalEmailLanguage(user: {
  locale: string | null;
  time_zone: string | null;
}): EmailLanguage {
  return { locale: supportedLocale(user.locale) ?? DEFAULT_LOCALE, timeZone: user.time_zone || 'UTC' };
}
