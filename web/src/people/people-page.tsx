import { useRef } from 'react';
import { useOrg } from '../console/org-context.ts';
import { PageHead } from '../console/page-head.tsx';
import { PeopleCredits } from '../credits/people-credits.tsx';
import { useT } from '../i18n/use-t.tsx';
import { navigate, useLocation } from '../router.tsx';
import { InvitationsTab } from './invitations-tab.tsx';
import { MembersTab } from './members-tab.tsx';

export function PeoplePage() {
  const { search } = useLocation();
  const { base } = useOrg();
  const t = useT();
  const tab = search.get('tab') === 'members' ? 'members' : 'invitations';
  const tabs = [
    { id: 'invitations', label: t('people.tabs.invitations') },
    { id: 'members', label: t('people.tabs.members') },
  ];
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  return (
    <>
      <PageHead title={t('people.title')} lead={t('people.lead')} />
      <PeopleCredits />
      <div role="tablist" aria-label={t('people.title')} className="tabs">
        {tabs.map((entry, i) => (
          <button
            key={entry.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${entry.id}`}
            aria-selected={tab === entry.id}
            aria-controls={`panel-${entry.id}`}
            tabIndex={tab === entry.id ? 0 : -1}
            onClick={() =>
              navigate(`${base}/people${entry.id === 'members' ? '?tab=members' : ''}`, { replace: true })
            }
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                // Right to left, the tab on the right is the previous one.
                const forward = (e.key === 'ArrowRight') !== (document.documentElement.dir === 'rtl');
                const next = (i + (forward ? 1 : tabs.length - 1)) % tabs.length;
                refs.current[next]?.focus();
                navigate(`${base}/people${tabs[next]!.id === 'members' ? '?tab=members' : ''}`, {
                  replace: true,
                });
              }
            }}
          >
            {entry.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'invitations' ? <InvitationsTab /> : <MembersTab />}
      </div>
    </>
  );
}
