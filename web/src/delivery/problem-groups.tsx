import { useIntl } from 'react-intl';
import { useT } from '../i18n/use-t.tsx';
import type { AnswerGroup, DomainGroup, ProblemFilter } from './types.ts';

/** One table of groups (by domain or by answer): a count each, and the group's invitations one click away. */
export function ProblemGroups({
  kind,
  groups,
  selected,
  onSelect,
}: {
  kind: 'domain' | 'answer';
  groups: DomainGroup[] | AnswerGroup[];
  selected: ProblemFilter | null;
  onSelect: (filter: ProblemFilter) => void;
}) {
  const t = useT();
  const intl = useIntl();
  const caption = kind === 'domain' ? t('delivery.groups.byDomain') : t('delivery.groups.byAnswer');
  const invitations = t('delivery.groups.col.invitations');
  return (
    <section className="panel" aria-labelledby={`groups-${kind}`}>
      <h2 id={`groups-${kind}`}>{caption}</h2>
      <div className="table-wrap">
        <table className="table" data-testid={`groups-${kind}`}>
          <caption className="visually-hidden">
            {kind === 'domain' ? t('delivery.groups.captionDomain') : t('delivery.groups.captionAnswer')}
          </caption>
          <thead>
            <tr>
              <th scope="col">
                {kind === 'domain' ? t('delivery.groups.col.domain') : t('delivery.groups.col.answer')}
              </th>
              {kind === 'answer' && <th scope="col">{t('delivery.groups.col.code')}</th>}
              <th scope="col" className="num">
                {invitations}
              </th>
            </tr>
          </thead>
          <tbody>
            {kind === 'domain'
              ? (groups as DomainGroup[]).map((g) => {
                  const on = selected?.kind === 'domain' && selected.value === g.domain;
                  return (
                    <tr key={g.domain} className={on ? 'selected' : undefined}>
                      <td data-label={t('delivery.groups.col.domain')} className="break-anywhere">
                        <button
                          type="button"
                          className="link-button"
                          aria-pressed={on}
                          onClick={() => onSelect({ kind: 'domain', value: g.domain })}
                        >
                          {g.domain}
                        </button>
                      </td>
                      <td data-label={invitations} className="num">
                        {intl.formatNumber(g.count)}
                        {g.bounced > 0 && (
                          <span className="muted">
                            {' '}
                            {t('delivery.groups.bouncedLater', { count: g.bounced })}
                          </span>
                        )}
                      </td>
                    </tr>
                  );
                })
              : (groups as AnswerGroup[]).map((g) => {
                  const on = selected?.kind === 'answer' && selected.value === g.answer;
                  const label = g.text || g.answer || t('delivery.groups.noAnswer');
                  return (
                    <tr key={g.answer} className={on ? 'selected' : undefined}>
                      <td data-label={t('delivery.groups.col.answer')} className="break-anywhere">
                        <button
                          type="button"
                          className="link-button"
                          aria-pressed={on}
                          onClick={() => onSelect({ kind: 'answer', value: g.answer, label })}
                        >
                          {label}
                        </button>
                        {g.domains > 1 && (
                          <span className="muted">
                            {' '}
                            · {t('delivery.groups.domains', { count: g.domains })}
                          </span>
                        )}
                      </td>
                      <td data-label={t('delivery.groups.col.code')}>
                        {[g.code, g.enhancedStatus].filter(Boolean).join(' ') || '—'}
                      </td>
                      <td data-label={invitations} className="num">
                        {intl.formatNumber(g.count)}
                      </td>
                    </tr>
                  );
                })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
