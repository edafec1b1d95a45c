import { useEffect } from 'react';
import { can } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { CreditBalanceNote } from './credit-balance.tsx';
import { useCreditBalance } from './use-credit-balance.ts';

/** Dispatched after the console sends or cancels invitations, so balances on screen catch up. */
export const CREDITS_CHANGED = 'beckon:credits-changed';
export const creditsChanged = () => window.dispatchEvent(new Event(CREDITS_CHANGED));

/** The People page's balance line (nothing when credits are off). */
export function PeopleCredits() {
  const { org, base } = useOrg();
  const { credits, reload } = useCreditBalance(org.id);
  useEffect(() => {
    window.addEventListener(CREDITS_CHANGED, reload);
    return () => window.removeEventListener(CREDITS_CHANGED, reload);
  }, [reload]);
  return (
    <CreditBalanceNote
      credits={credits}
      settingsHref={can(org, 'settings') ? `${base}/settings` : undefined}
    />
  );
}
