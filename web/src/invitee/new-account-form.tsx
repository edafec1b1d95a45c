import { type FormEvent, useState } from 'react';
import { useT } from '../i18n/use-t.tsx';
import { errorText } from '../ui/error-text.ts';
import { Field } from '../ui/field.tsx';
import { FormError } from '../ui/form-error.tsx';
import { PasswordInput } from '../ui/password-input.tsx';
import { passwordProblemText } from './password-problem.ts';

export function NewAccountForm({
  email,
  submitLabel,
  onSubmit,
}: {
  email: string;
  submitLabel: string;
  onSubmit: (body: { name: string; password: string }) => Promise<void>;
}) {
  const t = useT();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setError(t('invitee.account.nameMissing'));
    const problem = passwordProblemText(t, password, [name, email]);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ name: name.trim(), password });
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit}>
      <FormError error={error} />
      <div className="field">
        <span className="label-like">{t('invitee.emailAddress')}</span>
        <div className="readonly-value">
          <bdi>{email}</bdi>
        </div>
      </div>
      <Field label={t('invitee.account.name')}>
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
      <PasswordInput
        label={t('invitee.account.password')}
        name="password"
        value={password}
        onChange={setPassword}
        context={[name, email]}
      />
      <button type="submit" className="primary block" disabled={busy}>
        {busy ? t('invitee.account.wait') : submitLabel}
      </button>
    </form>
  );
}
