import { type FormEvent, type ReactNode, useState } from 'react';
import { ApiError } from '../api.ts';
import { useT } from '../i18n/use-t.tsx';
import { sendTimeText, useSendZone } from '../send-time/send-zone.ts';
import { ZoneNote } from '../send-time/zone-note.tsx';
import { zonedInput, zonedInstant } from '../send-time/zoned-time.ts';
import { Dialog } from './dialog.tsx';
import { errorText } from './error-text.ts';
import { Field } from './field.tsx';
import { FormError } from './form-error.tsx';

/**
 * "Change send time": one datetime-local field on the organization's clocks. `onSave` gets the ISO
 * time and does the request (and closes); what it throws is shown in the dialog.
 */
export function SendTimeDialog({
  title,
  intro,
  initial,
  onSave,
  onClose,
}: {
  title?: string;
  intro?: ReactNode;
  initial: string | null | undefined;
  onSave: (sendAt: string) => Promise<void>;
  onClose: () => void;
}) {
  const t = useT();
  const { zone, local } = useSendZone();
  // The chosen instant (ISO), so the field follows the zone once the organization's arrives.
  const [when, setWhen] = useState(() => {
    const at = new Date(initial ?? Date.now() + 3600_000);
    if (Number.isNaN(at.getTime())) return '';
    at.setUTCSeconds(0, 0);
    return at.toISOString();
  });
  const [error, setError] = useState<{ text: string; field: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const at = new Date(when);
    if (!when || Number.isNaN(at.getTime())) {
      setError({ text: t('send-time.problem.empty'), field: true });
      return;
    }
    // The server refuses a time more than a minute past; say so before asking it.
    if (at.getTime() < Date.now() - 60_000) {
      setError({
        text: t('send-time.problem.passed', { time: sendTimeText(at.toISOString(), zone) }),
        field: true,
      });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSave(at.toISOString());
    } catch (err) {
      setError({
        text: errorText(err),
        field: !(err instanceof ApiError) || !err.field || err.field === 'sendAt',
      });
      setBusy(false);
    }
  }
  return (
    <Dialog title={title ?? t('send-time.dialog.title')} onClose={onClose}>
      <form onSubmit={submit} className="dialog-body" noValidate>
        {intro}
        <FormError error={error?.text ?? null} />
        <Field
          label={local ? t('send-time.atLocal') : t('send-time.atZone', { zone })}
          hint={<ZoneNote zone={zone} />}
        >
          {(p) => (
            <input
              {...p}
              type="datetime-local"
              required
              min={zonedInput(Date.now(), zone)}
              aria-invalid={error?.field ? true : undefined}
              value={when ? zonedInput(when, zone) : ''}
              onChange={(e) => setWhen(zonedInstant(e.target.value, zone) ?? '')}
            />
          )}
        </Field>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('send-time.dialog.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('send-time.dialog.saving') : t('send-time.dialog.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
