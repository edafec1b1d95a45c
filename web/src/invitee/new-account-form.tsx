import { type FormEvent, useState } from 'react';
import { useT } from '../i18n/use-t.tsx';
import { FormError } from '../ui/form-error.tsx';
import { PasswordInput } from '../ui/password-input.tsx';
import { TextField } from '../ui/text-field.tsx';
import { useSubmit } from '../ui/use-submit.ts';
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
  const { busy, error, setError, run } = useSubmit();
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setError(t('invitee.account.nameMissing'));
    const problem = passwordProblemText(t, password, [name, email]);
    if (problem) return setError(problem);
    await run(() => onSubmit({ name: name.trim(), password }), { stayBusy: true });
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
      <TextField
        label={t('invitee.account.name')}
        name="name"
        autoComplete="name"
        required
        value={name}
        onChange={setName}
      />
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
