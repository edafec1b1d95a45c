import { type FormEvent, useState } from 'react';
import type { Static } from 'typebox';
import type { CreditSummary as CreditSummarySchema } from '../../../src/credits/schemas.ts';
import { post } from '../api.ts';
import { useQuery } from '../data/use-query.ts';
import { T, useT } from '../i18n/use-t.tsx';
import { errorText } from '../ui/error-text.ts';
import { Field } from '../ui/field.tsx';
import { FormError } from '../ui/form-error.tsx';
import { Spinner } from '../ui/spinner.tsx';
import { useToast } from '../ui/toast.tsx';
import { CreditLedger } from './credit-ledger.tsx';

type CreditSummary = Static<typeof CreditSummarySchema>;

/** Settings → Credits (owners and admins): switch on or off, add credits, and the ledger. */
export function CreditsPanel({ orgId }: { orgId: string }) {
  const toast = useToast();
  const t = useT();
  // Each change answers the new summary, which replaces the one loaded.
  const {
    data: summary,
    error: loadError,
    setData: setSummary,
  } = useQuery<CreditSummary>(`/orgs/${orgId}/credits`);
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function change(body: Record<string, unknown>, done: string) {
    setBusy(true);
    setError(null);
    try {
      setSummary(await post<CreditSummary>(`/orgs/${orgId}/credits`, body));
      toast('success', done);
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  }

  /** The box shows the new state at once and goes back if the server refuses. */
  async function toggle(enabled: boolean) {
    const before = summary;
    if (before) setSummary({ ...before, enabled });
    const ok = await change({ enabled }, enabled ? t('credits.panel.on') : t('credits.panel.off'));
    if (!ok && before) setSummary(before);
  }

  async function add(e: FormEvent) {
    e.preventDefault();
    const n = Number(amount);
    if (!Number.isInteger(n) || n === 0) return setError(t('credits.panel.wholeNumber'));
    const ok = await change(
      { amount: n, ...(note.trim() ? { note: note.trim() } : {}) },
      n > 0 ? t('credits.panel.added', { count: n }) : t('credits.panel.removed', { count: -n }),
    );
    if (ok) {
      setAmount('');
      setNote('');
    }
  }

  return (
    <section className="panel" id="credits" aria-labelledby="credits-title">
      <h2 id="credits-title">{t('credits.panel.title')}</h2>
      <p className="muted">{t('credits.panel.intro')}</p>
      <FormError error={error ?? (loadError ? errorText(loadError) : null)} />
      {!summary ? (
        <Spinner />
      ) : (
        <>
          <div className="field">
            <label className="check-label">
              <input
                type="checkbox"
                checked={summary.enabled}
                disabled={busy}
                onChange={(e) => toggle(e.target.checked)}
              />{' '}
              {t('credits.panel.toggle')}
            </label>
          </div>
          <p data-testid="credit-summary">
            <T
              id="credits.panel.summary"
              values={{
                balance: summary.balance,
                held: summary.held,
                b: (chunks) => <strong>{chunks}</strong>,
              }}
            />
          </p>
          <form className="inline-form" onSubmit={add} noValidate>
            <Field label={t('credits.panel.amount')} hint={t('credits.panel.amountHint')}>
              {(p) => (
                <input
                  {...p}
                  type="number"
                  step={1}
                  inputMode="numeric"
                  value={amount}
                  onChange={(e) => setAmount(e.target.value)}
                />
              )}
            </Field>
            <Field label={t('credits.panel.note')}>
              {(p) => <input {...p} maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} />}
            </Field>
            <div className="field">
              <button type="submit" className="primary" disabled={busy}>
                {t('credits.add')}
              </button>
            </div>
          </form>
          <CreditLedger items={summary.transactions} />
        </>
      )}
    </section>
  );
}
