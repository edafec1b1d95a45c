import { get } from '../api.ts';
import { useQuery } from '../data/use-query.ts';
import { type MessageValues, msg, useT } from '../i18n/use-t.tsx';

export interface Outcome {
  outcome: string;
  code: string | null;
  message: string | null;
  count: number;
}

type Translate = (id: string, values?: MessageValues) => string;

const LINE: Record<string, string> = {
  created: msg('imports.outcomes.created'),
  skipped: msg('imports.outcomes.skipped'),
  failed: msg('imports.outcomes.failed'),
};

export function loadOutcomes(orgId: string, importId: string): Promise<Outcome[]> {
  return get<{ items: Outcome[] }>(`/orgs/${orgId}/imports/${importId}/outcomes`).then((r) => r.items);
}

/** The toast at the end of an import: success only when no row was refused. */
export function finishedText(outcomes: Outcome[], t: Translate): { kind: 'success' | 'error'; text: string } {
  const failed = outcomes.filter((o) => o.outcome === 'failed');
  const count = (what: string) => outcomes.filter((o) => o.outcome === what).reduce((n, o) => n + o.count, 0);
  const counts = { created: count('created'), skipped: count('skipped'), failed: count('failed') };
  if (failed.length === 0) return { kind: 'success', text: t('imports.outcomes.finished', counts) };
  const credits = failed.find((o) => o.code === 'no_credits');
  return {
    kind: 'error',
    text: credits
      ? t('imports.outcomes.noCredits', { ...counts, count: credits.count })
      : t('imports.outcomes.withProblems', counts),
  };
}

/** Under a finished import: rows by outcome and reason, refusals first and as an alert. */
export function ImportOutcomes({ orgId, importId }: { orgId: string; importId: string }) {
  const t = useT();
  // Nothing is shown when they cannot be read: the import's own counts stay above.
  const { data, error } = useQuery<{ items: Outcome[] }>(`/orgs/${orgId}/imports/${importId}/outcomes`);
  const outcomes = error ? null : data?.items;
  if (!outcomes?.length) return null;
  const failed = outcomes.filter((o) => o.outcome === 'failed');
  const others = outcomes.filter((o) => o.outcome !== 'failed' && o.code);
  const line = (o: Outcome) =>
    t(LINE[o.outcome] ?? msg('imports.outcomes.other'), {
      count: o.count,
      outcome: o.outcome,
      reason: o.message ?? o.code,
    });
  return (
    <div data-testid="import-outcomes">
      {failed.length > 0 && (
        <div className="alert alert-error" role="alert">
          <p>
            <strong>{t('imports.outcomes.someFailed')}</strong>
          </p>
          <ul>
            {failed.map((o) => (
              <li key={`${o.outcome}:${o.code}`}>{line(o)}</li>
            ))}
          </ul>
        </div>
      )}
      {others.length > 0 && (
        <ul className="muted small">
          {others.map((o) => (
            <li key={`${o.outcome}:${o.code}`}>{line(o)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
