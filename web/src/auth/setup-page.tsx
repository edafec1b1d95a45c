import { type FormEvent, useState } from 'react';
import { post } from '../api.ts';
import { useNewOrganizationDefaults } from '../console/new-organization-defaults.ts';
import { useT } from '../i18n/use-t.tsx';
import { navigate } from '../router.tsx';
import { FormError } from '../ui/form-error.tsx';
import { PasswordInput, passwordProblem } from '../ui/password-input.tsx';
import { TextField } from '../ui/text-field.tsx';
import { useSubmit } from '../ui/use-submit.ts';
import { CardPage } from './card-page.tsx';

export function SetupPage({ onDone }: { onDone: () => Promise<void> }) {
  const t = useT();
  const orgDefaults = useNewOrganizationDefaults();
  const [orgName, setOrgName] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, setError, run } = useSubmit();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = passwordProblem(password, [name, email]);
    if (problem) return setError(problem);
    await run(async () => {
      await post('/setup', {
        organization: { name: orgName, ...orgDefaults },
        owner: { name, email, password },
      });
      await onDone();
      navigate('/', { replace: true });
    });
  }
  return (
    <CardPage title={t('auth.setup.title')} languages>
      <p>{t('auth.setup.intro')}</p>
      <form onSubmit={submit} noValidate={false}>
        <FormError error={error} />
        <fieldset>
          <legend>{t('auth.setup.organization')}</legend>
          <TextField
            label={t('auth.setup.orgName')}
            name="orgName"
            required
            value={orgName}
            onChange={setOrgName}
          />
        </fieldset>
        <fieldset>
          <legend>{t('auth.setup.owner')}</legend>
          <TextField
            label={t('auth.setup.yourName')}
            name="name"
            autoComplete="name"
            required
            value={name}
            onChange={setName}
          />
          <TextField
            label={t('auth.emailAddress')}
            name="email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={setEmail}
          />
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
