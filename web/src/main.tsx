import { lazy, StrictMode, Suspense, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError, del, get, onApiError, type Session, setCsrfToken } from './api.ts';
import { ChangePasswordPage } from './auth/change-password-page.tsx';
import { ForgotPasswordPage } from './auth/forgot-password-page.tsx';
import { ResetPasswordPage } from './auth/reset-password-page.tsx';
import { SetupPage } from './auth/setup-page.tsx';
import { SignInPage } from './auth/sign-in-page.tsx';
import { I18nProvider, useLocale } from './i18n/i18n-provider.tsx';
import { PSEUDO_LOCALE } from './i18n/locales.ts';
import { useT } from './i18n/use-t.tsx';
import { match, Redirect, useLocation } from './router.tsx';
import { AppContext, type AppState, type Instance } from './session.tsx';
import { Spinner } from './ui/spinner.tsx';
import { ToastProvider } from './ui/toast.tsx';
import './styles.css';

const Console = lazy(() => import('./console/console.tsx'));
const Invitee = lazy(() => import('./invitee/invitee.tsx'));

/** Pages anyone may open, signed in or not. */
const PUBLIC_PATTERNS = ['/invite/:token', '/join/:slug', '/join/verify/:token', '/join/:slug/verify/:token'];

function App() {
  const { path, search } = useLocation();
  const [loaded, setLoaded] = useState(false);
  const [setupNeeded, setSetupNeeded] = useState(false);
  const [session, setSessionState] = useState<Session | null>(null);
  const [instance, setInstance] = useState<Instance>({ mailboxEnabled: false });
  const { setLocale, setTimeZone } = useLocale();
  const t = useT();

  const setSession = useCallback(
    (s: Session | null) => {
      setSessionState(s);
      setCsrfToken(s?.csrfToken);
      // A member's own choice of language and zone; the pseudo-language stays for tests that ask for it.
      if (s?.user.locale && new URLSearchParams(window.location.search).get('lang') !== PSEUDO_LOCALE) {
        setLocale(s.user.locale);
      }
      setTimeZone(s?.user.timeZone ?? undefined);
    },
    [setLocale, setTimeZone],
  );

  const refresh = useCallback(async () => {
    try {
      const s = await get<Session>('/session');
      setSession(s);
      return s;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        setSession(null);
        return null;
      }
      throw e;
    }
  }, [setSession]);

  useEffect(() => {
    (async () => {
      const [setup, , inst] = await Promise.allSettled([
        get<{ needed: boolean }>('/setup'),
        refresh(),
        get<Instance>('/instance'),
      ]);
      if (setup.status === 'fulfilled') setSetupNeeded(setup.value.needed);
      if (inst.status === 'fulfilled') setInstance(inst.value);
      setLoaded(true);
    })();
  }, [refresh]);

  // A session that ended (401) or must change its password (403) moves the person to the right screen.
  useEffect(
    () =>
      onApiError((e) => {
        if (e.status === 401 && e.code !== 'invalid_credentials' && session) setSession(null);
        if (e.code === 'password_change_required' && session && !session.user.mustChangePassword) {
          setSession({ ...session, user: { ...session.user, mustChangePassword: true } });
        }
      }),
    [session, setSession],
  );

  const signOut = useCallback(async () => {
    try {
      await del('/session');
    } catch {
      // already signed out
    }
    setSession(null);
  }, [setSession]);

  const state: AppState = { session, instance, refresh, setSession, signOut };

  let page: React.ReactNode;
  const isPublic = PUBLIC_PATTERNS.some((p) => match(p, path));
  if (!loaded) page = <Spinner />;
  else if (isPublic) page = <Invitee />;
  else if (match('/reset-password/:token', path))
    page = <ResetPasswordPage token={match('/reset-password/:token', path)!.token!} />;
  else if (path === '/forgot-password') page = <ForgotPasswordPage />;
  else if (setupNeeded)
    page =
      path === '/setup' ? (
        <SetupPage
          onDone={async () => {
            setSetupNeeded(false);
            await refresh();
          }}
        />
      ) : (
        <Redirect to="/setup" />
      );
  else if (!session)
    page =
      path === '/sign-in' ? (
        <SignInPage />
      ) : (
        <Redirect
          to={`/sign-in${path !== '/' && path !== '/setup' ? `?next=${encodeURIComponent(path + (search.size ? `?${search}` : ''))}` : ''}`}
        />
      );
  else if (session.user.mustChangePassword) page = <ChangePasswordPage />;
  else if (path === '/sign-in' || path === '/setup') page = <Redirect to={search.get('next') || '/'} />;
  else page = <Console />;

  return (
    <AppContext.Provider value={state}>
      <ToastProvider>
        <a className="skip-link" href="#main">
          {t('ui.skipToContent')}
        </a>
        <Suspense fallback={<Spinner />}>{page}</Suspense>
      </ToastProvider>
    </AppContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
