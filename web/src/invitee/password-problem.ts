import { PASSWORD_MIN_LENGTH, passwordProblem } from '../../../src/security/password-rule.ts';
import { msg } from '../i18n/use-t.tsx';

/**
 * The shared password rule answers in English sentences; each one it can give has its message
 * here, found by asking the rule with a password that breaks only that part of it.
 */
const PROBLEMS: Array<[string | null, string]> = [
  [passwordProblem('a'), msg('invitee.password.tooShort')],
  [passwordProblem('a'.repeat(201)), msg('invitee.password.tooLong')],
  [passwordProblem('aaaaaaaaaaaa'), msg('invitee.password.notVaried')],
  [passwordProblem('person-amber-9x', ['person']), msg('invitee.password.personal')],
  [passwordProblem('my-password-9x'), msg('invitee.password.common')],
];

/** Why a password is refused, in the reader's language; null when it is accepted. */
export function passwordProblemText(
  t: (id: string, values?: Record<string, number>) => string,
  password: string,
  context: string[],
): string | null {
  const problem = passwordProblem(password, context);
  if (!problem) return null;
  const id = PROBLEMS.find(([english]) => english === problem)?.[1];
  return id ? t(id, { min: PASSWORD_MIN_LENGTH }) : problem;
}
