import { type FormEvent, useState } from 'react';
import { type Invitation, post } from '../api.ts';
import { T, useT } from '../i18n/use-t.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { errorText } from '../ui/error-text.ts';
import { FormError } from '../ui/form-error.tsx';
import { PasswordInput, passwordProblem } from '../ui/password-input.tsx';
import { useToast } from '../ui/toast.tsx';

export function SetPasswordDialog({
  inv,
  path,
  onClose,
  onChange,
}: {
  inv: Invitation;
  path: string;
  onClose: () => void;
  onChange: (i: Invitation) => void;
}) {
  const toast = useToast();
  const t = useT();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = passwordProblem(password, [inv.email]);
    if (problem) return setError(problem);
    try {
      const updated = await post<Invitation>(`${path}/password`, { password });
      onChange(updated);
      toast('success', t('people.password.done', { email: inv.email }));
      onClose();
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <Dialog title={t('people.password.title')} onClose={onClose}>
      <form onSubmit={submit} className="dialog-body">
        <p>
          <T
            id="people.password.body"
            values={{ email: inv.email, b: (chunks) => <strong>{chunks}</strong> }}
          />
        </p>
        <FormError error={error} />
        <PasswordInput
          label={t('people.password.label')}
          value={password}
          onChange={setPassword}
          context={[inv.email]}
          forSomeoneElse
        />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('people.invite.cancel')}
          </button>
          <button type="submit" className="primary">
            {t('people.action.setPassword')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
