import { msg, useT } from '../i18n/use-t.tsx';
import { count, share } from './format.ts';
import type { Funnel } from './types.ts';

const STAGES = [
  { key: 'invited', label: msg('overview.funnel.invited') },
  { key: 'delivered', label: msg('overview.funnel.delivered') },
  { key: 'opened', label: msg('overview.funnel.opened') },
  { key: 'accepted', label: msg('overview.funnel.accepted') },
] as const;

/**
 * Invited → delivered → opened → accepted as bars. Each bar carries its label, count and share in
 * text, so the list is its own text alternative; the bar widths only repeat it.
 */
export function FunnelBars({ total }: { total: Funnel['total'] }) {
  const t = useT();
  return (
    <ol className="overview-funnel" data-testid="funnel">
      {STAGES.map((s) => (
        <li key={s.key}>
          <span className="overview-funnel-label">{t(s.label)}</span>
          <span className="overview-funnel-track" aria-hidden="true">
            <span
              className="overview-funnel-bar"
              style={{ inlineSize: total.invited ? `${(total[s.key] / total.invited) * 100}%` : '0' }}
            />
          </span>
          <span className="overview-funnel-value">
            {count(total[s.key])}
            {s.key !== 'invited' && <span className="muted"> ({share(total[s.key], total.invited)})</span>}
          </span>
        </li>
      ))}
    </ol>
  );
}
