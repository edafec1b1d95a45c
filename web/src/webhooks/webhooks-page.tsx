import { type ReactNode, useState } from 'react';
import { useIntl } from 'react-intl';
import { del, get, patch, post } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { PageHead } from '../console/page-head.tsx';
import { useQuery } from '../data/use-query.ts';
import { T, useT } from '../i18n/use-t.tsx';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { errorText } from '../ui/error-text.ts';
import { FormError } from '../ui/form-error.tsx';
import { MenuButton } from '../ui/menu-button.tsx';
import { Spinner } from '../ui/spinner.tsx';
import { Time } from '../ui/time.tsx';
import { useToast } from '../ui/toast.tsx';
import { DeliveriesPanel } from './deliveries-panel.tsx';
import { EndpointDialog } from './endpoint-dialog.tsx';
import { SecretDialog } from './secret-dialog.tsx';
import type { WebhookEndpoint, WebhookList } from './types.ts';

type Open =
  | { kind: 'edit'; endpoint: WebhookEndpoint | null }
  | { kind: 'secret'; secret: string; rotated?: boolean }
  | { kind: 'rotate' | 'remove'; endpoint: WebhookEndpoint }
  | null;

/** Text read only by screen readers inside a button: "Deliveries<hidden> to https://…</hidden>". */
const hidden = (chunks: ReactNode[]) => <span className="visually-hidden">{chunks}</span>;
/** An address inside a sentence, allowed to wrap anywhere on a narrow screen. */
const breakAnywhere = (chunks: ReactNode[]) => <span className="break-anywhere">{chunks}</span>;

