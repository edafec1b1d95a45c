import { useT } from '../i18n/use-t.tsx';
import { continueTo, Link, useLocation } from '../router.tsx';
import { useApp } from '../session.tsx';
import { CardPage } from './card-page.tsx';
import { SignInForm } from './sign-in-form.tsx';

export function SignInPage() {
  const t = useT();
  const { setSession } = useApp();
  const { search } = useLocation();
  return (
    <CardPage title={t('auth.signIn')} languages>
      <SignInForm
        onSignedIn={(s) => {
          setSession(s);
          continueTo(search.get('next'));
        }}
      />
      <p className="center">
        <Link to="/forgot-password">{t('auth.forgotPassword')}</Link>
      </p>
    </CardPage>
  );
}
