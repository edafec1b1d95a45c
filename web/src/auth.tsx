import { type FormEvent, type ReactNode, useState } from 'react';
import { post, type Session } from './api.ts';
import { Link, navigate, useLocation, usePageTitle } from './router.tsx';
import { useApp } from './session.tsx';
import { errorText, Field, FormError, PasswordInput, passwordProblem, useToast } from './ui.tsx';

/** The narrow centred layout of setup, sign-in and the invitee pages. */
export function CardPage({ title, children, wide }: { title: string; children: ReactNode; wide?: boolean }) {
  usePageTitle(title);
  return (
    <div className="card-page">
      <header className="brand-bar">
        <span className="brand" aria-hidden="true">
          ◎
        </span>{' '}
        <span className="brand-name">Beckon</span>
      </header>
      <main id="main" className={wide ? 'card wide' : 'card'}>
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}

export function SetupPage({ onDone }: { onDone: () => Promise<void> }) {
  const [orgName, setOrgName] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = passwordProblem(password, [name, email]);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await post('/setup', { organization: { name: orgName }, owner: { name, email, password } });
      await onDone();
      navigate('/', { replace: true });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <CardPage title="Set up Beckon">
      <p>Create your organization and its first owner. You can invite everyone else afterwards.</p>
      <form onSubmit={submit} noValidate={false}>
        <FormError error={error} />
        <fieldset>
          <legend>Organization</legend>
          <Field label="Organization name">
            {(p) => (
              <input
                {...p}
                name="orgName"
                required
                value={orgName}
                onChange={(e) => setOrgName(e.target.value)}
              />
            )}
          </Field>
        </fieldset>
        <fieldset>
          <legend>You, the owner</legend>
          <Field label="Your name">
            {(p) => (
              <input
                {...p}
                name="name"
                autoComplete="name"
                required
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
            )}
          </Field>
          <Field label="Email address">
            {(p) => (
              <input
                {...p}
                name="email"
                type="email"
                autoComplete="email"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            )}
          </Field>
          <PasswordInput
            label="Password"
            name="password"
            value={password}
            onChange={setPassword}
            context={[name, email]}
          />
        </fieldset>
        <button type="submit" className="primary block" disabled={busy}>
          {busy ? 'Creating…' : 'Create organization'}
        </button>
      </form>
    </CardPage>
  );
}

export function SignInForm({
  onSignedIn,
  initialEmail = '',
  submitLabel = 'Sign in',
}: {
  onSignedIn: (s: Session) => void | Promise<void>;
  initialEmail?: string;
  submitLabel?: string;
}) {
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const s = await post<Session>('/session', { email, password });
      await onSignedIn(s);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit}>
      <FormError error={error} />
      <Field label="Email address">
        {(p) => (
          <input
            {...p}
            name="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        )}
      </Field>
      <PasswordInput
        label="Password"
        name="password"
        value={password}
        onChange={setPassword}
        autoComplete="current-password"
        showStrength={false}
      />
      <button type="submit" className="primary block" disabled={busy}>
        {busy ? 'Signing in…' : submitLabel}
      </button>
    </form>
  );
}

export function SignInPage() {
  const { setSession } = useApp();
  const { search } = useLocation();
  return (
    <CardPage title="Sign in">
      <SignInForm
        onSignedIn={(s) => {
          setSession(s);
          const next = search.get('next');
          navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
        }}
      />
      <p className="center">
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
    </CardPage>
  );
}

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await post('/password-resets', { email });
      setSent(true);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <CardPage title="Reset your password">
      {sent ? (
        <div role="status">
          <p>
            If <strong>{email}</strong> belongs to an account, we have sent it a link to choose a new
            password. The link works for a limited time.
          </p>
          <p>No email? Check your spam folder, or ask your administrator.</p>
        </div>
      ) : (
        <form onSubmit={submit}>
          <p>Enter your email address and we will send you a link to choose a new password.</p>
          <FormError error={error} />
          <Field label="Email address">
            {(p) => (
              <input
                {...p}
                type="email"
                name="email"
                autoComplete="email"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="primary block" disabled={busy}>
            Send reset link
          </button>
        </form>
      )}
      <p className="center">
        <Link to="/sign-in">Back to sign in</Link>
      </p>
    </CardPage>
  );
}

export function ResetPasswordPage({ token }: { token: string }) {
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = passwordProblem(password);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await post(`/password-resets/${encodeURIComponent(token)}`, { password });
      setDone(true);
    } catch (err: any) {
      setError(
        err?.status === 410 || err?.status === 404
          ? 'This reset link has expired or was already used. Ask for a new one below.'
          : errorText(err),
      );
    } finally {
      setBusy(false);
    }
  }
  return (
    <CardPage title="Choose a new password">
      {done ? (
        <div role="status">
          <p>Your password has been changed.</p>
          <p>
            <Link to="/sign-in" className="button primary">
              Sign in
            </Link>
          </p>
        </div>
      ) : (
        <form onSubmit={submit}>
          <FormError error={error} />
          <PasswordInput label="New password" value={password} onChange={setPassword} />
          <button type="submit" className="primary block" disabled={busy}>
            Change password
          </button>
          <p className="center">
            <Link to="/forgot-password">Ask for a new link</Link>
          </p>
        </form>
      )}
    </CardPage>
  );
}

export function ChangePasswordForm({ forced }: { forced?: boolean }) {
  const { session, refresh } = useApp();
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = passwordProblem(next, [session?.user.name ?? '', session?.user.email ?? '']);
    if (problem) return setError(problem);
    if (next === current) return setError('Choose a password different from the current one.');
    setBusy(true);
    setError(null);
    try {
      await post('/session/password', { currentPassword: current, newPassword: next });
      toast('success', 'Your password has been changed.');
      setCurrent('');
      setNext('');
      await refresh();
      if (forced) navigate('/', { replace: true });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit}>
      <FormError error={error} />
      <PasswordInput
        label={forced ? 'Temporary password' : 'Current password'}
        value={current}
        onChange={setCurrent}
        autoComplete="current-password"
        showStrength={false}
        name="currentPassword"
      />
      <PasswordInput
        label="New password"
        value={next}
        onChange={setNext}
        name="newPassword"
        context={[session?.user.name ?? '', session?.user.email ?? '']}
      />
      <button type="submit" className={forced ? 'primary block' : 'primary'} disabled={busy}>
        Save new password
      </button>
    </form>
  );
}

/** After an administrator set the password: nothing else works until the person chooses their own. */
export function ChangePasswordPage() {
  const { session, signOut } = useApp();
  return (
    <CardPage title="Choose your own password">
      <p>
        Your administrator set a temporary password for <strong>{session?.user.email}</strong>. Choose your
        own password to continue.
      </p>
      <ChangePasswordForm forced />
      <p className="center">
        <button type="button" className="link" onClick={() => signOut()}>
          Sign out
        </button>
      </p>
    </CardPage>
  );
}
