import { type ReactNode, Suspense } from 'react';
import { can } from '../api.ts';
import { GroupPage } from '../groups/group-page.tsx';
import { GroupsPage } from '../groups/groups-page.tsx';
import { useT } from '../i18n/use-t.tsx';
import { PersonPage } from '../members/person-page.tsx';
import { InvitationDetailPage } from '../people/invitation-detail-page.tsx';
import { PeoplePage } from '../people/people-page.tsx';
import { Link, match, Redirect, useLocation } from '../router.tsx';
import { useApp } from '../session.tsx';
import { Spinner } from '../ui/spinner.tsx';
import { AccountPage } from './account-page.tsx';
import { HomePage } from './home-page.tsx';
import {
  ApiKeysPage,
  AppsPage,
  AuditLogPage,
  DeliveryPage,
  ImportsPage,
  JoinPageSettings,
  MailboxPage,
  SendingDomainPage,
  SettingsPage,
  TemplatesPage,
  WebhooksPage,
} from './lazy-pages.ts';
import { NoOrganization } from './no-organization.tsx';
import { PageHead } from './page-head.tsx';
import { Shell } from './shell.tsx';

export default function Console() {
  const { session } = useApp();
  const { path } = useLocation();
  const t = useT();
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
        org={
          orgs[0] ?? {
            id: m.org!,
            name: t('console.unknownOrg'),
            role: 'learner',
            permissions: [],
            status: 'active',
          }
        }
      >
        <PageHead title={t('console.orgNotFound.title')} />
        <p>{t('console.orgNotFound.body')}</p>
        <Link to="/">{t('console.orgNotFound.link')}</Link>
      </Shell>
    );
  }
  const base = `/o/${org.id}`;
  const sub = path.slice(base.length).replace(/\/$/, '');
  const people = can(org, 'invitations');
  const settings = can(org, 'settings');
  let page: ReactNode;
  const detail = match('/invitations/:id', sub);
  const groupPage = match('/groups/:id', sub);
  const personPage = match('/members/:id', sub);
  if (sub === '') page = <HomePage />;
  else if (sub === '/account') page = <AccountPage />;
  else if (sub === '/people' && people) page = <PeoplePage />;
  else if (detail && people) page = <InvitationDetailPage id={detail.id!} />;
  else if (sub === '/groups' && people) page = <GroupsPage />;
  else if (groupPage && people) page = <GroupPage id={groupPage.id!} />;
  else if (personPage && people) page = <PersonPage id={personPage.id!} />;
  else if (sub === '/imports' && people) page = <ImportsPage />;
  else if (sub === '/templates' && can(org, 'templates')) page = <TemplatesPage />;
  else if (sub === '/settings' && settings) page = <SettingsPage />;
  else if (sub === '/api-keys' && settings) page = <ApiKeysPage />;
  else if (sub === '/apps' && settings) page = <AppsPage />;
  else if (sub === '/webhooks' && settings) page = <WebhooksPage />;
  else if (sub === '/delivery' && people) page = <DeliveryPage />;
  else if (sub === '/sending-domain' && settings) page = <SendingDomainPage />;
  else if (sub === '/join-page' && settings) page = <JoinPageSettings />;
  else if (sub === '/audit-log' && settings) page = <AuditLogPage />;
  else if (sub === '/mailbox' && people && org.role !== 'manager') page = <MailboxPage />;
  else
    page = (
      <>
        <PageHead title={t('console.unavailable.title')} />
        <p>{t('console.unavailable.body', { org: org.name })}</p>
        <Link to={base}>{t('console.unavailable.back', { org: org.name })}</Link>
      </>
    );
  return (
    <Shell key={org.id} org={org}>
      <Suspense fallback={<Spinner />}>{page}</Suspense>
    </Shell>
  );
}
