import { useState } from 'react';
import { useOrg } from '../console/org-context.ts';
import { useT } from '../i18n/use-t.tsx';
import { FormError } from '../ui/form-error.tsx';
import { Spinner } from '../ui/spinner.tsx';
import { ActivityChart } from './activity-chart.tsx';
import { ActivitySummary, ActivityTable } from './activity-table.tsx';
import { BreakdownTable } from './breakdown-table.tsx';
import { FigureTiles } from './figure-tiles.tsx';
import { FunnelBars } from './funnel-bars.tsx';
import { NeedsAttention } from './needs-attention.tsx';
import './overview.css';
import type { Range } from './types.ts';
import { useOverview } from './use-overview.ts';

/**
 * The overview for people who invite (a manager's covers their groups): figures that open the
 * filtered list, activity and funnel charts with their text alternatives, and what needs attention.
 * Loaded as its own chunk, with the charting library, only when this page opens.
 */
export default function OverviewPage() {
  const { org } = useOrg();
  const t = useT();
  const [range, setRange] = useState<Range>(30);
  const data = useOverview(org.id, range);
  return (
    <div className="overview">
      <FormError error={data.error} />
      {data.figures ? <FigureTiles figures={data.figures.figures} /> : <Spinner />}
      {data.attention && <NeedsAttention attention={data.attention} onDone={data.reload} />}
      <fieldset className="overview-range">
        <legend className="visually-hidden">{t('overview.range.legend')}</legend>
        {([30, 90] as const).map((r) => (
          <button
            key={r}
            type="button"
            className="small"
            aria-pressed={range === r}
            onClick={() => setRange(r)}
          >
            {t('overview.range.lastDays', { days: r })}
          </button>
        ))}
      </fieldset>
      <section className="panel" aria-labelledby="activity-title">
        <h2 id="activity-title">{t('overview.activity.title')}</h2>
        {data.activity ? (
          <>
            <ActivitySummary activity={data.activity} />
            <ActivityChart activity={data.activity} />
            <ActivityTable activity={data.activity} />
          </>
        ) : (
          <Spinner />
        )}
      </section>
      <section className="panel" aria-labelledby="funnel-title">
        <h2 id="funnel-title">{t('overview.funnel.title')}</h2>
        {data.funnel ? (
          <>
            <p className="muted small">{t('overview.funnel.note', { days: range })}</p>
            <FunnelBars total={data.funnel.total} />
            <BreakdownTable funnel={data.funnel} />
          </>
        ) : (
          <Spinner />
        )}
      </section>
    </div>
  );
}
