import { useIntl } from 'react-intl';
import type { Invitation } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { useT } from '../i18n/use-t.tsx';
import { roleName } from '../members/role-names.ts';
import { Link } from '../router.tsx';
import { EmailAddress } from '../ui/email-address.tsx';
import { Time } from '../ui/time.tsx';
import { useActorName } from './actor-name.ts';
import { DeliveryProblem } from './delivery-problem.tsx';
import { eventLabel } from './invitation-status.ts';
import { RowActions } from './row-actions.tsx';
import { StatusBadge } from './status-badge.tsx';

/** One invitation in the list: select box, address, role, groups, status, last event and actions. */
export function InvitationRow({
  inv,
  selected,
  onToggle,
  onChange,
  onReload,
}: {
  inv: Invitation;
  selected: boolean;
  onToggle: () => void;
  onChange: (inv: Invitation) => void;
  onReload: () => void;
}) {
  const { base } = useOrg();
  const t = useT();
  const { formatList, formatNumber } = useIntl();
  const actorName = useActorName();
  const actor = inv.lastEvent ? actorName(inv.lastEvent.actor) : null;
  return (
    <tr className={selected ? 'selected' : undefined} data-email={inv.email}>
      <td className="check">
        <input
          type="checkbox"
          aria-label={t('people.row.select', { email: inv.email })}
          checked={selected}
          onChange={onToggle}
        />
      </td>
      <td data-label={t('people.list.address')} className="address">
        <Link to={`${base}/invitations/${inv.id}`}>
          <EmailAddress address={inv.email} />
        </Link>
        {inv.user?.name && <div className="muted small">{inv.user.name}</div>}
      </td>
      <td data-label={t('people.list.role')}>{roleName(t, inv.role)}</td>
      <td data-label={t('people.list.groups')}>
        {formatList(
          inv.groups.map((g) => g.name),
          { type: 'unit', style: 'short' },
        ) || <span className="muted">—</span>}
      </td>
      <td data-label={t('people.list.status')}>
        <StatusBadge inv={inv} />
      </td>
      <td data-label={t('people.row.delivery')}>
        <DeliveryProblem inv={inv} />
      </td>
      <td data-label={t('people.list.lastUpdated')} className="last-updated">
        {inv.lastEvent ? (
          <>
            <span className="event">{eventLabel(inv.lastEvent.type)}</span> <Time iso={inv.lastEvent.at} />
            {actor && <div className="muted small">{t('people.detail.by', { name: actor })}</div>}
          </>
        ) : (
          <Time iso={inv.updatedAt} />
        )}
      </td>
      <td data-label={t('people.list.sent')} className="num">
        {formatNumber(inv.sentCount)}
      </td>
      <td className="actions">
        <RowActions inv={inv} onChange={onChange} onReload={onReload} />
      </td>
    </tr>
  );
}
