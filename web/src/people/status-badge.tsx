import type { Invitation } from '../api.ts';
import { Tip } from '../ui/tip.tsx';
import { actionsOf, STATUS_LABEL, statusReason } from './invitation-status.ts';

export function StatusBadge({ inv }: { inv: Invitation }) {
  const badge = (
    <span className={`badge status-${inv.status}`}>{STATUS_LABEL[inv.status] ?? inv.status}</span>
  );
  if (actionsOf(inv).length > 0) return badge;
  return <Tip text={statusReason(inv)}>{badge}</Tip>;
}
