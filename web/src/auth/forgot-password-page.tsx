import { type FormEvent, useState } from 'react';
import { post } from '../api.ts';
import { T, useT } from '../i18n/use-t.tsx';
import { Link } from '../router.tsx';
import { errorText } from '../ui/error-text.ts';
import { Field } from '../ui/field.tsx';
import { FormError } from '../ui/form-error.tsx';
import { CardPage } from './card-page.tsx';

export function ForgotPasswordPage() {
  const t = useT();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await post('/password-resets', { email });
      setSent(true);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <CardPage title={t('auth.forgot.title')} languages>
      {sent ? (
        <div role="status">
          <p>
            <T
              id="auth.forgot.sent"
              values={{
                email,
                b: (chunks) => (
                  <strong>
                    <bdi>{chunks}</bdi>
                  </strong>
                ),
              }}
            />
          </p>
          <p>{t('auth.forgot.noEmail')}</p>
        </div>
      ) : (
        <form onSubmit={submit}>
          <p>{t('auth.forgot.intro')}</p>
          <FormError error={error} />
          <Field label={t('auth.emailAddress')}>
            {(p) => (
              <input
                {...p}
                type="email"
                name="email"
                autoComplete="email"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="primary block" disabled={busy}>
            {t('auth.forgot.send')}
          </button>
        </form>
      )}
      <p className="center">
        <Link to="/sign-in">{t('auth.forgot.back')}</Link>
      </p>
    </CardPage>
  );
}
