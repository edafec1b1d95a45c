import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createIntl } from 'react-intl';
import { afterAll, describe, expect, it } from 'vitest';
import { passwordProblem as ruleProblem } from '../../src/security/password-rule.ts';
import { setCurrentIntl } from '../../web/src/i18n/current.ts';
import { passwordProblem } from '../../web/src/ui/password-input.tsx';

/**
 * The console says why a password is refused in the reader's language: each reason the shared
 * rule gives (in English, for the server) has its message, so none reaches a reader untranslated.
 */
const catalog = (locale: string): Record<string, string> =>
  JSON.parse(
    readFileSync(
      join(import.meta.dirname, '..', '..', 'web', 'src', 'ui', 'messages', `${locale}.json`),
      'utf8',
    ),
  );

const CASES: Array<[string, string[], string]> = [
  ['short-1', [], 'ui.password.tooShort'],
  ['ab1!'.repeat(51), [], 'ui.password.tooLong'],
  ['aaaaaaaaaaaa', [], 'ui.password.moreVaried'],
  ['aiko-river-stone-7', ['aiko'], 'ui.password.personal'],
  ['my-password-2024', [], 'ui.password.common'],
];

afterAll(() => setCurrentIntl(createIntl({ locale: 'en', messages: {} }), 'en'));

describe('password problems in the reader language', () => {
  it('each reason the rule gives has its message, in Japanese and Arabic', () => {
    for (const locale of ['ja', 'ar']) {
      const messages = catalog(locale);
      const intl = createIntl({ locale, messages });
      setCurrentIntl(intl, locale);
      for (const [password, context, id] of CASES) {
        expect(ruleProblem(password, context), password).not.toBeNull();
        expect(passwordProblem(password, context), `${locale} ${password}`).toBe(
          intl.formatMessage({ id }, { min: 10, max: 200 }),
        );
      }
    }
  });

  it('an accepted password has no problem', () => {
    expect(passwordProblem('amber-river-stone-7')).toBeNull();
  });
});
