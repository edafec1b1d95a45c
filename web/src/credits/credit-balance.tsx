import { T, useT } from '../i18n/use-t.tsx';
import { Link } from '../router.tsx';
import type { CreditBalance } from './use-credit-balance.ts';

/** "12 credits left · 3 held by open invitations", with a link to add more for those who may. */
export function CreditBalanceNote({
  credits,
  settingsHref,
}: {
  credits: CreditBalance | null;
  settingsHref?: string;
}) {
  const t = useT();
  if (!credits?.enabled) return null;
  return (
    <p
      className={credits.balance === 0 ? 'credit-note empty-balance' : 'credit-note'}
      data-testid="credit-balance"
    >
      <T
        id="credits.balance.note"
        values={{ balance: credits.balance, held: credits.held, b: (chunks) => <strong>{chunks}</strong> }}
      />{' '}
      {credits.balance === 0 ? <>{t('credits.balance.empty')} </> : null}
      {settingsHref && <Link to={`${settingsHref}#credits`}>{t('credits.add')}</Link>}
    </p>
  );
}

/**
 * Said before anything is sent: how many of `wanted` invitations the balance allows. Nothing
 * when credits are off or the balance covers them all.
 */
export function CreditAllowance({ credits, wanted }: { credits: CreditBalance | null; wanted: number }) {
  const t = useT();
  if (!credits?.enabled || wanted === 0) return null;
  if (credits.balance >= wanted)
    return (
      <p className="muted small" data-testid="credit-allowance">
        {t('credits.allowance.covered', { wanted, balance: credits.balance })}
      </p>
    );
  return (
    <div className="alert alert-warn" role="status" data-testid="credit-allowance">
      {credits.balance === 0
        ? t('credits.allowance.none', { balance: credits.balance, wanted })
        : t('credits.allowance.partial', {
            balance: credits.balance,
            wanted,
            rest: wanted - credits.balance,
          })}
    </div>
  );
}
