import type { MessageFormatElement } from 'react-intl';
import { type ConsoleLocale, PSEUDO_LOCALE } from './locales.ts';

/** Messages as ICU syntax trees: the build parses every catalog (web/build/precompile-messages.ts). */
export type Catalog = Record<string, MessageFormatElement[]>;

// One chunk per language: a reader downloads only their own.
const LOADERS: Record<Exclude<ConsoleLocale, typeof PSEUDO_LOCALE>, () => Promise<{ default: Catalog }>> = {
  en: () => import('./catalogs/en.ts'),
  ja: () => import('./catalogs/ja.ts'),
  de: () => import('./catalogs/de.ts'),
  fr: () => import('./catalogs/fr.ts'),
  es: () => import('./catalogs/es.ts'),
  'pt-BR': () => import('./catalogs/pt-BR.ts'),
  ar: () => import('./catalogs/ar.ts'),
};

const loaded = new Map<ConsoleLocale, Promise<Catalog>>();

export function loadCatalog(locale: ConsoleLocale): Promise<Catalog> {
  let catalog = loaded.get(locale);
  if (!catalog) {
    catalog =
      locale === PSEUDO_LOCALE
        ? Promise.all([LOADERS.en(), import('./pseudo.ts')]).then(([en, pseudo]) =>
            pseudo.pseudoCatalog(en.default),
          )
        : LOADERS[locale]().then((m) => m.default);
    loaded.set(locale, catalog);
    // A failed download (a deploy replaced the chunk) is retried on the next change of language.
    catalog.catch(() => loaded.delete(locale));
  }
  return catalog;
}
