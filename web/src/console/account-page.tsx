import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { patch, type Session } from '../api.ts';
import { ChangePasswordForm } from '../auth/change-password-form.tsx';
import { useLocale } from '../i18n/i18n-provider.tsx';
import { browserLocale, LOCALE_NAMES, LOCALES, type Locale, rememberLocale } from '../i18n/locales.ts';
import { useT } from '../i18n/use-t.tsx';
import { useApp } from '../session.tsx';
import { errorText } from '../ui/error-text.ts';
import { Field } from '../ui/field.tsx';
import { FormError } from '../ui/form-error.tsx';
import { LanguageOptions } from '../ui/language-options.tsx';
import { useToast } from '../ui/toast.tsx';
import { PageHead } from './page-head.tsx';

export function AccountPage() {
  const { session } = useApp();
  const t = useT();
  return (
    <>
      <PageHead
        title={t('console.account.title')}
        lead={
          <>
            {session?.user.name} · <bdi>{session?.user.email}</bdi>
          </>
        }
      />
      <section className="panel form-narrow" aria-labelledby="preferences">
        <h2 id="preferences">{t('console.account.preferences')}</h2>
        {session && <PreferencesForm session={session} />}
      </section>
      <section className="panel form-narrow" aria-labelledby="change-password">
        <h2 id="change-password">{t('console.account.changePassword')}</h2>
        <ChangePasswordForm />
      </section>
    </>
  );
}

/** The browser's own time zone, which times follow when the member chose none. */
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * The member's console language and time zone; empty means "as the browser says". Saved on the
 * account, so every browser they sign in on follows it; the console switches at once.
 */
function PreferencesForm({ session }: { session: Session }) {
  const t = useT();
  const toast = useToast();
  const { refresh } = useApp();
  const { locale: shownLocale, setLocale, setTimeZone } = useLocale();
  const [locale, setChosenLocale] = useState<string>(session.user.locale ?? '');
  const [zone, setZone] = useState<string>(session.user.timeZone ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Saved, waiting for the chosen language's words: the confirmation is said in that language.
  const [savedIn, setSavedIn] = useState<Locale | null>(null);
  useEffect(() => {
    if (savedIn && shownLocale === savedIn) {
      toast('success', t('console.account.saved'));
      setSavedIn(null);
    }
  }, [savedIn, shownLocale, t, toast]);
  const zones = useMemo(() => {
    const all = new Set(Intl.supportedValuesOf('timeZone'));
    // Browsers list UTC under other names or not at all; a saved zone is always offered.
    all.add('UTC');
    if (session.user.timeZone) all.add(session.user.timeZone);
    return [...all].sort();
  }, [session.user.timeZone]);
  const fromBrowser = browserLocale(LOCALES, 'en');

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await patch<Session>('/session/preferences', { locale: locale || null, timeZone: zone || null });
      const shown = (locale || fromBrowser) as Locale;
      setLocale(shown);
      rememberLocale(shown);
      setTimeZone(zone || undefined);
      await refresh();
      setSavedIn(shown);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit}>
      <FormError error={error} />
      <Field label={t('console.account.language')}>
        {(p) => (
          <select {...p} name="locale" value={locale} onChange={(e) => setChosenLocale(e.target.value)}>
            <option value="">
              {t('console.account.browserLanguage', { language: LOCALE_NAMES[fromBrowser] })}
            </option>
            <LanguageOptions />
          </select>
        )}
      </Field>
      <Field label={t('console.account.timeZone')} hint={t('console.account.timeZoneHint')}>
        {(p) => (
          <select {...p} name="timeZone" value={zone} onChange={(e) => setZone(e.target.value)}>
            <option value="">{t('console.account.browserTimeZone', { zone: browserZone() })}</option>
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('console.account.saving') : t('console.account.save')}
      </button>
    </form>
  );
}
