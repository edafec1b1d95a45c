import { useT } from '../i18n/use-t.tsx';
import { ProgressBar } from '../ui/progress-bar.tsx';
import { fullTime } from '../ui/time.tsx';
import { type ImportDto, STATUS_TEXT, waiting } from './import-dto.ts';
import { ImportOutcomes } from './import-outcomes.tsx';

/** The confirmed import: its progress, what it can still do (move, stop), and its results. */
export function ImportProgress({
  current,
  base,
  orgId,
  onMove,
  onCancel,
}: {
  current: ImportDto;
  base: string;
  orgId: string;
  onMove: (i: ImportDto) => void;
  onCancel: (i: ImportDto) => void;
}) {
  const t = useT();
  const counts = {
    processed: current.processed,
    total: current.total,
    created: current.created,
    skipped: current.skipped,
    failed: current.failed,
  };
  return (
    <section className="panel" aria-labelledby="import-progress" data-testid="import-progress">
      <h2 id="import-progress">
        {t('imports.progress.heading', {
          status:
            current.status === 'running' ? t('imports.progress.sending') : t(STATUS_TEXT[current.status]),
        })}
      </h2>
      <ProgressBar
        id="import-bar"
        label={t('imports.progress.label')}
        done={current.processed}
        total={current.total}
        what={t('imports.progress.rows')}
      />
      <p role="status">
        {current.sendAt && new Date(current.sendAt) > new Date()
          ? t('imports.progress.countsSending', { ...counts, time: fullTime(current.sendAt) })
          : t('imports.progress.counts', counts)}
      </p>
      {waiting(current) && (
        <button type="button" onClick={() => onMove(current)}>
          {t('imports.changeSendTime')}
        </button>
      )}{' '}
      {(current.status === 'running' || waiting(current)) && (
        <button type="button" onClick={() => onCancel(current)}>
          {current.status === 'running' ? t('imports.progress.stop') : t('imports.progress.cancelScheduled')}
        </button>
      )}
      {current.status === 'done' && <ImportOutcomes orgId={orgId} importId={current.id} />}
      {current.status !== 'running' && (
        <a href={`/api/v1${base}/${current.id}/results.csv`} download>
          {t('imports.progress.download')}
        </a>
      )}
    </section>
  );
}
