import { lazy, Suspense } from 'react';
import { can, roleLabel } from '../api.ts';
import { T, useT } from '../i18n/use-t.tsx';
import { Link } from '../router.tsx';
import { useApp } from '../session.tsx';
import { Spinner } from '../ui/spinner.tsx';
import { MyTrainings } from './my-trainings.tsx';
import { useOrg } from './org-context.ts';
import { PageHead } from './page-head.tsx';

// The overview and its charting library load only when the overview opens.
const OverviewPage = lazy(() => import('../overview/overview-page.tsx'));

export function HomePage() {
  const { org, base } = useOrg();
  const { session } = useApp();
  const people = can(org, 'invitations');
  const t = useT();
  return (
    <>
      <PageHead title={people ? org.name : t('console.nav.myTrainings')} />
      <p>
        <T
          id="console.home.welcome"
          values={{
            name: session?.user.name ?? '',
            role: org.role,
            roleName: roleLabel(t, org.role),
            org: org.name,
            b: (chunks) => <strong>{chunks}</strong>,
          }}
        />
      </p>
      {people ? (
        <Suspense fallback={<Spinner label={t('console.home.loadingOverview')} />}>
          <OverviewPage />
        </Suspense>
      ) : null}
      {people ? (
        <div className="cards">
          <Link to={`${base}/people`} className="tile">
            <strong>{t('console.nav.people')}</strong>
            <span>{t('console.home.peopleText')}</span>
          </Link>
          <Link to={`${base}/groups`} className="tile">
            <strong>{t('console.nav.groups')}</strong>
            <span>{t('console.home.groupsText')}</span>
          </Link>
          {can(org, 'settings') && (
            <Link to={`${base}/join-page`} className="tile">
              <strong>{t('console.nav.joinPage')}</strong>
              <span>{t('console.home.joinText')}</span>
            </Link>
          )}
        </div>
      ) : null}
      <MyTrainings />
    </>
  );
}
