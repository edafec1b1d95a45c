import { type FormEvent, useState } from 'react';
import { post } from '../api.ts';
import { useT } from '../i18n/use-t.tsx';
import { navigate } from '../router.tsx';
import { browserTimeZone } from '../send-time/zoned-time.ts';
import { errorText } from '../ui/error-text.ts';
import { Field } from '../ui/field.tsx';
import { FormError } from '../ui/form-error.tsx';
import { PasswordInput, passwordProblem } from '../ui/password-input.tsx';
import { CardPage } from './card-page.tsx';

export function SetupPage({ onDone }: { onDone: () => Promise<void> }) {
  const t = useT();
  const [orgName, setOrgName] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = passwordProblem(password, [name, email]);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await post('/setup', {
        organization: { name: orgName, timeZone: browserTimeZone() },
        owner: { name, email, password },
      });
      await onDone();
      navigate('/', { replace: true });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <CardPage title={t('auth.setup.title')} languages>
      <p>{t('auth.setup.intro')}</p>
      <form onSubmit={submit} noValidate={false}>
        <FormError error={error} />
        <fieldset>
          <legend>{t('auth.setup.organization')}</legend>
          <Field label={t('auth.setup.orgName')}>
            {(p) => (
              <input
                {...p}
                name="orgName"
                required
                value={orgName}
                onChange={(e) => setOrgName(e.target.value)}
              />
            )}
          </Field>
        </fieldset>
        <fieldset>
          <legend>{t('auth.setup.owner')}</legend>
          <Field label={t('auth.setup.yourName')}>
            {(p) => (
              <input
                {...p}
                name="name"
                autoComplete="name"
                required
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('auth.emailAddress')}>
            {(p) => (
              <input
                {...p}
                name="email"
                type="email"
                autoComplete="email"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            )}
          </Field>
          <PasswordInput
            label={t('auth.password')}
            name="password"
            value={password}
            onChange={setPassword}
            context={[name, email]}
          />
        </fieldset>
        <button type="submit" className="primary block" disabled={busy}>
          {busy ? t('auth.setup.creating') : t('auth.setup.create')}
        </button>
      </form>
    </CardPage>
  );
}
