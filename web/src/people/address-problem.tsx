import { useIntl } from 'react-intl';
import { sentenceForCode } from '../i18n/current.ts';

/** Why an address cannot be invited, as the server answers it: English text and a stable code. */
export interface AddressProblemAnswer {
  message?: string;
  reasonCode?: string;
  domain?: string;
  suggestion?: string;
}

/**
 * Why an address cannot be invited, in the reader's language: the catalog's sentence for the
 * answer's reason code, or its own text (the server's English) for a code the console does not know.
 */
export function AddressProblem({ answer }: { answer: AddressProblemAnswer }) {
  const intl = useIntl();
  return (
    <>
      {sentenceForCode(intl, 'people.address', answer.reasonCode, answer.message ?? '', {
        domain: answer.domain ?? '',
        suggestion: answer.suggestion ?? '',
      })}
    </>
  );
}
