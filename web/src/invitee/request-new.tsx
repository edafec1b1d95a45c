import { useState } from 'react';
import { post } from '../api.ts';
import { T, useT } from '../i18n/use-t.tsx';
import { errorText } from '../ui/error-text.ts';
import { FormError } from '../ui/form-error.tsx';
import { isolated } from './rich.tsx';

/**
 * "Ask for a new invitation" on an expired link's page: the inviter is emailed. The server answers
 * the same whatever happens, so the page says what it asked for, not what the server knows.
 */
export function RequestNewInvitation({ token, inviterName }: { token: string; inviterName: string | null }) {
  const t = useT();
  const [state, setState] = useState<'idle' | 'busy' | 'sent'>('idle');
  const [error, setError] = useState<string | null>(null);
  async function ask() {
    setState('busy');
    setError(null);
    try {
      await post(`/invitations/${encodeURIComponent(token)}/request-new`, {});
      setState('sent');
    } catch (e) {
      setError(errorText(e));
      setState('idle');
    }
  }
  if (state === 'sent')
    return (
      <p role="status" className="alert">
        {inviterName ? (
          <T id="invitee.requestNew.sentToInviter" values={{ inviter: isolated(inviterName) }} />
        ) : (
          t('invitee.requestNew.sent')
        )}
      </p>
    );
  return (
    <>
      <FormError error={error} />
      <button type="button" className="primary block" disabled={state === 'busy'} onClick={ask}>
        {t('invitee.requestNew.button')}
      </button>
    </>
  );
}
