import { type FormEvent, useState } from 'react';
import { del, patch, sendFile } from '../api.ts';
import { useQuery } from '../data/use-query.ts';
import { T, useT } from '../i18n/use-t.tsx';
import { errorText } from '../ui/error-text.ts';
import { Field } from '../ui/field.tsx';
import { FormError } from '../ui/form-error.tsx';
import { Spinner } from '../ui/spinner.tsx';
import { useToast } from '../ui/toast.tsx';
import { LogoField } from './logo-field.tsx';
import type { BrandingDto } from './types.ts';

/** Settings → Emails and invitee pages: logo, accent colour, and where answers to invitations go. */
export function BrandingPanel({ orgId, orgName }: { orgId: string; orgName: string }) {
  const toast = useToast();
  const t = useT();
  const base = `/orgs/${orgId}/branding`;
  const read = useQuery<BrandingDto>(base);
  const { data: branding, setData: setBranding } = read;
  // The accent colour as typed; until then (and after each save) the saved one.
  const [typed, setTyped] = useState<string | null>(null);
  const accent = typed ?? branding?.accentColor ?? '';
  const [runError, setError] = useState<string | null>(null);
  const error = runError ?? (read.error ? errorText(read.error) : null);
  const [busy, setBusy] = useState(false);
  // A logo refusal shows at the logo field, not at the top of the panel.
  const [logoError, setLogoError] = useState<string | null>(null);

  async function run(
    action: () => Promise<BrandingDto | undefined>,
    done: string,
    onError: (message: string | null) => void = setError,
  ) {
    setBusy(true);
    setError(null);
    setLogoError(null);
    try {
      const next = await action();
      if (next) {
        setBranding(next);
        setTyped(null);
      }
      toast('success', done);
    } catch (e) {
      onError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  function saveLook(e: FormEvent) {
    e.preventDefault();
    const value = accent.trim();
    run(
      () => patch<BrandingDto>(base, { accentColor: value === '' ? null : value }),
      t('branding.accent.saved'),
    );
  }

  return (
    <section className="panel form-narrow" id="branding" aria-labelledby="branding-title">
      <h2 id="branding-title">{t('branding.title')}</h2>
      <FormError error={error} />
      {!branding ? (
        !error && <Spinner />
      ) : (
        <>
          <p>
            <T
              id="branding.sender"
              values={{
                sender: branding.sender,
                b: (chunks) => <strong data-testid="sender-name">{chunks}</strong>,
              }}
            />
          </p>
          <LogoField
            logo={branding.logo}
            orgName={orgName}
            busy={busy}
            error={logoError}
            onUpload={(file) =>
              run(
                () => sendFile<BrandingDto>('PUT', `${base}/logo`, file),
                t('branding.logo.saved'),
                setLogoError,
              )
            }
            onRemove={() =>
              run(
                async () => {
                  await del(`${base}/logo`);
                  return { ...branding, logo: null };
                },
                t('branding.logo.removed'),
                setLogoError,
              )
            }
          />
          <form onSubmit={saveLook}>
            <Field label={t('branding.accent.label')} hint={t('branding.accent.hint')}>
              {(p) => (
                <span className="accent-input">
                  <input
                    {...p}
                    className="accent-value"
                    value={accent}
                    maxLength={7}
                    onChange={(e) => setTyped(e.target.value)}
                  />
                  <span
                    className="accent-swatch"
                    aria-hidden="true"
                    style={{ background: /^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(accent) ? accent : '#2563eb' }}
                  />
                </span>
              )}
            </Field>
            <button type="submit" disabled={busy}>
              {t('branding.accent.save')}
            </button>
          </form>
          <div className="field reply-to-field">
            <label className="check-label">
              <input
                type="checkbox"
                aria-describedby="reply-to-hint"
                checked={branding.replyToInviter}
                disabled={busy}
                onChange={(e) => {
                  const on = e.target.checked;
                  run(
                    () => patch<BrandingDto>(base, { replyToInviter: on }),
                    on ? t('branding.replyTo.on') : t('branding.replyTo.off'),
                  );
                }}
              />{' '}
              {t('branding.replyTo.label')}
            </label>
            <div className="hint" id="reply-to-hint">
              {t('branding.replyTo.hint')}
            </div>
          </div>
        </>
      )}
    </section>
  );
}
