import { useState } from 'react';
import { SignInForm } from '../auth/sign-in-form.tsx';
import { msg, T, useT } from '../i18n/use-t.tsx';
import { Link } from '../router.tsx';
import { useApp } from '../session.tsx';
import { errorText } from '../ui/error-text.ts';
import { FormError } from '../ui/form-error.tsx';
import { NewAccountForm } from './new-account-form.tsx';
import { bold, isolated } from './rich.tsx';

/** The button's words for each way in: accepting an invitation, or joining through the join page. */
const ACTION = {
  accept: { label: msg('invitee.invite.accept'), signInAnd: msg('invitee.who.signInAndAccept') },
  join: { label: msg('invitee.verify.join'), signInAnd: msg('invitee.who.signInAndJoin') },
};

/** Signed in as someone else: say so and offer to sign out. Signed in as them: one button. Otherwise a form. */
export function WhoAreYou({
  email,
  accountExists,
  action,
  onAccept,
}: {
  email: string;
  accountExists: boolean;
  action: keyof typeof ACTION;
  onAccept: (body: Record<string, string>) => Promise<void>;
}) {
  const t = useT();
  const { session, setSession, signOut } = useApp();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const actionLabel = t(ACTION[action].label);
  if (session && session.user.email.toLowerCase() === email.toLowerCase()) {
    return (
      <>
        <p>
          <T id="invitee.who.signedInAs" values={{ b: bold, email: isolated(session.user.email) }} />
        </p>
        <FormError error={error} />
        <button
          type="button"
          className="primary block"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await onAccept({});
            } catch (e) {
              setError(errorText(e));
              setBusy(false);
            }
          }}
        >
          {actionLabel}
        </button>
      </>
    );
  }
  if (session) {
    return (
      <div className="alert alert-warn">
        <p>
          <T
            id="invitee.who.otherAccount"
            values={{ b: bold, current: isolated(session.user.email), email: isolated(email) }}
          />
        </p>
        <p>
          <T id="invitee.who.signOutThen" values={{ email: isolated(email) }} />
        </p>
        <button type="button" className="primary" onClick={() => signOut()}>
          {t('invitee.who.signOut')}
        </button>
      </div>
    );
  }
  if (accountExists) {
    return (
      <>
        <p>
          <T id="invitee.who.accountExists" values={{ b: bold, email: isolated(email) }} />
        </p>
        <SignInForm
          initialEmail={email}
          submitLabel={t(ACTION[action].signInAnd)}
          onSignedIn={async (s) => {
            setSession(s);
            if (s.user.email.toLowerCase() !== email.toLowerCase()) return;
            await onAccept({});
          }}
        />
        <p className="center">
          <Link to="/forgot-password">{t('invitee.signIn.forgotPassword')}</Link>
        </p>
      </>
    );
  }
  return <NewAccountForm email={email} submitLabel={actionLabel} onSubmit={onAccept} />;
}
