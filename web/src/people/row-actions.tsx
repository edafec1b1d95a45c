import type { Invitation } from '../api.ts';
import { useT } from '../i18n/use-t.tsx';
import { MenuButton } from '../ui/menu-button.tsx';
import { useInvitationActions } from './use-invitation-actions.tsx';

/** The ⋮ menu of an invitation's actions (resend, cancel…) and their dialogs; `label` names the menu. */
export function RowActions({
  inv,
  onChange,
  onReload,
  label,
}: {
  inv: Invitation;
  onChange: (i: Invitation) => void;
  onReload: () => void;
  label?: string;
}) {
  const t = useT();
  const { items, dialogs } = useInvitationActions(inv, onChange, onReload);
  if (!items.length) return null;
  return (
    <>
      <MenuButton label={label ?? t('people.row.actionsFor', { email: inv.email })} items={items} />
      {dialogs}
    </>
  );
}
