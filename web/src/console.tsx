import { createContext, type FormEvent, type ReactNode, useContext, useEffect, useState } from 'react';
import { ApiKeysPage, GroupsPage, JoinPageSettings, MailboxPage, SettingsPage } from './admin.tsx';
import { can, get, type Membership, post, ROLE_LABEL } from './api.ts';
import { ChangePasswordForm } from './auth.tsx';
import { ImportsPage } from './imports.tsx';
import { InvitationDetailPage, PeoplePage } from './people.tsx';
import { Link, match, navigate, Redirect, useLocation, usePageTitle } from './router.tsx';
import { useApp } from './session.tsx';
import { TemplatesPage } from './templates.tsx';
import { Dialog, errorText, Field, FormError, Spinner, useToast } from './ui.tsx';

export interface OrgState {
  org: Membership;
  base: string;
}
const OrgContext = createContext<OrgState>(null as unknown as OrgState);
export const useOrg = () => useContext(OrgContext);

/** A page's heading row: title plus optional actions on the right. */
export function PageHead({
  title,
  children,
  lead,
}: {
  title: string;
  children?: ReactNode;
  lead?: ReactNode;
}) {
  usePageTitle(title);
  return (
    <div className="page-head">
      <div>
        <h1>{title}</h1>
        {lead && <p className="muted lead">{lead}</p>}
      </div>
      {children && <div className="page-actions">{children}</div>}
    </div>
  );
}

