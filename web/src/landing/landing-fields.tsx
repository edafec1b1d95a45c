import { useIntl } from 'react-intl';
import { useT } from '../i18n/use-t.tsx';
import { Field } from '../ui/field.tsx';
import type { AppChoice } from './types.ts';

/** "Continue to <app>" and, when an app is chosen, where on it: shown only when the organization has apps. */
export function LandingFields({
  apps,
  appId,
  returnPath,
  onChange,
  what = 'accepting',
}: {
  apps: AppChoice[];
  appId: string;
  returnPath: string;
  onChange: (value: { appId: string; returnPath: string }) => void;
  /** What the person does before the welcome page: accepting an invitation, or joining through the join page. */
  what?: 'accepting' | 'joining';
}) {
  const t = useT();
  const intl = useIntl();
  if (apps.length === 0 && !appId) return null;
  const app = apps.find((a) => a.id === appId);
  const pathHint = !app
    ? t('landing.returnPath.hintUnknownApp')
    : app.origins.length > 0
      ? t('landing.returnPath.hintOrigins', {
          origins: intl.formatList(app.origins, { type: 'disjunction' }),
        })
      : t('landing.returnPath.hint');
  return (
    <>
      <Field label={t('landing.app.label')} hint={t('landing.app.hint', { what })}>
        {(p) => (
          <select {...p} value={appId} onChange={(e) => onChange({ appId: e.target.value, returnPath })}>
            <option value="">{t('landing.app.none')}</option>
            {apps.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
            {appId && !app && <option value={appId}>{t('landing.app.gone')}</option>}
          </select>
        )}
      </Field>
      {appId && (
        <Field label={t('landing.returnPath.label')} hint={pathHint}>
          {(p) => (
            <input
              {...p}
              maxLength={2000}
              dir="ltr"
              value={returnPath}
              placeholder="/course/view.php?id=12"
              onChange={(e) => onChange({ appId, returnPath: e.target.value })}
            />
          )}
        </Field>
      )}
    </>
  );
}
