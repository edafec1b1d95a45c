import type { Invitation } from '../api.ts';
import { useT } from '../i18n/use-t.tsx';

export function DeliveryProblem({ inv }: { inv: Invitation }) {
  const t = useT();
  const d = inv.delivery;
  if (!d || (d.status !== 'failed' && d.status !== 'bounced')) return <span className="muted">—</span>;
  return (
    <span className="delivery-problem">
      <span className="badge status-problem">
        {d.status === 'bounced' ? t('people.delivery.bounced') : t('people.delivery.notDelivered')}
      </span>
      {d.detail && <span className="detail">{d.detail}</span>}
    </span>
  );
}
