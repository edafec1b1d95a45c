import { type FormEvent, type ReactNode, useState } from 'react';
import { ApiError, type Invitation, post } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { T, useT } from '../i18n/use-t.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { errorText } from '../ui/error-text.ts';
import { Field } from '../ui/field.tsx';
import { FormError } from '../ui/form-error.tsx';
import { useToast } from '../ui/toast.tsx';

/** `<b>` in a message: the address the email went to, kept left to right inside any text. */
const address = (chunks: ReactNode[]) => (
  <strong className="break-anywhere">
    <bdi>{chunks}</bdi>
  </strong>
);
/** `<answer>` in a message: the receiving server's own answer. */
const answer = (chunks: ReactNode[]) => <span className="muted break-anywhere">{chunks}</span>;

/**
 * "Correct address": a new invitation to the corrected address with the same role, groups and
 * message, the old one cancelled (its link stops working at once). Offered on any open
 * invitation; for one whose email bounced or failed it reads "Correct address and resend".
 */
export function CorrectAddressDialog({
  invitation,
  onClose,
  onDone,
}: {
  invitation: Pick<Invitation, 'id' | 'email' | 'status' | 'delivery'>;
  onClose: () => void;
  onDone: (created: Invitation, replaced: Invitation) => void;
}) {
  const { org } = useOrg();
  const t = useT();
  const toast = useToast();
  const [email, setEmail] = useState(invitation.email);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [suggestion, setSuggestion] = useState<string | null>(null);
  const [allowTypos, setAllowTypos] = useState(false);
  const [busy, setBusy] = useState(false);
  const failed = invitation.delivery.status === 'failed' || invitation.delivery.status === 'bounced';
  const title = failed ? t('delivery.correct.titleFailed') : t('delivery.correct.title');

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setFieldError(null);
    try {
      const r = await post<{ invitation: Invitation; replaced: Invitation }>(
        `/orgs/${org.id}/invitations/${invitation.id}/correct-address`,
        { email: email.trim(), ...(allowTypos ? { allowTypos: true } : {}) },
      );
      toast('success', t('delivery.correct.done', { email: r.invitation.email, old: invitation.email }));
      onDone(r.invitation, r.replaced);
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.field === 'email') {
        setFieldError(errorText(err));
        setSuggestion(err.code === 'possible_typo' ? suggestionOf(err) : null);
      } else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={title} onClose={onClose}>
      <form onSubmit={submit} className="dialog-body" noValidate>
        <p>
          {failed ? (
            invitation.delivery.detail ? (
              <T
                id="delivery.correct.failedWithAnswer"
                values={{ email: invitation.email, detail: invitation.delivery.detail, b: address, answer }}
              />
            ) : (
              <T id="delivery.correct.failed" values={{ email: invitation.email, b: address }} />
            )
          ) : (
            <T id="delivery.correct.open" values={{ email: invitation.email, b: address }} />
          )}{' '}
          {t('delivery.correct.sameDetails')}
        </p>
        <FormError error={error} />
        <Field label={t('delivery.correct.label')} error={fieldError}>
          {(p) => (
            <input
              {...p}
              type="email"
              autoComplete="off"
              required
              maxLength={320}
              value={email}
              onChange={(e) => {
                setEmail(e.target.value);
                setFieldError(null);
                setSuggestion(null);
              }}
            />
          )}
        </Field>
        {suggestion && (
          <div className="inline-actions">
            <button
              type="button"
              onClick={() => {
                setEmail(suggestion);
                setSuggestion(null);
                setFieldError(null);
              }}
            >
              {t('delivery.correct.useSuggestion', { suggestion })}
            </button>
            <label className="checkbox">
              <input type="checkbox" checked={allowTypos} onChange={(e) => setAllowTypos(e.target.checked)} />{' '}
              {t('delivery.correct.asTyped')}
            </label>
          </div>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('delivery.correct.cancel')}
          </button>
          <button
            type="submit"
            className="primary"
            disabled={busy || !email.trim() || email.trim().toLowerCase() === invitation.email.toLowerCase()}
          >
            {failed ? t('delivery.correct.submitFailed') : t('delivery.correct.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** The address the server suggests for a likely typo: its details, else its English message. */
function suggestionOf(err: ApiError): string | null {
  const { suggestion } = err.details;
  if (typeof suggestion === 'string') return suggestion;
  return /Did you mean (\S+)\?/.exec(err.message)?.[1] ?? null;
}
