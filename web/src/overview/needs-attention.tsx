import { useState } from 'react';
import { post } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { T, useT } from '../i18n/use-t.tsx';
import { Link } from '../router.tsx';
import { errorText } from '../ui/error-text.ts';
import { FormError } from '../ui/form-error.tsx';
import { useToast } from '../ui/toast.tsx';
import type { Attention } from './types.ts';

/** What to act on today, each with its action one click away. */
export function NeedsAttention({ attention, onDone }: { attention: Attention; onDone: () => void }) {
  const { org, base } = useOrg();
  const t = useT();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { expiringUnopened: expiring, deliveryFailures: failures, importsWithFailures: imports } = attention;
  const listOf = (filter: Record<string, string>) => `${base}/people?${new URLSearchParams(filter)}`;

  async function resendExpiring() {
    setBusy(true);
    setError(null);
    try {
      const res = await post<{ queued?: number; status?: string }>(
        `/orgs/${org.id}/invitations/bulk-resend`,
        {
          ids: expiring.items.map((i) => i.id),
        },
      );
      toast(
        'success',
        res.status === 'running'
          ? t('overview.attention.resendingInBackground')
          : t('overview.attention.resent', { count: res.queued ?? 0 }),
      );
      onDone();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const nothing = expiring.count === 0 && failures.count === 0 && imports.length === 0;
  return (
    <section className="panel" aria-labelledby="attention-title" data-testid="needs-attention">
      <h2 id="attention-title">{t('overview.attention.title')}</h2>
      {nothing && <p className="muted">{t('overview.attention.nothing')}</p>}
      <FormError error={error} />
      <ul className="overview-attention">
        {expiring.count > 0 && (
          <li>
            <span>
              <Link to={listOf(expiring.filter)}>
                {t('overview.attention.expiring', { count: expiring.count, hours: expiring.hours })}
              </Link>
            </span>
            <button type="button" className="small" disabled={busy} onClick={resendExpiring}>
              {expiring.items.length < expiring.count
                ? t('overview.attention.resendFirst', { count: expiring.items.length })
                : t('overview.attention.resendAll', { count: expiring.count })}
            </button>
          </li>
        )}
        {failures.count > 0 && (
          <li>
            <span>
              {t('overview.attention.failures', { count: failures.count })}
              {failures.items[0] && (
                <span className="muted small">
                  {' '}
                  <T
                    id="overview.attention.failureExample"
                    values={{
                      email: failures.items[0].email,
                      detail: failures.items[0].detail ?? failures.items[0].status,
                      bdi: (chunks) => <bdi>{chunks}</bdi>,
                    }}
                  />
                </span>
              )}
            </span>
            <Link className="button small" to={listOf(failures.filter)}>
              {t('overview.attention.review')}
            </Link>
          </li>
        )}
        {imports.map((i) => (
          <li key={i.id}>
            <span>
              {t('overview.attention.importFailed', {
                fileName: i.fileName ?? '',
                failed: i.failed,
                total: i.total,
              })}
            </span>
            <a className="button small" href={`/api/v1/orgs/${org.id}/imports/${i.id}/results.csv`} download>
              {t('overview.attention.downloadFailed')}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
