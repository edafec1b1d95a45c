import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useT } from '../i18n/use-t.tsx';
import { axisDay, count } from './format.ts';
import type { Activity } from './types.ts';

const SENT = '#0b5cad';
const ACCEPTED = '#1a7f37';

/**
 * Sent and accepted per day (uPlot on a canvas). The canvas is hidden from assistive technology:
 * the summary and the table beside it say the same.
 */
export function ActivityChart({ activity }: { activity: Activity }) {
  const t = useT();
  const box = useRef<HTMLDivElement>(null);
  const sent = t('overview.activity.sent');
  const accepted = t('overview.activity.accepted');
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // Noon UTC of each day: the axis shows the day whatever the browser's own zone.
    const xs = activity.days.map((d) => Date.parse(`${d.date}T12:00:00Z`) / 1000);
    const size = () => ({ width: Math.max(260, el.clientWidth), height: el.clientWidth < 500 ? 200 : 260 });
    const chart = new uPlot(
      {
        ...size(),
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'UTC'),
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(4, max)] } },
        // Tick labels in the reader's language: uPlot's own are English month names and digits.
        axes: [
          { stroke: '#57606a', values: (_u, ticks) => ticks.map(axisDay) },
          { stroke: '#57606a', size: 48, values: (_u, ticks) => ticks.map(count) },
        ],
        series: [
          {},
          { label: sent, stroke: SENT, width: 2, fill: 'rgba(11, 92, 173, 0.08)' },
          { label: accepted, stroke: ACCEPTED, width: 2, dash: [6, 3] },
        ],
      },
      [xs, activity.days.map((d) => d.sent), activity.days.map((d) => d.accepted)],
      el,
    );
    const resize = new ResizeObserver(() => chart.setSize(size()));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [activity, sent, accepted]);
  return (
    <figure className="overview-chart">
      <div ref={box} aria-hidden="true" className="overview-canvas" />
      <figcaption className="overview-legend">
        <span className="overview-key" style={{ borderColor: SENT }}>
          {sent}
        </span>
        <span className="overview-key dashed" style={{ borderColor: ACCEPTED }}>
          {accepted}
        </span>
      </figcaption>
    </figure>
  );
}
