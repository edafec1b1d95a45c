import { useIntl } from 'react-intl';
import { useT } from '../i18n/use-t.tsx';
import type { OverviewFilter } from './list-filters.ts';

/** Says which overview figure the list is filtered to, with a way back to the whole list. */
export function OverviewFilterNote({ filter: f, onClear }: { filter: OverviewFilter; onClear: () => void }) {
  const t = useT();
  const intl = useIntl();
  const words: string[] = [];
  if (f.expiringWithinHours)
    words.push(t('overview.filter.expiringWithin', { hours: Number(f.expiringWithinHours) }));
  if (f.scheduledWithinDays)
    words.push(t('overview.filter.scheduledWithin', { days: Number(f.scheduledWithinDays) }));
  if (f.deliveryProblem === 'true') words.push(t('overview.filter.deliveryProblem'));
  if (f.acceptedSince)
    words.push(t('overview.filter.acceptedSince', { date: intl.formatDate(f.acceptedSince) }));
  if (f.opened === 'false') words.push(t('overview.filter.neverOpened'));
  if (f.opened === 'true') words.push(t('overview.filter.opened'));
  if (words.length === 0) return null;
  return (
    <p className="alert" data-testid="overview-filter">
      {/* Conditions side by side, separated as the reader's language separates list items. */}
      {t('overview.filter.showing', { filters: intl.formatList(words, { type: 'unit', style: 'short' }) })}{' '}
      <button type="button" className="small" onClick={onClear}>
        {t('overview.filter.showAll')}
      </button>
    </p>
  );
}
