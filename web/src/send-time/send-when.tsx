import { useId } from 'react';
import { intl } from '../i18n/current.ts';
import { useT } from '../i18n/use-t.tsx';
import { Field } from '../ui/field.tsx';
import { sendTimeText, useSendZone } from './send-zone.ts';
import { ZoneNote } from './zone-note.tsx';
import { zonedInput, zonedInstant } from './zoned-time.ts';

/**
 * Why a chosen send time cannot be one, or null when it can. The server refuses a time more than
 * a minute past (400 naming `sendAt`); the dialog says so before asking it. `value` is anything
 * `Date` reads (an ISO instant, as SendWhen gives, or a browser-local date-time); `zone` is the one
 * the time is shown in.
 */
export function sendTimeProblem(value: string, now = Date.now(), zone?: string): string | null {
  const at = new Date(value);
  if (!value || Number.isNaN(at.getTime())) return intl().formatMessage({ id: 'send-time.problem.empty' });
  if (at.getTime() < now - 60_000)
    return intl().formatMessage(
      { id: 'send-time.problem.passedOrNow' },
      { time: sendTimeText(at.toISOString(), zone) },
    );
  return null;
}

/**
 * "When to send": Now, or at a chosen time on the organization's clocks (at least this minute).
 * Now is an explicit choice, so a past or empty time is never read as "send at once". `value` is
 * a time `Date` reads; `onChange` gives the chosen instant as ISO, or "" while none is whole.
 */
export function SendWhen({
  later,
  onLater,
  value,
  onChange,
  legend,
  showProblem = true,
}: {
  later: boolean;
  onLater: (later: boolean) => void;
  value: string;
  onChange: (value: string) => void;
  legend?: string;
  /** False until the person tries to send, so a time being typed is not flagged half-way. */
  showProblem?: boolean;
}) {
  const t = useT();
  const { zone, local } = useSendZone();
  const problem = later && showProblem ? sendTimeProblem(value, Date.now(), zone) : null;
  const name = useId();
  return (
    <fieldset className="field send-when">
      <legend>{legend ?? t('send-time.when')}</legend>
      <label className="check-label">
        <input type="radio" name={name} checked={!later} onChange={() => onLater(false)} />{' '}
        {t('send-time.now')}
      </label>
      <label className="check-label">
        <input type="radio" name={name} checked={later} onChange={() => onLater(true)} />{' '}
        {t('send-time.later')}
      </label>
      {later && (
        <Field
          label={local ? t('send-time.atLocal') : t('send-time.atZone', { zone })}
          hint={<ZoneNote zone={zone} />}
          error={problem}
        >
          {(p) => (
            <input
              {...p}
              type="datetime-local"
              required
              min={zonedInput(Date.now(), zone)}
              value={value ? zonedInput(value, zone) : ''}
              onChange={(e) => onChange(zonedInstant(e.target.value, zone) ?? '')}
            />
          )}
        </Field>
      )}
    </fieldset>
  );
}
