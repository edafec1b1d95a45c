import { type FormEvent, useState } from 'react';
import { post } from '../api.ts';
import { useT } from '../i18n/use-t.tsx';
import { continueTo } from '../router.tsx';
import { useApp } from '../session.tsx';
import { errorText } from '../ui/error-text.ts';
import { FormError } from '../ui/form-error.tsx';
import { PasswordInput, passwordProblem } from '../ui/password-input.tsx';
import { useToast } from '../ui/toast.tsx';

export function ChangePasswordForm({ forced }: { forced?: boolean }) {
  const { session, refresh } = useApp();
  const t = useT();
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = passwordProblem(next, [session?.user.name ?? '', session?.user.email ?? '']);
    if (problem) return setError(problem);
    if (next === current) return setError(t('auth.change.different'));
    setBusy(true);
    setError(null);
    try {
      await post('/session/password', { currentPassword: current, newPassword: next });
      toast('success', t('auth.change.done'));
      setCurrent('');
      setNext('');
      await refresh();
      if (forced) continueTo(new URLSearchParams(window.location.search).get('next'));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit}>
      <FormError error={error} />
      <PasswordInput
        label={forced ? t('auth.temporaryPassword') : t('auth.currentPassword')}
        value={current}
        onChange={setCurrent}
        autoComplete="current-password"
        showStrength={false}
        name="currentPassword"
      />
      <PasswordInput
        label={t('auth.newPassword')}
        value={next}
        onChange={setNext}
        name="newPassword"
        context={[session?.user.name ?? '', session?.user.email ?? '']}
      />
      <button type="submit" className={forced ? 'primary block' : 'primary'} disabled={busy}>
        {t('auth.change.save')}
      </button>
    </form>
  );
}
