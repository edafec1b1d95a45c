import { ApiError } from '../api.ts';
import { hasMessage, intl } from '../i18n/current.ts';

/**
 * What went wrong, in the reader's language: the sentence the console's catalog holds for the
 * error's stable code (`ui.errors.<code>`), given the answer's field and details; the server's own
 * English message only for a code the console does not know yet.
 *
 * A reader of English gets the server's sentence as it is: it is English already and names what
 * a code's sentence cannot (the row, the group, the variable a template lacks).
 */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const id = `ui.errors.${error.code}`;
    if (hasMessage(id) && !(readsEnglish() && error.message && error.status !== 0)) {
      // Every argument a sentence may name has a value: "none" picks the sentence without a field.
      const values: Record<string, string | number> = {
        field: error.field || 'none',
        status: error.status,
        retryAfter: error.retryAfter ?? 0,
        openInvitations: 0,
      };
      for (const [key, value] of Object.entries(error.details)) {
        if (typeof value === 'string' || typeof value === 'number') values[key] = value;
      }
      if (!values.field) values.field = 'none';
      return intl().formatMessage({ id }, values);
    }
    return error.message;
  }
  if (error instanceof TypeError) return intl().formatMessage({ id: 'ui.errors.network' });
  return error instanceof Error ? error.message : String(error);
}

/** English proper, not the pseudo-language (en-XA), which must show every sentence from the catalog. */
function readsEnglish(): boolean {
  return document.documentElement.lang === 'en';
}
