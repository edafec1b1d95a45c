import { T, useT } from '../i18n/use-t.tsx';
import { useApp } from '../session.tsx';
import { CardPage } from './card-page.tsx';
import { ChangePasswordForm } from './change-password-form.tsx';

/** After an administrator set the password: nothing else works until the person chooses their own. */
export function ChangePasswordPage() {
  const { session, signOut } = useApp();
  const t = useT();
  return (
    <CardPage title={t('auth.forced.title')}>
      <p>
        <T
          id="auth.forced.intro"
          values={{
            email: session?.user.email ?? '',
            b: (chunks) => (
              <strong>
                <bdi>{chunks}</bdi>
              </strong>
            ),
          }}
        />
      </p>
      <ChangePasswordForm forced />
      <p className="center">
        <button type="button" className="link" onClick={() => signOut()}>
          {t('auth.signOut')}
        </button>
      </p>
    </CardPage>
  );
}
