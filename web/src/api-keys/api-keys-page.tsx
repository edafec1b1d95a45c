import { type FormEvent, type ReactNode, useState } from 'react';
import { del, post, type Role } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { PageHead } from '../console/page-head.tsx';
import { useQuery } from '../data/use-query.ts';
import { T, useT } from '../i18n/use-t.tsx';
import { grantableRoles } from '../members/grantable-roles.ts';
import { roleName } from '../members/role-names.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { DataTable } from '../ui/data-table.tsx';
import { errorText } from '../ui/error-text.ts';
import { Field } from '../ui/field.tsx';
import { FormError } from '../ui/form-error.tsx';
import { ShownOnceDialog } from '../ui/shown-once-dialog.tsx';
import { Time } from '../ui/time.tsx';
import { useToast } from '../ui/toast.tsx';
import { type ApiKey, KEY_ROLES, type NewApiKey } from './api-key.ts';
import { KeyActsAs } from './key-acts-as.tsx';
import { KeyCreator } from './key-creator.tsx';

/** Text read only by screen readers inside a button: "Revoke<hidden> HR sync</hidden>". */
const hidden = (chunks: ReactNode[]) => <span className="visually-hidden">{chunks}</span>;
const code = (chunks: ReactNode[]) => <code>{chunks}</code>;

export function ApiKeysPage() {
  const { org } = useOrg();
  const t = useT();
  const toast = useToast();
  const { data, error: loadError, reload: load } = useQuery<{ items: ApiKey[] }>(`/orgs/${org.id}/api-keys`);
  const keys = data?.items ?? (loadError ? [] : null);
  const [name, setName] = useState('');
  const roles = KEY_ROLES.filter((r) => grantableRoles(org.role).includes(r));
  const [role, setRole] = useState<Role>(roles[0] ?? 'admin');
  const [created, setCreated] = useState<NewApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const k = await post<NewApiKey>(`/orgs/${org.id}/api-keys`, { name, role });
      setCreated(k);
      setName('');
      load();
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <>
      <PageHead
        title={t('api-keys.title')}
        lead={
          <T
            id="api-keys.lead"
            values={{
              code,
              docs: (chunks) => <a href="/api/docs">{chunks}</a>,
              header: 'Authorization: Bearer <key>',
            }}
          />
        }
      />
      <form onSubmit={create} className="panel inline-form">
        <FormError error={error ?? (loadError ? errorText(loadError) : null)} />
        <Field label={t('api-keys.form.name')} hint={t('api-keys.form.nameHint')}>
          {(p) => (
            <input {...p} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
          )}
        </Field>
        <Field label={t('api-keys.form.role')} hint={t('api-keys.form.roleHint')}>
          {(p) => (
            <select {...p} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {roleName(t, r)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="primary">
          {t('api-keys.form.create')}
        </button>
      </form>
      <DataTable
        items={keys}
        empty={<p className="empty">{t('api-keys.empty')}</p>}
        caption={t('api-keys.title')}
        columns={[
          { label: t('api-keys.table.name') },
          { label: t('api-keys.table.prefix') },
          { label: t('api-keys.table.actsAs') },
          { label: t('api-keys.table.createdBy') },
          { label: t('api-keys.table.created') },
          { label: t('api-keys.table.actions'), hidden: true },
        ]}
        row={(k) => (
          <tr key={k.id}>
            <td data-label={t('api-keys.table.name')}>{k.name}</td>
            <td data-label={t('api-keys.table.prefix')}>
              <code>{k.prefix}…</code>
            </td>
            <td data-label={t('api-keys.table.actsAs')}>
              <KeyActsAs k={k} />
            </td>
            <td data-label={t('api-keys.table.createdBy')}>
              <KeyCreator k={k} />
            </td>
            <td data-label={t('api-keys.table.created')}>
              <Time iso={k.createdAt} />
            </td>
            <td className="actions">
              {k.status !== 'revoked' && (
                <button type="button" className="small danger-text" onClick={() => setRevoking(k)}>
                  <T id="api-keys.action.revoke" values={{ name: k.name, hidden }} />
                </button>
              )}
            </td>
          </tr>
        )}
      />
      {created && (
        <ShownOnceDialog
          title={t('api-keys.created.title')}
          intro={
            <p>
              <T
                id="api-keys.created.onlyOnce"
                values={{ name: created.name, b: (chunks) => <strong>{chunks}</strong> }}
              />
            </p>
          }
          secret={created.key}
          testId="new-api-key"
          copyLabel={t('api-keys.created.copy')}
          copiedText={t('api-keys.created.copied')}
          doneLabel={t('api-keys.created.stored')}
          onClose={() => setCreated(null)}
        />
      )}
      {revoking && (
        <ConfirmDialog
          title={t('api-keys.revoke.title', { name: revoking.name })}
          danger
          confirmLabel={t('api-keys.revoke.confirm')}
          body={<p>{t('api-keys.revoke.body')}</p>}
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            try {
              await del(`/orgs/${org.id}/api-keys/${revoking.id}`);
              toast('success', t('api-keys.revoke.done', { name: revoking.name }));
              setRevoking(null);
              load();
            } catch (e) {
              toast('error', errorText(e));
            }
          }}
        />
      )}
    </>
  );
}
