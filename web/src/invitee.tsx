import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { ApiError, get, post, ROLE_LABEL } from './api.ts';
import { CardPage, SignInForm } from './auth.tsx';
import { Link, match, navigate, useLocation } from './router.tsx';
import { useApp } from './session.tsx';
import {
  ConfirmDialog,
  errorText,
  Field,
  FormError,
  fullTime,
  PasswordInput,
  passwordProblem,
  Spinner,
} from './ui.tsx';

interface InvitationView {
  status: string;
  organization: { name: string };
  email: string;
  expiresAt: string;
  accountExists: boolean;
  inviterName: string | null;
  role: string;
  message?: string | null;
}

/** What each dead link says: what happened, and what to do now (seed 003). */
const DEAD: Record<string, { title: string; body: (org?: string) => ReactNode }> = {
  expired: {
    title: 'This invitation has expired',
    body: (org) => (
      <>
        <p>Invitations are valid for a limited time, and this one was not accepted in time.</p>
        <p>
          <strong>What to do:</strong> ask the person who invited you{org ? ` to ${org}` : ''} to send you a
          new invitation. It will arrive with a fresh link.
        </p>
      </>
    ),
  },
  cancelled: {
    title: 'This invitation was cancelled',
    body: (org) => (
      <>
        <p>
          An administrator{org ? ` of ${org}` : ''} cancelled this invitation, so its link no longer works.
        </p>
        <p>
          <strong>What to do:</strong> if you think this is a mistake, contact the person who invited you and
          ask for a new invitation.
        </p>
      </>
    ),
  },
  replaced: {
    title: 'This link was replaced by a newer invitation',
    body: () => (
      <>
        <p>Your invitation was sent again, and only the link in the most recent email works.</p>
        <p>
          <strong>What to do:</strong> look in your inbox (and spam folder) for the newest invitation email
          and use the link in it.
        </p>
      </>
    ),
  },
  declined: {
    title: 'You declined this invitation',
    body: (org) => (
      <>
        <p>This invitation{org ? ` to ${org}` : ''} was declined, so its link no longer works.</p>
        <p>
          <strong>What to do:</strong> if you changed your mind, ask the person who invited you to send a new
          invitation.
        </p>
      </>
    ),
  },
  accepted: {
    title: 'This invitation was already accepted',
    body: () => (
      <>
        <p>This invitation has been used: the account exists.</p>
        <p>
          <strong>What to do:</strong> sign in with your email address and password.{' '}
          <Link to="/forgot-password">Forgot your password?</Link>
        </p>
        <p>
          <Link to="/sign-in" className="button primary">
            Sign in
          </Link>
        </p>
      </>
    ),
  },
  unknown: {
    title: 'We do not recognise this link',
    body: () => (
      <>
        <p>The link may be incomplete: some email programs cut long links in two.</p>
        <p>
          <strong>What to do:</strong> copy the whole link from the email into your browser's address bar, or
          ask the person who invited you to send the invitation again.
        </p>
      </>
    ),
  },
};

function DeadLink({ code, org }: { code: string; org?: string }) {
  const d = DEAD[code] ?? DEAD.unknown!;
  return (
    <CardPage title={d.title}>
      <div data-testid={`dead-${code in DEAD ? code : 'unknown'}`}>{d.body(org)}</div>
    </CardPage>
  );
}

function NewAccountForm({
  email,
  submitLabel,
  onSubmit,
}: {
  email: string;
  submitLabel: string;
  onSubmit: (body: { name: string; password: string }) => Promise<void>;
}) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setError('Enter your name.');
    const problem = passwordProblem(password, [name, email]);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ name: name.trim(), password });
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit}>
      <FormError error={error} />
      <div className="field">
        <span className="label-like">Email address</span>
        <div className="readonly-value">{email}</div>
      </div>
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
      <PasswordInput
        label="Choose a password"
        name="password"
        value={password}
        onChange={setPassword}
        context={[name, email]}
      />
      <button type="submit" className="primary block" disabled={busy}>
        {busy ? 'Please wait…' : submitLabel}
      </button>
    </form>
  );
}

