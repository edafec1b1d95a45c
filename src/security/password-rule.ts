/**
 * The password strength rule, in one place: the server enforces it and the console imports this
 * same module for its hint and meter, so the two cannot disagree. No Node imports here.
 */
export const PASSWORD_MIN_LENGTH = 10;

/** Returns a reason when a password is too weak, or null. */
export function passwordProblem(password: string, context: string[] = []): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > 200) return 'Use at most 200 characters.';
  if (new Set(password).size < 4) return 'Use more varied characters.';
  const lower = password.toLowerCase();
  for (const word of context) {
    if (word && word.length >= 4 && lower.includes(word.toLowerCase()))
      return 'Do not include your name or email address.';
  }
  if (['password', '1234567890', 'qwertyuiop'].some((w) => lower.includes(w)))
    return 'That password is too common.';
  return null;
}

/** The rule in one sentence, for the hint under a new password. */
export const PASSWORD_RULE_TEXT = `At least ${PASSWORD_MIN_LENGTH} characters, with at least 4 different ones; not your name or email address, and not a common password.`;
