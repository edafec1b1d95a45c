import { type FormEvent, useState } from 'react';
import { post } from '../api.ts';
import { useT } from '../i18n/use-t.tsx';
import { Link } from '../router.tsx';
import { errorText } from '../ui/error-text.ts';
import { FormError } from '../ui/form-error.tsx';
import { PasswordInput, passwordProblem } from '../ui/password-input.tsx';
import { CardPage } from './card-page.tsx';

export function ResetPasswordPage({ token }: { token: string }) {
  const t = useT();
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = passwordProblem(password);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await post(`/password-resets/${encodeURIComponent(token)}`, { password });
      setDone(true);
    } catch (err: any) {
      setError(err?.status === 410 || err?.status === 404 ? t('auth.reset.deadLink') : errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <CardPage title={t('auth.reset.title')} languages>
      {done ? (
        <div role="status">
          <p>{t('auth.change.done')}</p>
          <p>
            <Link to="/sign-in" className="button primary">
              {t('auth.signIn')}
            </Link>
          </p>
        </div>
      ) : (
        <form onSubmit={submit}>
          <FormError error={error} />
          <PasswordInput label={t('auth.newPassword')} value={password} onChange={setPassword} />
          <button type="submit" className="primary block" disabled={busy}>
            {t('auth.reset.submit')}
          </button>
          <p className="center">
            <Link to="/forgot-password">{t('auth.reset.newLink')}</Link>
          </p>
        </form>
      )}
    </CardPage>
  );
}
