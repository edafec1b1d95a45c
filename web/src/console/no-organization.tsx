import { useState } from 'react';
import { T, useT } from '../i18n/use-t.tsx';
import { usePageTitle } from '../router.tsx';
import { useApp } from '../session.tsx';
import { NewOrgDialog } from './new-org-dialog.tsx';

export function NoOrganization() {
  const { signOut, session } = useApp();
  const [open, setOpen] = useState(false);
  const t = useT();
  usePageTitle(t('console.noOrg.pageTitle'));
  return (
    <div className="card-page">
      <main id="main" className="card">
        <h1>{t('console.noOrg.title')}</h1>
        <p>
          <T
            id="console.noOrg.body"
            values={{ email: session?.user.email ?? '', b: (chunks) => <bdi>{chunks}</bdi> }}
          />
        </p>
        <button type="button" className="primary" onClick={() => setOpen(true)}>
          {t('console.noOrg.create')}
        </button>{' '}
        <button type="button" onClick={() => signOut()}>
          {t('console.signOut')}
        </button>
        {open && <NewOrgDialog onClose={() => setOpen(false)} />}
      </main>
    </div>
  );
}
