import { formatTag } from '../i18n/intl.ts';
import type { Locale } from '../i18n/locales.ts';

/** The language and time zone an email is written in. */
export interface EmailLanguage {
  locale: Locale;
  /** IANA name; an unknown one reads as UTC. */
  timeZone: string;
}

export const ENGLISH_UTC: EmailLanguage = { locale: 'en', timeZone: 'UTC' };

const OPTIONS: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
};

const formats = new Map<string, Intl.DateTimeFormat>();
function formatFor({ locale, timeZone }: EmailLanguage): Intl.DateTimeFormat {
  const key = `${locale}\u0000${timeZone}`;
  let format = formats.get(key);
  if (!format) {
    const tag = formatTag(locale);
    try {
      format = new Intl.DateTimeFormat(tag, { ...OPTIONS, timeZone });
    } catch {
      format = new Intl.DateTimeFormat(tag, { ...OPTIONS, timeZone: 'UTC' });
    }
    if (formats.size >= 500) formats.clear();
    formats.set(key, format);
  }
  return format;
}

let last: [string, string] = ['', ''];
/**
 * A moment for people, in the email's language and zone, the zone named ("9 December 2026 at
 * 18:00 GMT+9", "2026年12月9日 18:00 JST"). Bulk sends share one expiry: the last answer is kept.
 */
export function formatEmailDate(d: Date, language: EmailLanguage): string {
  const key = `${d.getTime()}\u0000${language.locale}\u0000${language.timeZone}`;
  if (last[0] !== key) last = [key, formatFor(language).format(d)];
  return last[1];
}
