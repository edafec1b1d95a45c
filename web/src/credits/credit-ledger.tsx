import { useIntl } from 'react-intl';
import type { Static } from 'typebox';
import type { CreditSummary } from '../../../src/credits/schemas.ts';
import { msg, useT } from '../i18n/use-t.tsx';
import { Time } from '../ui/time.tsx';

/** One movement of the balance, as the server presents it. */
export type CreditTransaction = Static<typeof CreditSummary>['transactions'][number];

const REASON: Record<string, string> = {
  purchase: msg('credits.reason.purchase'),
  adjustment: msg('credits.reason.adjustment'),
  hold: msg('credits.reason.hold'),
  release: msg('credits.reason.release'),
  spend: msg('credits.reason.spend'),
};

/** The last movements of the balance: what, how many, for whom, who did it and when. */
export function CreditLedger({ items }: { items: CreditTransaction[] }) {
  const t = useT();
  const intl = useIntl();
  if (items.length === 0) return <p className="empty">{t('credits.ledger.empty')}</p>;
  const when = t('credits.ledger.when');
  const what = t('credits.ledger.what');
  const creditsLabel = t('credits.ledger.credits');
  const invitation = t('credits.ledger.invitation');
  const by = t('credits.ledger.by');
  const note = t('credits.ledger.note');
  return (
    <div className="table-wrap">
      <table className="table" data-testid="credit-ledger">
        <caption>{t('credits.ledger.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{when}</th>
            <th scope="col">{what}</th>
            <th scope="col" className="num">
              {creditsLabel}
            </th>
            <th scope="col">{invitation}</th>
            <th scope="col">{by}</th>
            <th scope="col">{note}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id}>
              <td data-label={when}>
                <Time iso={item.at} />
              </td>
              <td data-label={what}>{REASON[item.reason] ? t(REASON[item.reason]!) : item.reason}</td>
              <td data-label={creditsLabel} className="num">
                <bdi>{intl.formatNumber(item.delta, { signDisplay: 'exceptZero' })}</bdi>
              </td>
              <td data-label={invitation}>
                {item.invitationEmail ? <bdi>{item.invitationEmail}</bdi> : '—'}
              </td>
              <td data-label={by}>
                {item.actorName ?? (item.reason === 'spend' ? t('credits.ledger.invitee') : '—')}
              </td>
              <td data-label={note}>{item.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
