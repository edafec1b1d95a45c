import { useT } from '../i18n/use-t.tsx';
import { count, day } from './format.ts';
import type { Activity } from './types.ts';

/** The activity chart as text: a sentence people can read at once, and every day in a table. */
export function ActivitySummary({ activity }: { activity: Activity }) {
  const t = useT();
  const sent = activity.days.reduce((n, d) => n + d.sent, 0);
  const accepted = activity.days.reduce((n, d) => n + d.accepted, 0);
  const busiest = activity.days.reduce((a, d) => (d.sent > a.sent ? d : a), activity.days[0]!);
  return (
    <p className="overview-summary" data-testid="activity-summary">
      {t('overview.activity.summary', {
        sent,
        accepted,
        from: day(activity.from),
        to: day(activity.to),
        zone: activity.timeZone,
      })}
      {busiest && busiest.sent > 0
        ? ` ${t('overview.activity.busiest', { day: day(busiest.date), count: busiest.sent })}`
        : ''}
    </p>
  );
}

export function ActivityTable({ activity }: { activity: Activity }) {
  const t = useT();
  return (
    <details className="overview-details">
      <summary>{t('overview.activity.showNumbers')}</summary>
      <div className="table-wrap">
        <table className="table" data-testid="activity-table">
          <caption className="visually-hidden">{t('overview.activity.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('overview.activity.day')}</th>
              <th scope="col">{t('overview.activity.sent')}</th>
              <th scope="col">{t('overview.activity.accepted')}</th>
            </tr>
          </thead>
          <tbody>
            {[...activity.days].reverse().map((d) => (
              <tr key={d.date}>
                <th scope="row">
                  <time dateTime={d.date}>{day(d.date)}</time>
                </th>
                <td>{count(d.sent)}</td>
                <td>{count(d.accepted)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
