import { type Invitation, patch } from '../api.ts';
import { useT } from '../i18n/use-t.tsx';
import { sendTimeText, useSendZone } from '../send-time/send-zone.ts';
import { SendTimeDialog } from '../ui/send-time-dialog.tsx';
import { useToast } from '../ui/toast.tsx';

export function RescheduleDialog({
  inv,
  path,
  onClose,
  onChange,
}: {
  inv: Invitation;
  path: string;
  onClose: () => void;
  onChange: (i: Invitation) => void;
}) {
  const toast = useToast();
  const t = useT();
  const { zone } = useSendZone();
  return (
    <SendTimeDialog
      initial={inv.sendAt}
      onClose={onClose}
      onSave={async (sendAt) => {
        const updated = await patch<Invitation>(path, { sendAt });
        onChange(updated);
        toast(
          'success',
          t('people.toast.rescheduled', {
            email: inv.email,
            time: sendTimeText(updated.sendAt ?? sendAt, zone),
          }),
        );
        onClose();
      }}
    />
  );
}
