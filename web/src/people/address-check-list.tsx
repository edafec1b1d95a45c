import type { Dispatch, SetStateAction } from 'react';
import { useT } from '../i18n/use-t.tsx';
import { AddressProblem } from './address-problem.tsx';
import type { CheckResult } from './parse-emails.ts';

/** Each typed address with its check: fine, listed twice, refused, or a suspected typo to fix or keep. */
export function AddressCheckList({
  emails,
  shown,
  check,
  duplicates,
  keepAsTyped,
  onKeepAsTyped,
  onUse,
}: {
  emails: string[];
  shown: number;
  check: (email: string) => CheckResult;
  duplicates: string[];
  keepAsTyped: string[];
  onKeepAsTyped: Dispatch<SetStateAction<string[]>>;
  onUse: (from: string, to: string) => void;
}) {
  const t = useT();
  return (
    <ul className="check-list" aria-label={t('people.check.label')}>
      {emails.slice(0, shown).map((email, i) => {
        const c = check(email);
        const dup = duplicates.includes(email) && emails.indexOf(email) !== i;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: the same address may be pasted twice
          <li key={`${email}-${i}`} className={c.ok && !dup ? 'ok' : 'bad'}>
            <span aria-hidden="true">{c.ok && !dup ? '✓' : '!'}</span> <bdi className="addr">{email}</bdi>
            {dup ? (
              <span className="why"> — {t('people.check.twice')}</span>
            ) : !c.ok ? (
              <span className="why">
                {' '}
                — <AddressProblem answer={c} />
              </span>
            ) : null}
            {c.suggestion && (
              <>
                {!c.message?.includes(c.suggestion) && (
                  <span className="why"> {t('people.check.didYouMean', { suggestion: c.suggestion })}</span>
                )}{' '}
                <button type="button" className="small" onClick={() => onUse(email, c.suggestion!)}>
                  {t('people.check.use', { suggestion: c.suggestion })}
                </button>{' '}
                <button
                  type="button"
                  className="small"
                  aria-pressed={keepAsTyped.includes(email.toLowerCase())}
                  onClick={() =>
                    onKeepAsTyped((k) =>
                      k.includes(email.toLowerCase())
                        ? k.filter((x) => x !== email.toLowerCase())
                        : [...k, email.toLowerCase()],
                    )
                  }
                >
                  {t('people.check.keep')}
                </button>
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}