/** Settings → Webhooks: endpoints, their secrets, and recent deliveries. */
export function WebhooksPage() {
  const { org } = useOrg();
  const toast = useToast();
  const t = useT();
  const intl = useIntl();
  const base = `/orgs/${org.id}/webhooks`;
  const { data, error: loadError, reload: load } = useQuery<WebhookList>(base);
  const items = data?.items ?? null;
  const events = data?.events ?? [];
  const [open, setOpen] = useState<Open>(null);
  const [shown, setShown] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const act = (what: () => Promise<unknown>, done: string) => async () => {
    setError(null);
    try {
      await what();
      toast('success', done);
      await load();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const selected = items?.find((e) => e.id === shown) ?? null;
  return (
    <>
      <PageHead title={t('webhooks.title')} lead={t('webhooks.lead')}>
        <button type="button" className="primary" onClick={() => setOpen({ kind: 'edit', endpoint: null })}>
          {t('webhooks.add')}
        </button>
      </PageHead>
      <FormError error={error ?? (loadError ? errorText(loadError) : null)} />
      {!items ? (
        <Spinner />
      ) : items.length === 0 ? (
        <p className="empty">{t('webhooks.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('webhooks.table.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('webhooks.table.endpoint')}</th>
                <th scope="col">{t('webhooks.table.events')}</th>
                <th scope="col">{t('webhooks.table.state')}</th>
                <th scope="col">{t('webhooks.table.lastDelivery')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('webhooks.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((ep) => (
                <tr key={ep.id} data-url={ep.url}>
                  <td data-label={t('webhooks.table.endpoint')} className="break-anywhere">
                    {ep.url}
                  </td>
                  <td data-label={t('webhooks.table.events')}>
                    {ep.events.length === events.length
                      ? t('webhooks.everyEvent')
                      : intl.formatList(ep.events, { type: 'unit', style: 'short' })}
                  </td>
                  <td data-label={t('webhooks.table.state')}>
                    <span className={ep.enabled ? 'badge status-accepted' : 'badge status-cancelled'}>
                      {ep.enabled ? t('webhooks.state.on') : t('webhooks.state.disabled')}
                    </span>
                  </td>
                  <td data-label={t('webhooks.table.lastDelivery')}>
                    {ep.lastDeliveryAt ? (
                      <>
                        {/^2\d\d$/.test(ep.lastStatus ?? '')
                          ? t('webhooks.lastDelivery.ok')
                          : (ep.lastStatus ?? '—')}{' '}
                        · <Time iso={ep.lastDeliveryAt} />
                      </>
                    ) : (
                      t('webhooks.lastDelivery.none')
                    )}
                  </td>
                  <td className="actions">
                    <button type="button" className="small" onClick={() => setShown(ep.id)}>
                      <T id="webhooks.action.deliveries" values={{ url: ep.url, hidden }} />
                    </button>{' '}
                    <MenuButton
                      label={t('webhooks.action.menu', { url: ep.url })}
                      items={[
                        {
                          label: t('webhooks.action.edit'),
                          onSelect: () => setOpen({ kind: 'edit', endpoint: ep }),
                        },
                        {
                          label: ep.enabled ? t('webhooks.action.disable') : t('webhooks.action.enable'),
                          onSelect: act(
                            () => patch(`${base}/${ep.id}`, { enabled: !ep.enabled }),
                            ep.enabled ? t('webhooks.toast.disabled') : t('webhooks.toast.enabled'),
                          ),
                        },
                        {
                          label: t('webhooks.action.showSecret'),
                          onSelect: () =>
                            get<{ secret: string }>(`${base}/${ep.id}/secret`).then(
                              (r) => setOpen({ kind: 'secret', secret: r.secret }),
                              (e) => setError(errorText(e)),
                            ),
                        },
                        {
                          label: t('webhooks.action.rotateSecret'),
                          onSelect: () => setOpen({ kind: 'rotate', endpoint: ep }),
                        },
                        {
                          label: t('webhooks.action.remove'),
                          danger: true,
                          onSelect: () => setOpen({ kind: 'remove', endpoint: ep }),
                        },
                      ]}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selected && <DeliveriesPanel key={selected.id} orgId={org.id} endpoint={selected} />}

      {open?.kind === 'edit' && (
        <EndpointDialog
          orgId={org.id}
          endpoint={open.endpoint}
          events={events}
          onClose={(saved) => {
            setOpen(saved?.secret ? { kind: 'secret', secret: saved.secret } : null);
            if (saved) {
              toast('success', open.endpoint ? t('webhooks.toast.saved') : t('webhooks.toast.added'));
              load();
            }
          }}
        />
      )}
      {open?.kind === 'secret' && (
        <SecretDialog secret={open.secret} rotated={open.rotated} onClose={() => setOpen(null)} />
      )}
      {open?.kind === 'rotate' && (
        <ConfirmDialog
          title={t('webhooks.rotate.title')}
          body={
            <p>
              <T id="webhooks.rotate.body" values={{ url: open.endpoint.url, u: breakAnywhere }} />
            </p>
          }
          confirmLabel={t('webhooks.rotate.confirm')}
          onClose={() => setOpen(null)}
          onConfirm={async () => {
            try {
              const r = await post<{ secret: string }>(`${base}/${open.endpoint.id}/secret/rotate`, {});
              setOpen({ kind: 'secret', secret: r.secret, rotated: true });
            } catch (e) {
              setError(errorText(e));
              setOpen(null);
            }
          }}
        />
      )}
      {open?.kind === 'remove' && (
        <ConfirmDialog
          title={t('webhooks.remove.title')}
          body={
            <p>
              <T id="webhooks.remove.body" values={{ url: open.endpoint.url, u: breakAnywhere }} />
            </p>
          }
          confirmLabel={t('webhooks.remove.confirm')}
          danger
          onClose={() => setOpen(null)}
          onConfirm={async () => {
            setOpen(null);
            if (shown === open.endpoint.id) setShown(null);
            await act(() => del(`${base}/${open.endpoint.id}`), t('webhooks.toast.removed'))();
          }}
        />
      )}
    </>
  );
}
