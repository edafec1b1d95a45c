import { useT } from '../i18n/use-t.tsx';

/**
 * A labelled progress bar for long work (imports, bulk resends). `what` named the units in an
 * English sentence; the label names them now, and `what` is kept so callers still compile.
 */
export function ProgressBar({
  id,
  label,
  done,
  total,
}: {
  id: string;
  label: string;
  done: number;
  total: number;
  what?: string;
}) {
  const t = useT();
  return (
    <>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <progress
        id={id}
        className="progress"
        max={Math.max(total, 1)}
        value={done}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={t('ui.progress.valueText', { done, total })}
      />
    </>
  );
}
