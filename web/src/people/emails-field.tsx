import type { Dispatch, Ref, SetStateAction } from 'react';
import { useT } from '../i18n/use-t.tsx';
import { Field } from '../ui/field.tsx';
import { AddressCheckList } from './address-check-list.tsx';
import type { CheckResult } from './parse-emails.ts';

/** The addresses to invite, as typed or pasted, with each one's check under them. */
export function EmailsField({
  text,
  onText,
  textRef,
  emails,
  limit,
  check,
  keepAsTyped,
  onKeepAsTyped,
  onUse,
}: {
  text: string;
  onText: (text: string) => void;
  textRef: Ref<HTMLTextAreaElement>;
  emails: string[];
  limit: number;
  check: (email: string) => CheckResult;
  keepAsTyped: string[];
  onKeepAsTyped: Dispatch<SetStateAction<string[]>>;
  onUse: (from: string, to: string) => void;
}) {
  const t = useT();
  const duplicates = emails.filter(
    (e, i) => emails.findIndex((x) => x.toLowerCase() === e.toLowerCase()) !== i,
  );
  return (
    <>
      <Field
        label={t('people.invite.emails')}
        hint={t('people.invite.emailsHint', { limit, count: emails.length })}
        error={emails.length > limit ? t('people.invite.overLimit', { count: emails.length, limit }) : null}
      >
        {(p) => (
          <textarea
            {...p}
            ref={textRef}
            name="emails"
            rows={4}
            value={text}
            onChange={(e) => onText(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>
      {emails.length > 0 && (
        <AddressCheckList
          emails={emails}
          shown={Math.max(limit, 10) + 5}
          check={check}
          duplicates={duplicates}
          keepAsTyped={keepAsTyped}
          onKeepAsTyped={onKeepAsTyped}
          onUse={onUse}
        />
      )}
    </>
  );
}
