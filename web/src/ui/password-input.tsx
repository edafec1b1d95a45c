import { useState } from 'react';
import { PASSWORD_MIN_LENGTH, passwordProblem as ruleProblem } from '../../../src/security/password-rule.ts';
import { intl } from '../i18n/current.ts';
import { msg, useT } from '../i18n/use-t.tsx';
import { Field } from './field.tsx';

const PASSWORD_MAX_LENGTH = 200;

/** The rule's reasons (its English sentences) and the console's message for each. */
const PROBLEMS: Record<string, string> = {
  [`Use at least ${PASSWORD_MIN_LENGTH} characters.`]: msg('ui.password.tooShort'),
  [`Use at most ${PASSWORD_MAX_LENGTH} characters.`]: msg('ui.password.tooLong'),
  'Use more varied characters.': msg('ui.password.moreVaried'),
  'Do not include your name or email address.': msg('ui.password.personal'),
  'That password is too common.': msg('ui.password.common'),
};

/**
 * Why a password is too weak, in the reader's language, or null. The server's own rule (the same
 * module) decides, so what the hint says and what the server accepts agree; a reason the console
 * has no words for yet is shown as the rule words it.
 */
export function passwordProblem(password: string, context: string[] = []): string | null {
  const problem = ruleProblem(password, context);
  if (!problem) return null;
  const id = PROBLEMS[problem];
  return id ? intl().formatMessage({ id }, { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH }) : problem;
}

function strengthScore(password: string): number {
  if (!password) return 0;
  let score = 0;
  if (password.length >= 10) score++;
  if (password.length >= 14) score++;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(password)).length;
  if (classes >= 2) score++;
  if (classes >= 3 && password.length >= 12) score++;
  return Math.min(score, 4);
}

export function PasswordInput({
  label,
  value,
  onChange,
  context = [],
  autoComplete = 'new-password',
  showStrength = true,
  name,
  forSomeoneElse = false,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  context?: string[];
  autoComplete?: string;
  showStrength?: boolean;
  name?: string;
  /** An administrator choosing another person's password: the rule names that person's name and address. */
  forSomeoneElse?: boolean;
}) {
  const t = useT();
  const [visible, setVisible] = useState(false);
  const problem = value ? passwordProblem(value, context) : null;
  // Refused by the rule: "Not accepted", whatever its length. Accepted: at least "Fair".
  const score = problem ? 0 : Math.max(2, strengthScore(value));
  const strength = (['fair', 'fair', 'fair', 'good', 'strong'] as const)[score];
  return (
    <Field
      label={label}
      hint={
        showStrength ? (
          <span aria-live="polite">
            {value ? (
              <>
                <span className={`meter meter-${score}`} aria-hidden="true">
                  <span />
                </span>{' '}
                {problem ? t('ui.password.refused', { problem }) : t('ui.password.accepted', { strength })}
              </>
            ) : (
              t('ui.password.rule', { min: PASSWORD_MIN_LENGTH, whose: forSomeoneElse ? 'theirs' : 'yours' })
            )}
          </span>
        ) : undefined
      }
    >
      {(props) => (
        <div className="input-row">
          <input
            {...props}
            name={name}
            type={visible ? 'text' : 'password'}
            value={value}
            autoComplete={autoComplete}
            required
            onChange={(e) => onChange(e.target.value)}
          />
          <button
            type="button"
            className="small"
            aria-pressed={visible}
            onClick={() => setVisible((v) => !v)}
          >
            {visible ? t('ui.password.hide') : t('ui.password.show')}
          </button>
        </div>
      )}
    </Field>
  );
}
