import { intl } from '../i18n/current.ts';
import { useT } from '../i18n/use-t.tsx';
import { Field } from '../ui/field.tsx';

/** "" means the organization's period; otherwise a whole number of days within it. */
export function expiryProblem(value: string, maxDays: number): string | null {
  if (value.trim() === '') return null;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > maxDays)
    return intl().formatMessage({ id: 'expiry.problem' }, { maxDays });
  return null;
}

/** The body field for a chosen expiry: omitted when the organization's period applies. */
export function expiryBody(value: string): { expiresInDays?: number } {
  return value.trim() === '' ? {} : { expiresInDays: Number(value) };
}

/** How many days the invitation link works, blank for the organization's period (also the maximum). */
export function ExpiryField({
  value,
  maxDays,
  error,
  onChange,
}: {
  value: string;
  maxDays: number;
  error?: string | null;
  onChange: (value: string) => void;
}) {
  const t = useT();
  return (
    <Field
      label={t('expiry.label')}
      hint={t('expiry.hint', { maxDays })}
      error={error ?? expiryProblem(value, maxDays)}
    >
      {(p) => (
        <input
          {...p}
          type="number"
          inputMode="numeric"
          min={1}
          max={maxDays}
          step={1}
          className="narrow"
          value={value}
          placeholder={String(maxDays)}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
}
