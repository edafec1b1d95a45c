import { useT } from '../i18n/use-t.tsx';
import { FormError } from '../ui/form-error.tsx';
import { ProgressBar } from '../ui/progress-bar.tsx';
import { RefusalReason } from './refusal-reason.tsx';
import type { BulkRun } from './types.ts';

/** Progress of a background bulk resend, then its counts and the people it refused. */
export function BulkRunProgress({ run }: { run: BulkRun }) {
  const t = useT();
  return (
    <section aria-labelledby="bulk-run-progress" data-testid="bulk-resend-progress">
      <h3 id="bulk-run-progress">
        {run.status === 'running'
          ? t('bulk-resends.progress.sending')
          : run.status === 'done'
            ? t('bulk-resends.progress.finished')
            : run.status === 'cancelled'
              ? t('bulk-resends.progress.cancelled')
              : t('bulk-resends.progress.stopped')}
      </h3>
      <ProgressBar
        id="bulk-run-bar"
        label={t('bulk-resends.progress.label')}
        done={run.processed}
        total={run.total}
        what={t('bulk-resends.progress.what')}
      />
      <p role="status">
        {t('bulk-resends.progress.counts', {
          processed: run.processed,
          total: run.total,
          sent: run.sent,
          refused: run.refused,
        })}
      </p>
      <FormError error={run.error} />
      {run.refusals.length > 0 && (
        <>
          <h4>{t('bulk-resends.progress.refusals', { count: run.refused })}</h4>
          <ul className="plain-list scroll-list">
            {run.refusals.map((x) => (
              <li key={`${x.type}-${x.id}`}>
                {x.email || x.id} —{' '}
                <span className="muted">
                  <RefusalReason refusal={x} />
                </span>
              </li>
            ))}
            {run.refusalsTruncated && (
              <li className="muted">
                {t('bulk-resends.andMore', { count: run.refused - run.refusals.length })}
              </li>
            )}
          </ul>
        </>
      )}
    </section>
  );
}
