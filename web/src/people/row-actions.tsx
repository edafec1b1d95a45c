import type { Invitation } from '../api.ts';
import { useT } from '../i18n/use-t.tsx';
import { MenuButton } from '../ui/menu-button.tsx';
import { useInvitationActions } from './use-invitation-actions.tsx';

export function RowActions({
  inv,
  onChange,
  onReload,
}: {
  inv: Invitation;
  onChange: (i: Invitation) => void;
  onReload: () => void;
}) {
  const t = useT();
  const { items, dialogs } = useInvitationActions(inv, onChange, onReload);
  if (!items.length) return null;
  return (
    <>
      <MenuButton label={t('people.row.actionsFor', { email: inv.email })} items={items} />
      {dialogs}
    </>
  );
}
