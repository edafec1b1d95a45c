import { type FormEvent, useState } from 'react';
import { post } from '../api.ts';
import { useT } from '../i18n/use-t.tsx';
import { navigate } from '../router.tsx';
import { useApp } from '../session.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { errorText } from '../ui/error-text.ts';
import { Field } from '../ui/field.tsx';
import { FormError } from '../ui/form-error.tsx';
import { useToast } from '../ui/toast.tsx';
import { useNewOrganizationDefaults } from './new-organization-defaults.ts';

export function NewOrgDialog({ onClose }: { onClose: () => void }) {
  const { refresh } = useApp();
  const toast = useToast();
  const t = useT();
  const orgDefaults = useNewOrganizationDefaults();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      const org = await post<{ id: string; name: string }>('/orgs', { name, ...orgDefaults });
      await refresh();
      toast('success', t('console.newOrg.created', { name: org.name }));
      onClose();
      navigate(`/o/${org.id}`);
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <Dialog title={t('console.newOrg.title')} onClose={onClose}>
      <form onSubmit={submit} className="dialog-body">
        <FormError error={error} />
        <Field label={t('console.newOrg.name')}>
          {(p) => <input {...p} required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('console.cancel')}
          </button>
          <button type="submit" className="primary">
            {t('console.newOrg.create')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
