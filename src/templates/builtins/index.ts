import type { Locale } from '../../i18n/locales.ts';
import type { EmailKind } from '../../mail/render.ts';
import { ar } from './ar.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import { ja } from './ja.ts';
import { builtInsFrom, type EmailWords, type TemplateContent } from './layout.ts';
import { ptBR } from './pt-br.ts';

export type { EmailWords, TemplateContent } from './layout.ts';

const WORDS: Record<Locale, EmailWords> = { en, ja, de, fr, es, 'pt-BR': ptBR, ar };

/** Beckon's own emails per language and kind, used when an organization has no template of its own. */
export const BUILT_IN = Object.fromEntries(
  Object.entries(WORDS).map(([locale, words]) => [locale, builtInsFrom(words)]),
) as Record<Locale, Record<EmailKind, TemplateContent>>;

export function builtIn(kind: EmailKind, locale: Locale): TemplateContent {
  return BUILT_IN[locale][kind];
}

/** What `invitation.role_name` says in a language. */
export function roleName(role: string, locale: Locale): string {
  return (WORDS[locale].roleNames as Record<string, string>)[role] ?? role;
}
