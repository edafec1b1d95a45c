import type { InvitationStatus } from '../api.ts';
import { useT } from '../i18n/use-t.tsx';
import { STATUS_CHIPS } from './invitation-status.ts';

/** Status chips that filter the invitation list; any number may be on at once. */
export function StatusFilter({
  statuses,
  onChange,
}: {
  statuses: InvitationStatus[];
  onChange: (statuses: InvitationStatus[]) => void;
}) {
  const t = useT();
  const toggle = (s: InvitationStatus) =>
    onChange(statuses.includes(s) ? statuses.filter((x) => x !== s) : [...statuses, s]);
  return (
    <fieldset className="chips">
      <legend className="visually-hidden">{t('people.filter.legend')}</legend>
      <span className="chips-label" aria-hidden="true">
        {t('people.filter.label')}
      </span>
      {STATUS_CHIPS.map((c) => (
        <button
          key={c.status}
          type="button"
          className="chip"
          aria-pressed={statuses.includes(c.status)}
          onClick={() => toggle(c.status)}
        >
          {statuses.includes(c.status) && <span aria-hidden="true">✓</span>}
          {t(c.label)}
        </button>
      ))}
      {statuses.length > 0 && (
        <button type="button" className="link small" onClick={() => onChange([])}>
          {t('people.filter.clear')}
        </button>
      )}
    </fieldset>
  );
}
