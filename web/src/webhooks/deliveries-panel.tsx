import { useState } from 'react';
import { post } from '../api.ts';
import { usePagedList } from '../data/use-paged-list.ts';
import { msg, T, useT } from '../i18n/use-t.tsx';
import { DataTable } from '../ui/data-table.tsx';
import { errorText } from '../ui/error-text.ts';
import { FormError } from '../ui/form-error.tsx';
import { fullTime, Time } from '../ui/time.tsx';
import { useToast } from '../ui/toast.tsx';
import type { WebhookDelivery, WebhookEndpoint } from './types.ts';

const STATUS: Record<WebhookDelivery['status'], { label: string; className: string }> = {
  delivered: { label: msg('webhooks.delivery.delivered'), className: 'badge status-accepted' },
  failed: { label: msg('webhooks.delivery.failed'), className: 'badge delivery-failed' },
  pending: { label: msg('webhooks.delivery.sending'), className: 'badge status-pending' },
};

const NO_QUERY = new URLSearchParams();
const BEFORE = { param: 'before', next: 'nextBefore' };
// A redelivery in flight: look again until it has an answer.
const whileSending = (items: WebhookDelivery[] | null) =>
  items?.some((d) => d.status === 'pending') ? 1500 : null;

/** An endpoint's recent deliveries with the receiver's answer; any one can be sent again. */
export function DeliveriesPanel({ orgId, endpoint }: { orgId: string; endpoint: WebhookEndpoint }) {
  const toast = useToast();
  const t = useT();
  const path = `/orgs/${orgId}/webhooks/${endpoint.id}/deliveries`;
  const list = usePagedList<WebhookDelivery>(path, NO_QUERY, { cursor: BEFORE, poll: whileSending });
  const { items, replace } = list;
  const [error, setError] = useState<string | null>(null);

  async function redeliver(d: WebhookDelivery) {
    setError(null);
    try {
      const updated = await post<WebhookDelivery>(`${path}/${d.id}/redeliver`, {});
      replace(updated, (x) => x.id === d.id);
      toast('success', t('webhooks.delivery.sendingAgain', { event: d.event }));
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section className="panel" aria-labelledby="deliveries-title" data-testid="webhook-deliveries">
      <h2 id="deliveries-title">
        <T
          id="webhooks.deliveries.title"
          values={{ url: endpoint.url, u: (chunks) => <span className="break-anywhere">{chunks}</span> }}
        />
      </h2>
      <FormError error={error ?? list.error} />
      <DataTable
        items={items}
        empty={<p className="empty">{t('webhooks.deliveries.empty')}</p>}
        caption={t('webhooks.deliveries.caption')}
        columns={[
          { label: t('webhooks.deliveries.when') },
          { label: t('webhooks.deliveries.event') },
          { label: t('webhooks.deliveries.status') },
          { label: t('webhooks.deliveries.answer') },
          { label: t('webhooks.deliveries.tries'), className: 'num' },
          { label: t('webhooks.actions'), hidden: true },
        ]}
        row={(d) => (
          <tr key={d.id} data-delivery={d.id}>
            <td data-label={t('webhooks.deliveries.when')}>
              <Time iso={d.lastAttemptAt ?? d.createdAt} />
            </td>
            <td data-label={t('webhooks.deliveries.event')}>
              <code>{d.event}</code>
            </td>
            <td data-label={t('webhooks.deliveries.status')}>
              <span className={STATUS[d.status].className}>{t(STATUS[d.status].label)}</span>
            </td>
            <td data-label={t('webhooks.deliveries.answer')}>
              {d.responseStatus ? (
                <details>
                  <summary>
                    {/^\d+$/.test(d.responseStatus)
                      ? t('webhooks.deliveries.http', { status: d.responseStatus })
                      : d.responseStatus}
                    {d.durationMs !== null
                      ? ` · ${t('webhooks.deliveries.duration', { ms: d.durationMs })}`
                      : ''}
                  </summary>
                  <pre className="response-body">
                    {d.responseBody || t('webhooks.deliveries.emptyAnswer')}
                  </pre>
                </details>
              ) : (
                '—'
              )}
            </td>
            <td data-label={t('webhooks.deliveries.tries')} className="num">
              {d.attempts}
            </td>
            <td className="actions">
              <button
                type="button"
                className="small"
                disabled={d.status === 'pending' || !endpoint.enabled}
                onClick={() => redeliver(d)}
              >
                <T
                  id="webhooks.deliveries.redeliver"
                  values={{
                    event: d.event,
                    when: fullTime(d.createdAt),
                    hidden: (chunks) => <span className="visually-hidden">{chunks}</span>,
                  }}
                />
              </button>
            </td>
          </tr>
        )}
      />
      {list.more && (
        <button type="button" onClick={list.more}>
          {t('webhooks.deliveries.older')}
        </button>
      )}
    </section>
  );
}
