import { type FormEvent, useState } from 'react';
import { post, type Session } from '../api.ts';
import { useT } from '../i18n/use-t.tsx';
import { FormError } from '../ui/form-error.tsx';
import { PasswordInput } from '../ui/password-input.tsx';
import { TextField } from '../ui/text-field.tsx';
import { useSubmit } from '../ui/use-submit.ts';

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
  const { busy, error, run } = useSubmit();
  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(
      async () => {
        const s = await post<Session>('/session', { email, password });
        await onSignedIn(s);
      },
      { stayBusy: true },
    );
  }
  return (
    <form onSubmit={submit}>
      <FormError error={error} />
      <TextField
        label={t('auth.emailAddress')}
        name="email"
        type="email"
        autoComplete="username"
        required
        value={email}
        onChange={setEmail}
      />
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
