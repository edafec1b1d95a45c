import { useIntl } from 'react-intl';
import { sentenceForCode } from '../i18n/current.ts';

/** A person a bulk resend leaves out: the server's English reason and its stable code. */
export interface Refusal {
  reason: string;
  reasonCode?: string;
  role?: string;
  retryInSeconds?: number;
}

/**
 * Why a bulk resend leaves someone out, in the reader's language: the catalog's sentence for the
 * reason's code, or the server's English reason for a code the console does not know yet.
 */
export function RefusalReason({ refusal }: { refusal: Refusal }) {
  const intl = useIntl();
  return (
    <>
      {sentenceForCode(intl, 'bulk-resends.reason', refusal.reasonCode, refusal.reason, {
        role: refusal.role ?? '',
        seconds: refusal.retryInSeconds ?? 0,
      })}
    </>
  );
}
