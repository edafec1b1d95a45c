import { useIntl } from 'react-intl';
import { useQuery } from '../data/use-query.ts';
import { useT } from '../i18n/use-t.tsx';
import { ContinueLink } from '../landing/continue-link.tsx';
import type { ContinueTo } from '../landing/types.ts';
import { errorText } from '../ui/error-text.ts';
import { FormError } from '../ui/form-error.tsx';
import { Spinner } from '../ui/spinner.tsx';
import { useOrg } from './org-context.ts';

interface Me {
  groups: Array<{ id: string; name: string }>;
  trainings: Array<{ id: string; name: string; launchUrl: string | null }>;
  continueTo?: ContinueTo | null;
}

/** Every member's own view: their groups and the trainings assigned through them. */
export function MyTrainings() {
  const { org } = useOrg();
  const t = useT();
  const intl = useIntl();
  const { data: me, error } = useQuery<Me>(`/orgs/${org.id}/me`);
  if (error) return <FormError error={errorText(error)} />;
  if (!me) return <Spinner />;
  return (
    <section className="panel my-trainings" aria-labelledby="my-trainings">
      <h2 id="my-trainings">{t('console.trainings.title')}</h2>
      {me.continueTo && (
        <p className="continue-app">
          <ContinueLink to={me.continueTo} block={false} />
        </p>
      )}
      {me.trainings.length ? (
        <ul className="plain-list" data-testid="my-trainings">
          {me.trainings.map((training) => (
            <li key={training.id} className="training-row">
              <span>
                <span aria-hidden="true">📘</span> {training.name}
              </span>
              {training.launchUrl && (
                <a
                  className="button small"
                  href={training.launchUrl}
                  aria-label={t('console.trainings.openNamed', { name: training.name })}
                >
                  {t('console.trainings.open')}
                </a>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('console.trainings.none')}</p>
      )}
      <p className="muted small">
        {me.groups.length
          ? t('console.trainings.through', {
              count: me.groups.length,
              groups: intl.formatList(
                me.groups.map((g) => g.name),
                { type: 'unit', style: 'short' },
              ),
            })
          : t('console.trainings.noGroup')}
      </p>
    </section>
  );
}
