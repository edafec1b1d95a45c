import { type MessageId, translate } from '../i18n/intl.ts';
import type { Locale } from '../i18n/locales.ts';

/**
 * A preview's problems grouped by kind, for people: "1,000 already invited", "3 invalid addresses".
 * Each group says what confirming does with its rows: skipped (nothing to do), imported only when
 * confirmed "as typed" (a suspected typo), or refused (the row is wrong).
 */
export type ProblemEffect = 'skipped' | 'needs_confirmation' | 'refused';

export interface ProblemGroup {
  code: string;
  count: number;
  summary: string;
  effect: ProblemEffect;
}

/** The problem codes whose groups have a summary of their own (others: "3 with problem x"). */
const SUMMARIZED = new Set([
  'already_invited',
  'already_member',
  'duplicate',
  'possible_typo',
  'invalid_email',
  'role_not_allowed',
  'unknown_group',
  'group_required',
  'group_not_allowed',
  'value_too_long',
  'invalid_metadata',
  'unknown_app',
  'app_disabled',
  'app_required',
  'invalid_return_path',
  'invalid_expiry',
  'unknown_language',
  'language_not_allowed',
]);

const SKIPPED = new Set(['duplicate', 'already_invited', 'already_member']);
/** Order on screen: what is wrong first, then what needs a decision, then what is merely skipped. */
const RANK: Record<ProblemEffect, number> = { refused: 0, needs_confirmation: 1, skipped: 2 };

export function effectOf(code: string): ProblemEffect {
  if (SKIPPED.has(code)) return 'skipped';
  return code === 'possible_typo' ? 'needs_confirmation' : 'refused';
}

export function summaryOf(code: string, count: number, locale: Locale = 'en'): string {
  return SUMMARIZED.has(code)
    ? translate(locale, `import.summary.${code}` as MessageId, { count })
    : translate(locale, 'import.summary.other', { count, code });
}

/** Groups from rows counted per code (a row with two kinds of problem counts in both). */
export function problemGroups(counts: Map<string, number>, locale: Locale = 'en'): ProblemGroup[] {
  return [...counts]
    .map(([code, count]) => ({
      code,
      count,
      summary: summaryOf(code, count, locale),
      effect: effectOf(code),
    }))
    .sort((a, b) => RANK[a.effect] - RANK[b.effect] || b.count - a.count || a.code.localeCompare(b.code));
}
