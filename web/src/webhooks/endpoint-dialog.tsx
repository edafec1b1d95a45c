import { type FormEvent, useState } from 'react';
import { ApiError, patch, post } from '../api.ts';
import { useT } from '../i18n/use-t.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { errorText } from '../ui/error-text.ts';
import { Field } from '../ui/field.tsx';
import { FormError } from '../ui/form-error.tsx';
import type { WebhookEndpoint } from './types.ts';

/** Add an endpoint (answers its secret) or change one's address and events. */
export function EndpointDialog({
  orgId,
  endpoint,
  events,
  onClose,
}: {
  orgId: string;
  endpoint: WebhookEndpoint | null;
  events: string[];
  onClose: (saved: (WebhookEndpoint & { secret?: string }) | null) => void;
}) {
  const t = useT();
  const [url, setUrl] = useState(endpoint?.url ?? '');
  const all = !endpoint || endpoint.events.length === events.length;
  const [everything, setEverything] = useState(all);
  const [chosen, setChosen] = useState<string[]>(all ? [] : (endpoint?.events ?? []));
  const [error, setError] = useState<{ text: string; field?: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!everything && chosen.length === 0)
      return setError({ text: t('webhooks.endpoint.chooseEvent'), field: 'events' });
    setBusy(true);
    setError(null);
    const body = { url: url.trim(), events: everything ? [] : chosen };
    try {
      const saved = endpoint
        ? await patch<WebhookEndpoint>(`/orgs/${orgId}/webhooks/${endpoint.id}`, body)
        : await post<WebhookEndpoint & { secret: string }>(`/orgs/${orgId}/webhooks`, body);
      onClose(saved);
    } catch (err) {
      setError({ text: errorText(err), field: err instanceof ApiError ? err.field : undefined });
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={endpoint ? t('webhooks.endpoint.editTitle') : t('webhooks.endpoint.addTitle')}
      onClose={() => onClose(null)}
    >
      <form className="dialog-body" onSubmit={submit} noValidate>
        {/* An error about the address shows under it, once; any other at the top. */}
        <FormError error={error && error.field !== 'url' ? error.text : null} />
        <Field
          label={t('webhooks.endpoint.url')}
          hint={t('webhooks.endpoint.urlHint')}
          error={error?.field === 'url' ? error.text : null}
        >
          {(p) => (
            <input
              {...p}
              type="url"
              required
              maxLength={2000}
              placeholder="https://hooks.example.com/beckon"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
            />
          )}
        </Field>
        <fieldset className="field">
          <legend>{t('webhooks.endpoint.events')}</legend>
          <label className="check-label">
            <input type="radio" name="events" checked={everything} onChange={() => setEverything(true)} />{' '}
            {t('webhooks.endpoint.everyEvent')}
          </label>
          <label className="check-label">
            <input type="radio" name="events" checked={!everything} onChange={() => setEverything(false)} />{' '}
            {t('webhooks.endpoint.onlyThese')}
          </label>
          {!everything && (
            <ul className="plain-list event-list">
              {events.map((ev) => (
                <li key={ev}>
                  <label className="check-label">
                    <input
                      type="checkbox"
                      checked={chosen.includes(ev)}
                      onChange={(e) =>
                        setChosen((c) => (e.target.checked ? [...c, ev] : c.filter((x) => x !== ev)))
                      }
                    />{' '}
                    <code>{ev}</code>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        <div className="dialog-actions">
          <button type="button" onClick={() => onClose(null)}>
            {t('webhooks.endpoint.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {endpoint ? t('webhooks.endpoint.save') : t('webhooks.add')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