function NewOrgDialog({ onClose }: { onClose: () => void }) {
  const { refresh } = useApp();
  const toast = useToast();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      const org = await post<{ id: string; name: string }>('/orgs', { name });
      await refresh();
      toast('success', `Created ${org.name}.`);
      onClose();
      navigate(`/o/${org.id}`);
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <Dialog title="Create an organization" onClose={onClose}>
      <form onSubmit={submit} className="dialog-body">
        <FormError error={error} />
        <Field label="Organization name">
          {(p) => <input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Create
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function Shell({ org, children }: { org: Membership; children: ReactNode }) {
  const { session, signOut, instance } = useApp();
  const { path } = useLocation();
  const [newOrg, setNewOrg] = useState(false);
  const [hasImports, setHasImports] = useState(false);
  const base = `/o/${org.id}`;
  const people = can(org, 'invitations');
  const settings = can(org, 'settings');

  useEffect(() => {
    setHasImports(false);
    if (!people) return;
    let live = true;
    get(`/orgs/${org.id}/imports?limit=1`).then(
      () => live && setHasImports(true),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [org.id, people]);

  const nav: Array<{ to: string; label: string; show: boolean }> = [
    { to: base, label: people ? 'Overview' : 'My trainings', show: true },
    { to: `${base}/people`, label: 'People', show: people },
    { to: `${base}/imports`, label: 'Import', show: people && hasImports },
    { to: `${base}/groups`, label: 'Groups & trainings', show: people },
    { to: `${base}/templates`, label: 'Email templates', show: can(org, 'templates') },
    { to: `${base}/join-page`, label: 'Join page', show: settings },
    { to: `${base}/settings`, label: 'Settings', show: settings },
    { to: `${base}/api-keys`, label: 'API keys', show: settings },
    { to: `${base}/mailbox`, label: 'Mailbox', show: instance.mailboxEnabled && people },
  ];
  const current = (to: string) =>
    to === base
      ? path === base || path === `${base}/`
      : path === to ||
        path.startsWith(`${to}/`) ||
        (to.endsWith('/people') && path.startsWith(`${base}/invitations`));

  const orgs = session?.organizations.filter((o) => o.status !== 'deactivated') ?? [];
  return (
    <div className="shell">
      <header className="topbar">
        <Link to={base} className="brand-link">
          <span className="brand" aria-hidden="true">
            ◎
          </span>{' '}
          Beckon
        </Link>
        <div className="org-switch">
          <label htmlFor="org-switcher" className="visually-hidden">
            Organization
          </label>
          <select
            id="org-switcher"
            value={org.id}
            onChange={(e) => {
              if (e.target.value === '__new') setNewOrg(true);
              else navigate(`/o/${e.target.value}`);
            }}
          >
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} ({ROLE_LABEL[o.role] ?? o.role})
              </option>
            ))}
            <option value="__new">+ Create organization…</option>
          </select>
        </div>
        <div className="user-box">
          <Link to={`${base}/account`} className="user-name">
            {session?.user.name}
          </Link>
          <button type="button" className="small" onClick={() => signOut().then(() => navigate('/sign-in'))}>
            Sign out
          </button>
        </div>
      </header>
      <div className="layout">
        <nav className="sidenav" aria-label="Main">
          <ul>
            {nav
              .filter((n) => n.show)
              .map((n) => (
                <li key={n.to}>
                  <Link to={n.to} aria-current={current(n.to) ? 'page' : undefined}>
                    {n.label}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        <main id="main" className="content">
          <OrgContext.Provider value={{ org, base }}>{children}</OrgContext.Provider>
        </main>
      </div>
      {newOrg && <NewOrgDialog onClose={() => setNewOrg(false)} />}
    </div>
  );
}

function HomePage() {
  const { org, base } = useOrg();
  const { session } = useApp();
  const people = can(org, 'invitations');
  return (
    <>
      <PageHead title={people ? org.name : 'My trainings'} />
      <p>
        Welcome, {session?.user.name}. You are {org.role === 'admin' || org.role === 'owner' ? 'an' : 'a'}{' '}
        <strong>{ROLE_LABEL[org.role] ?? org.role}</strong> in <strong>{org.name}</strong>.
      </p>
      {people ? (
        <div className="cards">
          <Link to={`${base}/people`} className="tile">
            <strong>People</strong>
            <span>Invite people, follow every invitation, resend or cancel.</span>
          </Link>
          <Link to={`${base}/groups`} className="tile">
            <strong>Groups & trainings</strong>
            <span>Groups carry trainings: people invited into a group get its trainings.</span>
          </Link>
          {can(org, 'settings') && (
            <Link to={`${base}/join-page`} className="tile">
              <strong>Join page</strong>
              <span>A public page where people join after verifying their email address.</span>
            </Link>
          )}
        </div>
      ) : null}
      <MyTrainings />
    </>
  );
}

interface Me {
  groups: Array<{ id: string; name: string }>;
  trainings: Array<{ id: string; name: string }>;
}

/** Every member's own view: their groups and the trainings assigned through them. */
function MyTrainings() {
  const { org } = useOrg();
  const [me, setMe] = useState<Me | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    get<Me>(`/orgs/${org.id}/me`).then(setMe, () => setFailed(true));
  }, [org.id]);
  if (failed) return null;
  if (!me) return <Spinner />;
  return (
    <section className="panel my-trainings" aria-labelledby="my-trainings">
      <h2 id="my-trainings">Your trainings</h2>
      {me.trainings.length ? (
        <ul className="plain-list" data-testid="my-trainings">
          {me.trainings.map((t) => (
            <li key={t.id}>
              <span aria-hidden="true">📘</span> {t.name}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No training is assigned to you yet.</p>
      )}
      <p className="muted small">
        {me.groups.length
          ? `Assigned through your group${me.groups.length === 1 ? '' : 's'}: ${me.groups.map((g) => g.name).join(', ')}.`
          : 'You are not in a group yet. Trainings come with the groups your administrators put you in.'}
      </p>
    </section>
  );
}

function AccountPage() {
  const { session } = useApp();
  return (
    <>
      <PageHead title="Your account" lead={`${session?.user.name} · ${session?.user.email}`} />
      <section className="panel form-narrow" aria-labelledby="change-password">
        <h2 id="change-password">Change password</h2>
        <ChangePasswordForm />
      </section>
    </>
  );
}

export default function Console() {
  const { session } = useApp();
  const { path } = useLocation();
  const orgs = session?.organizations.filter((o) => o.status !== 'deactivated') ?? [];
  const m = match('/o/:org', path.split('/').slice(0, 3).join('/'));
  if (!m) {
    if (!orgs.length) return <NoOrganization />;
    const first = orgs[0]!;
    return <Redirect to={can(first, 'invitations') ? `/o/${first.id}/people` : `/o/${first.id}`} />;
  }
  const org = orgs.find((o) => o.id === m.org);
  if (!org) {
    return (
      <Shell
        org={orgs[0] ?? { id: m.org!, name: 'Unknown', role: 'learner', permissions: [], status: 'active' }}
      >
        <PageHead title="Organization not found" />
        <p>You are not a member of this organization, or it does not exist.</p>
        <Link to="/">Go to your organizations</Link>
      </Shell>
    );
  }
  const base = `/o/${org.id}`;
  const sub = path.slice(base.length).replace(/\/$/, '');
  const people = can(org, 'invitations');
  const settings = can(org, 'settings');
  let page: ReactNode;
  const detail = match('/invitations/:id', sub);
  if (sub === '') page = <HomePage />;
  else if (sub === '/account') page = <AccountPage />;
  else if (sub === '/people' && people) page = <PeoplePage />;
  else if (detail && people) page = <InvitationDetailPage id={detail.id!} />;
  else if (sub === '/groups' && people) page = <GroupsPage />;
  else if (sub === '/imports' && people) page = <ImportsPage />;
  else if (sub === '/templates' && can(org, 'templates')) page = <TemplatesPage />;
  else if (sub === '/settings' && settings) page = <SettingsPage />;
  else if (sub === '/api-keys' && settings) page = <ApiKeysPage />;
  else if (sub === '/join-page' && settings) page = <JoinPageSettings />;
  else if (sub === '/mailbox' && people) page = <MailboxPage />;
  else
    page = (
      <>
        <PageHead title="Page not available" />
        <p>This page does not exist, or your role in {org.name} does not include it.</p>
        <Link to={base}>Back to {org.name}</Link>
      </>
    );
  return (
    <Shell key={org.id} org={org}>
      {page}
    </Shell>
  );
}

function NoOrganization() {
  const { signOut, session } = useApp();
  const [open, setOpen] = useState(false);
  usePageTitle('No organization');
  return (
    <div className="card-page">
      <main id="main" className="card">
        <h1>No organization yet</h1>
        <p>
          {session?.user.email} is not an active member of any organization. Ask an administrator for an
          invitation, or create your own organization.
        </p>
        <button type="button" className="primary" onClick={() => setOpen(true)}>
          Create organization
        </button>{' '}
        <button type="button" onClick={() => signOut()}>
          Sign out
        </button>
        {open && <NewOrgDialog onClose={() => setOpen(false)} />}
      </main>
    </div>
  );
}
