import type { Dispatch, SetStateAction } from 'react';
import { useIntl } from 'react-intl';
import type { Group } from '../api.ts';
import { useT } from '../i18n/use-t.tsx';
import { Spinner } from '../ui/spinner.tsx';

/** The groups an invitation puts people in, as checkboxes; says when the organization requires one. */
export function GroupChoices({
  groups,
  required,
  chosen,
  onChange,
}: {
  groups: Group[] | null;
  required: boolean;
  chosen: string[];
  onChange: Dispatch<SetStateAction<string[]>>;
}) {
  const t = useT();
  const { formatList } = useIntl();
  return (
    <fieldset className="groups-field">
      <legend>
        {t('people.groups.legend')}{' '}
        {required ? (
          <span className="req">{t('people.groups.required')}</span>
        ) : (
          <span className="muted">{t('people.groups.optional')}</span>
        )}
      </legend>
      {groups === null ? (
        <Spinner />
      ) : groups.length === 0 ? (
        <p className="muted small">{required ? t('people.groups.noneRequired') : t('people.groups.none')}</p>
      ) : (
        <div className="checks">
          {groups.map((g) => (
            <label key={g.id} className="check-label">
              <input
                type="checkbox"
                checked={chosen.includes(g.id)}
                onChange={() =>
                  onChange((ids) => (ids.includes(g.id) ? ids.filter((x) => x !== g.id) : [...ids, g.id]))
                }
              />{' '}
              {g.name}
              {g.trainings.length > 0 && (
                <span className="muted small">
                  {' '}
                  {t('people.groups.trainings', {
                    trainings: formatList(g.trainings, { type: 'unit', style: 'short' }),
                  })}
                </span>
              )}
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}