/** Signed in as someone else: say so and offer to sign out. Signed in as them: one button. Otherwise a form. */
function WhoAreYou({
  email,
  accountExists,
  actionLabel,
  onAccept,
}: {
  email: string;
  accountExists: boolean;
  actionLabel: string;
  onAccept: (body: Record<string, string>) => Promise<void>;
}) {
  const { session, setSession, signOut } = useApp();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (session && session.user.email.toLowerCase() === email.toLowerCase()) {
    return (
      <>
        <p>
          You are signed in as <strong>{session.user.email}</strong>.
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
          You are signed in as <strong>{session.user.email}</strong>, but this invitation is for{' '}
          <strong>{email}</strong>.
        </p>
        <p>Sign out, then continue as {email}.</p>
        <button type="button" className="primary" onClick={() => signOut()}>
          Sign out
        </button>
      </div>
    );
  }
  if (accountExists) {
    return (
      <>
        <p>
          <strong>{email}</strong> already has a Beckon account. Sign in to continue.
        </p>
        <SignInForm
          initialEmail={email}
          submitLabel={`Sign in and ${actionLabel.toLowerCase()}`}
          onSignedIn={async (s) => {
            setSession(s);
            if (s.user.email.toLowerCase() !== email.toLowerCase()) return;
            await onAccept({});
          }}
        />
        <p className="center">
          <Link to="/forgot-password">Forgot your password?</Link>
        </p>
      </>
    );
  }
  return <NewAccountForm email={email} submitLabel={actionLabel} onSubmit={onAccept} />;
}

function InvitePage({ token }: { token: string }) {
  const { refresh } = useApp();
  const [view, setView] = useState<InvitationView | null>(null);
  const [dead, setDead] = useState<{ code: string; org?: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<null | { kind: 'accepted'; orgId: string } | { kind: 'declined' }>(null);
  const [confirmDecline, setConfirmDecline] = useState(false);

  useEffect(() => {
    get<InvitationView>(`/invitations/${encodeURIComponent(token)}`).then(setView, (e) => {
      if (e instanceof ApiError && e.status === 410) setDead({ code: e.code });
      else if (e instanceof ApiError && e.status === 404) setDead({ code: 'unknown' });
      else setError(errorText(e));
    });
  }, [token]);

  const failed = (e: unknown) => {
    if (e instanceof ApiError && e.status === 410) setDead({ code: e.code, org: view?.organization.name });
    throw e;
  };

  if (dead) return <DeadLink code={dead.code} org={dead.org} />;
  if (error)
    return (
      <CardPage title="Something went wrong">
        <FormError error={error} />
      </CardPage>
    );
  if (!view)
    return (
      <CardPage title="Your invitation">
        <Spinner />
      </CardPage>
    );
  if (done?.kind === 'accepted')
    return (
      <CardPage title={`Welcome to ${view.organization.name}`}>
        <p role="status">You have joined {view.organization.name}. Your groups and trainings are ready.</p>
        <button type="button" className="primary block" onClick={() => navigate(`/o/${done.orgId}`)}>
          Go to {view.organization.name}
        </button>
      </CardPage>
    );
  if (done?.kind === 'declined')
    return (
      <CardPage title="Invitation declined">
        <p role="status">
          You declined the invitation to {view.organization.name}. We have let them know; the link no longer
          works.
        </p>
      </CardPage>
    );

  return (
    <CardPage title={`Join ${view.organization.name}`}>
      <p className="lead">
        {view.inviterName ? <strong>{view.inviterName}</strong> : 'An administrator'} invited{' '}
        <strong>{view.email}</strong> to join <strong>{view.organization.name}</strong> as{' '}
        {ROLE_LABEL[view.role]?.toLowerCase() ?? view.role}.
      </p>
      {view.message && <blockquote className="personal-message">{view.message}</blockquote>}
      <p className="muted small">This invitation expires {fullTime(view.expiresAt)}.</p>
      <WhoAreYou
        email={view.email}
        accountExists={view.accountExists}
        actionLabel="Accept invitation"
        onAccept={async (body) => {
          try {
            const r = await post<{ organization: { id: string } }>(
              `/invitations/${encodeURIComponent(token)}/accept`,
              body,
            );
            await refresh();
            setDone({ kind: 'accepted', orgId: r.organization.id });
          } catch (e) {
            failed(e);
          }
        }}
      />
      <p className="center decline">
        Not for you?{' '}
        <button type="button" className="link" onClick={() => setConfirmDecline(true)}>
          Decline invitation
        </button>
      </p>
      {confirmDecline && (
        <ConfirmDialog
          title="Decline this invitation?"
          danger
          confirmLabel="Decline"
          body={<p>The link will stop working. {view.organization.name} can invite you again later.</p>}
          onClose={() => setConfirmDecline(false)}
          onConfirm={async () => {
            try {
              await post(`/invitations/${encodeURIComponent(token)}/decline`, {});
              setConfirmDecline(false);
              setDone({ kind: 'declined' });
            } catch (e) {
              setConfirmDecline(false);
              if (e instanceof ApiError && e.status === 410)
                setDead({ code: e.code, org: view.organization.name });
              else setError(errorText(e));
            }
          }}
        />
      )}
    </CardPage>
  );
}

// ---------------------------------------------------------------- Join page (public)

function JoinPage({ slug }: { slug: string }) {
  const [info, setInfo] = useState<{ organization: { name: string }; allowedDomains: string[] } | null>(null);
  const [missing, setMissing] = useState(false);
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    get(`/join/${encodeURIComponent(slug)}`).then(setInfo, () => setMissing(true));
  }, [slug]);
  if (missing)
    return (
      <CardPage title="This join page is not available">
        <p>The page may have been switched off, closed, or its address changed.</p>
        <p>
          <strong>What to do:</strong> ask the organization for a current link or an invitation.
        </p>
      </CardPage>
    );
  if (!info)
    return (
      <CardPage title="Join">
        <Spinner />
      </CardPage>
    );
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await post<{ message: string }>(`/join/${encodeURIComponent(slug)}`, { email });
      setSent(r.message);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <CardPage title={`Join ${info.organization.name}`}>
      {sent ? (
        <div role="status">
          <p>{sent}</p>
          <p className="muted">
            The link in the email confirms your address. Nothing happens until you open it.
          </p>
        </div>
      ) : (
        <form onSubmit={submit}>
          <p>Enter your email address. We will send you a link to confirm it and finish joining.</p>
          {info.allowedDomains.length > 0 && (
            <p className="muted small">Open to addresses at {info.allowedDomains.join(', ')}.</p>
          )}
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
            Send me a link
          </button>
        </form>
      )}
    </CardPage>
  );
}

