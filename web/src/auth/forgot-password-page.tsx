import { type FormEvent, useState } from 'react';
import { post } from '../api.ts';
import { T, useT } from '../i18n/use-t.tsx';
import { Link } from '../router.tsx';
import { FormError } from '../ui/form-error.tsx';
import { TextField } from '../ui/text-field.tsx';
import { useSubmit } from '../ui/use-submit.ts';
import { CardPage } from './card-page.tsx';

export function ForgotPasswordPage() {
  const t = useT();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { busy, error, run } = useSubmit();
  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      await post('/password-resets', { email });
      setSent(true);
    });
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
          <TextField
            label={t('auth.emailAddress')}
            type="email"
            name="email"
            autoComplete="email"
            required
            value={email}
            onChange={setEmail}
          />
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
