import { type FormEvent, useState } from 'react';
import { patch } from '../api.ts';
import { BrandingPanel } from '../branding/branding-panel.tsx';
import { useOrg } from '../console/org-context.ts';
import { PageHead } from '../console/page-head.tsx';
import { CreditsPanel } from '../credits/credits-panel.tsx';
import { useQuery } from '../data/use-query.ts';
import { useT } from '../i18n/use-t.tsx';
import { errorText } from '../ui/error-text.ts';
import { Field } from '../ui/field.tsx';
import { FormError } from '../ui/form-error.tsx';
import { Spinner } from '../ui/spinner.tsx';
import { useToast } from '../ui/toast.tsx';
import { LanguagesFields } from './languages-fields.tsx';
import type { OrgSettings } from './settings-dto.ts';

/** The zones the browser knows, UTC first, and the saved one even if the browser does not know it. */
function timeZones(current: string): string[] {
  const known = Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC');
  return ['UTC', ...(known.includes(current) || current === 'UTC' ? [] : [current]), ...known];
}

export function SettingsPage() {
  const { org } = useOrg();
  const toast = useToast();
  const t = useT();
  // The form edits the settings as read; saving puts the server's answer in their place.
  const { data: s, setData: setS, error: loadError } = useQuery<OrgSettings>(`/orgs/${org.id}/settings`);
  const [saveError, setError] = useState<string | null>(null);
  const error = saveError ?? (loadError ? errorText(loadError) : null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!s) return;
    setBusy(true);
    setError(null);
    try {
      setS(await patch<OrgSettings>(`/orgs/${org.id}/settings`, s));
      toast('success', t('settings.saved'));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  const num = (key: keyof OrgSettings) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setS((old) => (old ? { ...old, [key]: e.target.value === '' ? 0 : Number(e.target.value) } : old));
  return (
    <>
      <PageHead title={t('settings.title')} lead={t('settings.lead', { org: org.name })} />
      <FormError error={error} />
      {!s ? (
        !error && <Spinner />
      ) : (
        <form onSubmit={submit} className="panel form-narrow">
          <Field label={t('settings.expiryDays')} hint={t('settings.expiryDaysHint')}>
            {(p) => (
              <input
                {...p}
                type="number"
                min={1}
                max={365}
                required
                value={s.inviteExpiryDays}
                onChange={num('inviteExpiryDays')}
              />
            )}
          </Field>
          <Field label={t('settings.manualEntryLimit')} hint={t('settings.manualEntryLimitHint')}>
            {(p) => (
              <input
                {...p}
                type="number"
                min={1}
                max={10}
                required
                value={s.manualEntryLimit}
                onChange={num('manualEntryLimit')}
              />
            )}
          </Field>
          <Field label={t('settings.importRowLimit')}>
            {(p) => (
              <input
                {...p}
                type="number"
                min={1}
                max={100000}
                required
                value={s.importRowLimit}
                onChange={num('importRowLimit')}
              />
            )}
          </Field>
          <div className="field">
            <label className="check-label">
              <input
                type="checkbox"
                checked={s.requireGroup}
                onChange={(e) => setS({ ...s, requireGroup: e.target.checked })}
              />{' '}
              {t('settings.requireGroup')}
            </label>
          </div>
          <div className="field">
            <label className="check-label">
              <input
                type="checkbox"
                checked={s.reminderDaysBeforeExpiry !== null}
                onChange={(e) =>
                  setS({
                    ...s,
                    reminderDaysBeforeExpiry: e.target.checked
                      ? Math.max(1, Math.min(2, s.inviteExpiryDays - 1))
                      : null,
                  })
                }
              />{' '}
              {t('settings.reminders')}
            </label>
          </div>
          {s.reminderDaysBeforeExpiry !== null && (
            <Field label={t('settings.reminderDays')}>
              {(p) => (
                <input
                  {...p}
                  type="number"
                  min={1}
                  max={Math.max(1, s.inviteExpiryDays - 1)}
                  required
                  value={s.reminderDaysBeforeExpiry ?? 1}
                  onChange={num('reminderDaysBeforeExpiry')}
                />
              )}
            </Field>
          )}
          <Field label={t('settings.sendRate')} hint={t('settings.sendRateHint')}>
            {(p) => (
              <input
                {...p}
                type="number"
                min={1}
                required
                value={s.sendRatePerMinute}
                onChange={num('sendRatePerMinute')}
              />
            )}
          </Field>
          <Field label={t('settings.auditRetention')} hint={t('settings.auditRetentionHint')}>
            {(p) => (
              <input
                {...p}
                type="number"
                min={1}
                max={3650}
                required
                value={s.auditRetentionDays}
                onChange={num('auditRetentionDays')}
              />
            )}
          </Field>
          <Field label={t('settings.timeZone')} hint={t('settings.timeZoneHint')}>
            {(p) => (
              <select {...p} value={s.timeZone} onChange={(e) => setS({ ...s, timeZone: e.target.value })}>
                {timeZones(s.timeZone).map((z) => (
                  <option key={z} value={z}>
                    {z}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <LanguagesFields
            value={s}
            onChange={(languages) => setS((old) => (old ? { ...old, ...languages } : old))}
          />
          <button type="submit" className="primary" disabled={busy}>
            {t('settings.save')}
          </button>
        </form>
      )}
      <BrandingPanel orgId={org.id} orgName={org.name} />
      <CreditsPanel orgId={org.id} />
    </>
  );
}