function JoinVerifyPage({ token }: { token: string }) {
  const { refresh } = useApp();
  const [info, setInfo] = useState<{
    organization: { name: string };
    email: string;
    accountExists: boolean;
  } | null>(null);
  const [dead, setDead] = useState<string | null>(null);
  const [joined, setJoined] = useState<string | null>(null);
  useEffect(() => {
    get(`/join/verify/${encodeURIComponent(token)}`).then(setInfo, (e) =>
      setDead(e instanceof ApiError ? e.message : 'This link does not work.'),
    );
  }, [token]);
  if (dead)
    return (
      <CardPage title="This link no longer works">
        <p>{dead}</p>
        <p>
          <strong>What to do:</strong> open the join page again and ask for a new link. Links work once and
          for a limited time.
        </p>
      </CardPage>
    );
  if (!info)
    return (
      <CardPage title="Confirm your address">
        <Spinner />
      </CardPage>
    );
  if (joined)
    return (
      <CardPage title={`Welcome to ${info.organization.name}`}>
        <p role="status">Your address is confirmed and you have joined {info.organization.name}.</p>
        <button type="button" className="primary block" onClick={() => navigate(`/o/${joined}`)}>
          Go to {info.organization.name}
        </button>
      </CardPage>
    );
  return (
    <CardPage title={`Join ${info.organization.name}`}>
      <p>Your address is confirmed. One last step to join {info.organization.name}.</p>
      <WhoAreYou
        email={info.email}
        accountExists={info.accountExists}
        actionLabel="Join"
        onAccept={async (body) => {
          const r = await post<{ organization: { id: string } }>(
            `/join/verify/${encodeURIComponent(token)}`,
            body,
          );
          await refresh();
          setJoined(r.organization.id);
        }}
      />
    </CardPage>
  );
}

export default function Invitee() {
  const { path } = useLocation();
  const invite = match('/invite/:token', path);
  if (invite) return <InvitePage key={invite.token} token={invite.token!} />;
  const verify = match('/join/verify/:token', path) ?? match('/join/:slug/verify/:token', path);
  if (verify) return <JoinVerifyPage token={verify.token!} />;
  const join = match('/join/:slug', path);
  if (join) return <JoinPage slug={join.slug!} />;
  return <DeadLink code="unknown" />;
}
