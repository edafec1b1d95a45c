/**
 * The languages Beckon speaks, and how a reader's language is chosen among an organization's.
 * Tags are BCP 47 as browsers send them; Portuguese is Brazil's.
 */
export const LOCALES = ['en', 'ja', 'de', 'fr', 'es', 'pt-BR', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];

export const DEFAULT_LOCALE: Locale = 'en';

/** Each language by its own name, as a language switcher shows it. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  ja: '日本語',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  'pt-BR': 'Português (Brasil)',
  ar: 'العربية',
};

const RIGHT_TO_LEFT: ReadonlySet<Locale> = new Set(['ar']);

export function textDirection(locale: Locale): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(locale) ? 'rtl' : 'ltr';
}

/** The supported locale a tag names ("pt" and "pt-PT" are Brazilian Portuguese here), or null. */
export function supportedLocale(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  let canonical: string;
  try {
    canonical = Intl.getCanonicalLocales(tag.trim())[0] ?? '';
  } catch {
    return null;
  }
  const exact = LOCALES.find((l) => l.toLowerCase() === canonical.toLowerCase());
  if (exact) return exact;
  const language = canonical.split('-')[0]!.toLowerCase();
  return LOCALES.find((l) => l.split('-')[0]!.toLowerCase() === language) ?? null;
}

/** An Accept-Language header's tags, most wanted first (q=0 means "not this one"). */
export function acceptedTags(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .slice(0, 32)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((t) => t.tag && t.tag !== '*' && Number.isFinite(t.q) && t.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((t) => t.tag);
}

/**
 * The reader's language: the first of their wanted tags that the organization allows, else the
 * organization's default. `allowed` always contains `fallback`.
 */
export function negotiateLocale(
  wanted: readonly string[],
  allowed: readonly Locale[],
  fallback: Locale,
): Locale {
  for (const tag of wanted) {
    const locale = supportedLocale(tag);
    if (locale && allowed.includes(locale)) return locale;
  }
  return fallback;
}
