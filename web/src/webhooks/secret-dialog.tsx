import { useT } from '../i18n/use-t.tsx';
import { copyText } from '../ui/copy-text.ts';
import { Dialog } from '../ui/dialog.tsx';
import { useToast } from '../ui/toast.tsx';

/** Shows a signing secret with a copy button (after creating, revealing or rotating). */
export function SecretDialog({
  secret,
  rotated,
  onClose,
}: {
  secret: string;
  rotated?: boolean;
  onClose: () => void;
}) {
  const toast = useToast();
  const t = useT();
  return (
    <Dialog title={rotated ? t('webhooks.secret.newTitle') : t('webhooks.secret.title')} onClose={onClose}>
      <div className="dialog-body">
        <p>{rotated ? t('webhooks.secret.rotatedBody') : t('webhooks.secret.body')}</p>
        <p>
          <code className="secret" data-testid="webhook-secret">
            {secret}
          </code>
        </p>
      </div>
      <div className="dialog-actions">
        <button
          type="button"
          onClick={() =>
            copyText(secret).then(
              () => toast('success', t('webhooks.secret.copied')),
              () => {},
            )
          }
        >
          {t('webhooks.secret.copy')}
        </button>
        <button type="button" className="primary" onClick={onClose}>
          {t('webhooks.secret.done')}
        </button>
      </div>
    </Dialog>
  );
}
