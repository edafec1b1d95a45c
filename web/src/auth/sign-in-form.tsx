import { type FormEvent, useState } from 'react';
import { post, type Session } from '../api.ts';
import { useT } from '../i18n/use-t.tsx';
import { errorText } from '../ui/error-text.ts';
import { Field } from '../ui/field.tsx';
import { FormError } from '../ui/form-error.tsx';
import { PasswordInput } from '../ui/password-input.tsx';

export function SignInForm({
  onSignedIn,
  initialEmail = '',
  submitLabel,
}: {
  onSignedIn: (s: Session) => void | Promise<void>;
  initialEmail?: string;
  submitLabel?: string;
}) {
  const t = useT();
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const s = await post<Session>('/session', { email, password });
      await onSignedIn(s);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit}>
      <FormError error={error} />
      <Field label={t('auth.emailAddress')}>
        {(p) => (
          <input
            {...p}
            name="email"
            type="email"
            autoComplete="username"
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
        autoComplete="current-password"
        showStrength={false}
      />
      <button type="submit" className="primary block" disabled={busy}>
        {busy ? t('auth.signingIn') : (submitLabel ?? t('auth.signIn'))}
      </button>
    </form>
  );
}
