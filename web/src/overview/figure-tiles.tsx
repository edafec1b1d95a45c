import { useOrg } from '../console/org-context.ts';
import { hasMessage } from '../i18n/current.ts';
import { useT } from '../i18n/use-t.tsx';
import { Link } from '../router.tsx';
import { count, duration, percent } from './format.ts';
import type { Figure } from './types.ts';

function valueText(f: Figure): string {
  if (f.value === null) return '–';
  if (f.unit === 'percent') return percent(f.value);
  if (f.unit === 'seconds') return duration(f.value);
  return count(f.value);
}

/** The figures that matter now; each opens the People list filtered to what it counts. */
export function FigureTiles({ figures }: { figures: Figure[] }) {
  const { base } = useOrg();
  const t = useT();
  // A figure the console has words for is named in the reader's language; a newer one by the server.
  const labelOf = (f: Figure) => {
    const id = `overview.figure.${f.key}`;
    if (!hasMessage(id)) return f.label;
    return t(id, {
      hours: Number(f.filter.expiringWithinHours ?? 0),
      days: Number(f.filter.scheduledWithinDays ?? 0),
    });
  };
  return (
    <ul className="overview-figures" aria-label={t('overview.figures')}>
      {figures.map((f) => (
        <li key={f.key}>
          <Link
            to={`${base}/people?${new URLSearchParams(f.filter)}`}
            className="overview-figure"
            data-figure={f.key}
          >
            <span className="overview-figure-value">{valueText(f)}</span>
            <span className="overview-figure-label">{labelOf(f)}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
