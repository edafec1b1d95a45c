import { useState } from 'react';
import { ApiError, get, type Invitation, post } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { CorrectAddressDialog } from '../delivery/correct-address-dialog.tsx';
import { msg, T, useT } from '../i18n/use-t.tsx';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { copyText } from '../ui/copy-text.ts';
import { errorText } from '../ui/error-text.ts';
import { fullTime } from '../ui/time.tsx';
import { useToast } from '../ui/toast.tsx';
import { actionsOf } from './invitation-status.ts';
import { RescheduleDialog } from './reschedule-dialog.tsx';
import { SetPasswordDialog } from './set-password-dialog.tsx';

const ACTION_LABEL: Record<string, string> = {
  resend: msg('people.action.resend'),
  renew: msg('people.action.renew'),
  copy_link: msg('people.action.copyLink'),
  set_password: msg('people.action.setPassword'),
  reschedule: msg('people.action.reschedule'),
  correct_address: msg('people.action.correctAddress'),
  cancel: msg('people.action.cancel'),
};

/** The message id of an action's label, or null for one this console does not know. */
function actionLabel(action: string, inv: Invitation): string | null {
  if (action === 'resend' && inv.status === 'expired') return msg('people.action.renew');
  if (action === 'correct_address' && (inv.delivery.status === 'failed' || inv.delivery.status === 'bounced'))
    return msg('people.action.correctAndResend');
  return ACTION_LABEL[action] ?? null;
}

export function useInvitationActions(
  inv: Invitation,
  onChange: (i: Invitation) => void,
  onReload?: () => void,
) {
  const { org } = useOrg();
  const toast = useToast();
  const t = useT();
  const [dialog, setDialog] = useState<null | 'cancel' | 'set_password' | 'reschedule' | 'correct_address'>(
    null,
  );
  const path = `/orgs/${org.id}/invitations/${inv.id}`;

  async function run(action: string) {
    try {
      if (action === 'resend' || action === 'renew') {
        const wasExpired = inv.status === 'expired';
        const updated = await post<Invitation>(`${path}/resend`, {});
        onChange(updated);
        toast(
          'success',
          wasExpired
            ? t('people.toast.renewed', { email: inv.email, expires: fullTime(updated.expiresAt) })
            : t('people.toast.resent', { email: inv.email }),
        );
      } else if (action === 'copy_link') {
        const { url } = await get<{ url: string }>(`${path}/link`);
        await copyText(url);
        toast('success', t('people.toast.linkCopied', { email: inv.email }));
        onReload?.();
      } else if (
        action === 'cancel' ||
        action === 'set_password' ||
        action === 'reschedule' ||
        action === 'correct_address'
      ) {
        setDialog(action);
      }
    } catch (e) {
      toast('error', errorText(e));
      if (e instanceof ApiError && e.status === 409) onReload?.();
    }
  }

  const items = actionsOf(inv).map((a) => {
    const id = actionLabel(a, inv);
    return { label: id ? t(id) : a, danger: a === 'cancel', onSelect: () => run(a) };
  });

  const dialogs = (
    <>
      {dialog === 'cancel' && (
        <ConfirmDialog
          title={t('people.cancel.title')}
          danger
          confirmLabel={t('people.action.cancel')}
          body={
            <p>
              <T
                id="people.cancel.body"
                values={{ email: inv.email, b: (chunks) => <strong>{chunks}</strong> }}
              />
            </p>
          }
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            try {
              const updated = await post<Invitation>(`${path}/cancel`, {});
              onChange(updated);
              toast('success', t('people.toast.cancelled', { email: inv.email }));
              setDialog(null);
            } catch (e) {
              toast('error', errorText(e));
            }
          }}
        />
      )}
      {dialog === 'set_password' && (
        <SetPasswordDialog inv={inv} path={path} onClose={() => setDialog(null)} onChange={onChange} />
      )}
      {dialog === 'reschedule' && (
        <RescheduleDialog inv={inv} path={path} onClose={() => setDialog(null)} onChange={onChange} />
      )}
      {dialog === 'correct_address' && (
        <CorrectAddressDialog
          invitation={inv}
          onClose={() => setDialog(null)}
          onDone={(_created, replaced) => (onReload ? onReload() : onChange(replaced))}
        />
      )}
    </>
  );
  return { items, dialogs };
}
