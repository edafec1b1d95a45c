import type { Executor } from '../db/types.ts';
import { readerLocale } from '../i18n/intl.ts';
import { DEFAULT_LOCALE, type Locale } from '../i18n/locales.ts';
import { authRepository } from './repository.ts';

/**
 * The language to write to a person in: the one they chose, else the first their browser asks for
 * that Beckon speaks, else `fallback`. API keys have no person: their browser's, else `fallback`.
 */
export async function localeOfReader(
  db: Executor,
  userId: string | null,
  acceptLanguage: string | undefined,
  fallback: string = DEFAULT_LOCALE,
): Promise<Locale> {
  return readerLocale(await authRepository.userLocale(db, userId), acceptLanguage, fallback);
}
