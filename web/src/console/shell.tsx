import { type ReactNode, useEffect, useRef, useState } from 'react';
import { can, get, type Membership, roleLabel } from '../api.ts';
import { useQuery } from '../data/use-query.ts';
import { useT } from '../i18n/use-t.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import { useApp } from '../session.tsx';
import { NewOrgDialog } from './new-org-dialog.tsx';
import { OrgContext } from './org-context.ts';

/** The path, once a GET of it succeeded. */
const readable = (path: string) => get(path).then(() => path);

export function Shell({ org, children }: { org: Membership; children: ReactNode }) {
  const { session, signOut, instance } = useApp();
  const { path } = useLocation();
  const t = useT();
  const [newOrg, setNewOrg] = useState(false);
  // On a narrow screen the navigation is a menu behind a button; it closes when a page opens.
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the path is the trigger, not an input
  useEffect(() => setMenuOpen(false), [path]);
  const base = `/o/${org.id}`;
  const people = can(org, 'invitations');
  const settings = can(org, 'settings');
  // Import shows only where this organization's imports can be read: the answer is the path read.
  const importsPath = people ? `/orgs/${org.id}/imports?limit=1` : null;
  const importsRead = useQuery<string>(importsPath, { load: readable });
  const hasImports = importsPath !== null && importsRead.data === importsPath && !importsRead.error;

  const nav: Array<{ to: string; label: string; show: boolean }> = [
    { to: base, label: people ? t('console.nav.overview') : t('console.nav.myTrainings'), show: true },
    { to: `${base}/people`, label: t('console.nav.people'), show: people },
    { to: `${base}/imports`, label: t('console.nav.import'), show: people && hasImports },
    { to: `${base}/groups`, label: t('console.nav.groups'), show: people },
    { to: `${base}/templates`, label: t('console.nav.templates'), show: can(org, 'templates') },
    { to: `${base}/join-page`, label: t('console.nav.joinPage'), show: settings },
    { to: `${base}/settings`, label: t('console.nav.settings'), show: settings },
    { to: `${base}/apps`, label: t('console.nav.apps'), show: settings },
    { to: `${base}/api-keys`, label: t('console.nav.apiKeys'), show: settings },
    { to: `${base}/webhooks`, label: t('console.nav.webhooks'), show: settings },
    { to: `${base}/delivery`, label: t('console.nav.delivery'), show: people },
    { to: `${base}/sending-domain`, label: t('console.nav.sendingDomain'), show: settings },
    { to: `${base}/audit-log`, label: t('console.nav.auditLog'), show: settings },
    // Managers see emails through their groups' invitations; the mailbox is the whole organization's.
    {
      to: `${base}/mailbox`,
      label: t('console.nav.mailbox'),
      show: instance.mailboxEnabled && people && org.role !== 'manager',
    },
  ];
  const current = (to: string) =>
    to === base
      ? path === base || path === `${base}/`
      : path === to ||
        path.startsWith(`${to}/`) ||
        // An invitation's and a member's own pages belong to People.
        (to.endsWith('/people') &&
          (path.startsWith(`${base}/invitations`) || path.startsWith(`${base}/members`)));

  const orgs = session?.organizations.filter((o) => o.status !== 'deactivated') ?? [];
  // A learner everywhere creates no organization unless the instance allows it (the API agrees).
  const mayCreateOrg = !!instance.learnersCreateOrganizations || orgs.some((o) => o.role !== 'learner');
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
            {t('console.shell.organization')}
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
                {t('console.shell.orgOption', { name: o.name, role: roleLabel(t, o.role) })}
              </option>
            ))}
            {mayCreateOrg && <option value="__new">{t('console.shell.createOrg')}</option>}
          </select>
        </div>
        <div className="user-box">
          <Link to={`${base}/account`} className="user-name">
            {session?.user.name}
          </Link>
          <button type="button" className="small" onClick={() => signOut().then(() => navigate('/sign-in'))}>
            {t('console.signOut')}
          </button>
        </div>
      </header>
      <div className="layout">
        <nav
          className={menuOpen ? 'sidenav open' : 'sidenav'}
          aria-label={t('console.nav.label')}
          // Escape closes the open menu and gives focus back to its button, as menus do.
          onKeyDown={(e) => {
            if (e.key !== 'Escape' || !menuOpen) return;
            setMenuOpen(false);
            menuButton.current?.focus();
          }}
        >
          <button
            ref={menuButton}
            type="button"
            className="nav-toggle"
            aria-expanded={menuOpen}
            aria-controls="main-nav-list"
            onClick={() => setMenuOpen((open) => !open)}
          >
            <span aria-hidden="true">☰</span> {t('console.nav.menu')}
            <span className="visually-hidden">: </span>
            <span className="nav-current">{nav.find((n) => n.show && current(n.to))?.label ?? ''}</span>
          </button>
          <ul id="main-nav-list">
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
