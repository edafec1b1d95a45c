import { T, useT } from '../i18n/use-t.tsx';
import type { AppChoice } from '../landing/types.ts';
import { Field } from '../ui/field.tsx';
import { hidden } from './hidden.tsx';
import { draft, type TrainingDraft } from './training-draft.ts';

/** The group's trainings, one row each: a name and, optionally, where the training opens. */
export function TrainingsEditor({
  rows,
  apps,
  onChange,
}: {
  rows: TrainingDraft[];
  apps: AppChoice[];
  onChange: (rows: TrainingDraft[]) => void;
}) {
  const t = useT();
  const update = (key: number, change: Partial<TrainingDraft>) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, ...change } : r)));
  return (
    <fieldset className="training-editor">
      <legend>{t('groups.trainings.legend')}</legend>
      <p className="hint">{t('groups.trainings.hint')}</p>
      {rows.map((r, i) => (
        <div key={r.key} className="training-fields">
          <Field label={t('groups.trainings.name', { n: i + 1 })}>
            {(p) => (
              <input
                {...p}
                maxLength={200}
                value={r.name}
                onChange={(e) => update(r.key, { name: e.target.value })}
              />
            )}
          </Field>
          <div className="launch">
            <Field label={t('groups.trainings.launchUrl', { n: i + 1 })}>
              {(p) => (
                <input
                  {...p}
                  type="url"
                  inputMode="url"
                  maxLength={2000}
                  placeholder="https://learn.example.com/course/12"
                  value={r.launchUrl}
                  onChange={(e) => update(r.key, { launchUrl: e.target.value })}
                />
              )}
            </Field>
            {(apps.length > 0 || r.appId) && (
              <Field label={t('groups.trainings.app', { n: i + 1 })} hint={t('groups.trainings.appHint')}>
                {(p) => (
                  <select {...p} value={r.appId} onChange={(e) => update(r.key, { appId: e.target.value })}>
                    <option value="">{t('groups.trainings.noApp')}</option>
                    {apps.map((a) => (
                      <option key={a.id} value={a.id}>
                        {a.name}
                      </option>
                    ))}
                    {r.appId && !apps.some((a) => a.id === r.appId) && (
                      <option value={r.appId}>{t('groups.trainings.goneApp')}</option>
                    )}
                  </select>
                )}
              </Field>
            )}
          </div>
          <button
            type="button"
            className="small"
            onClick={() => onChange(rows.filter((x) => x.key !== r.key))}
          >
            <T id="groups.trainings.remove" values={{ n: i + 1, hidden }} />
          </button>
        </div>
      ))}
      <div>
        <button type="button" className="small" onClick={() => onChange([...rows, draft()])}>
          {t('groups.trainings.add')}
        </button>
      </div>
    </fieldset>
  );
}
