import { type ReactNode, useState } from 'react';
import { useIntl } from 'react-intl';
import { del, patch, post } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { PageHead } from '../console/page-head.tsx';
import { useQuery } from '../data/use-query.ts';
import { useGroups } from '../groups/use-groups.ts';
import { msg, T, useT } from '../i18n/use-t.tsx';
import { roleName } from '../members/role-names.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { DataTable } from '../ui/data-table.tsx';
import { errorText } from '../ui/error-text.ts';
import { FormError } from '../ui/form-error.tsx';
import { ShownOnceDialog } from '../ui/shown-once-dialog.tsx';
import { Time } from '../ui/time.tsx';
import { useToast } from '../ui/toast.tsx';
import { AppDialog } from './app-dialog.tsx';
import type { ConnectedApp, WithSecret } from './connected-app.ts';

/** Text read only by screen readers inside a button: "Edit<hidden> Acme Moodle</hidden>". */
const hidden = (chunks: ReactNode[]) => <span className="visually-hidden">{chunks}</span>;

/** Apps people sign in to with their Beckon account (OpenID Connect). */
export function AppsPage() {
  const { org } = useOrg();
  const t = useT();
  const toast = useToast();
  const {
    data,
    error: loadError,
    reload: load,
  } = useQuery<{ items: ConnectedApp[] }>(`/orgs/${org.id}/apps`);
  const apps = data?.items ?? (loadError ? [] : null);
  const [editing, setEditing] = useState<ConnectedApp | 'new' | null>(null);
  const [secret, setSecret] = useState<WithSecret | null>(null);
  const [rotating, setRotating] = useState<ConnectedApp | null>(null);
  const [removing, setRemoving] = useState<ConnectedApp | null>(null);
  const [turningOff, setTurningOff] = useState<ConnectedApp | null>(null);
  const issuer = `${window.location.origin}/oidc`;
  const intl = useIntl();
  const { groups } = useGroups(org.id);
  /** Who a restricted app lets in, by name: its roles, then its groups (a group since deleted is left out). */
  const allowed = (a: ConnectedApp) =>
    intl.formatList(
      [
        ...a.allowedRoles.map((r) => roleName(t, r)),
        ...a.allowedGroupIds.flatMap((id) => groups?.find((g) => g.id === id)?.name ?? []),
      ],
      { type: 'unit', style: 'short' },
    );
  async function setDisabled(app: ConnectedApp, disabled: boolean) {
    try {
      await patch(`/orgs/${org.id}/apps/${app.id}`, { disabled });
      toast(
        'success',
        disabled ? t('apps.toast.off', { name: app.name }) : t('apps.toast.on', { name: app.name }),
      );
      load();
    } catch (e) {
      toast('error', errorText(e));
    }
  }
  return (
    <>
      <PageHead
        title={t('apps.title')}
        lead={<T id="apps.lead" values={{ issuer, code: (chunks) => <code>{chunks}</code> }} />}
      />
      <FormError error={loadError ? errorText(loadError) : null} />
      <p>
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          {t('apps.add')}
        </button>
      </p>
      <DataTable
        items={apps}
        empty={<p className="empty">{t('apps.empty')}</p>}
        caption={t('apps.title')}
        columns={[
          { label: t('apps.table.name') },
          { label: t('apps.table.clientId') },
          { label: t('apps.access.legend') },
          { label: t('apps.table.added') },
          { label: t('apps.table.actions'), hidden: true },
        ]}
        row={(a) => (
          <tr key={a.id}>
            <td data-label={t('apps.table.name')}>
              {a.name} {a.disabled && <span className="badge">{t('apps.off')}</span>}
              <div className="muted small">
                {a.kind === 'web' ? t('apps.kind.web') : t('apps.kind.native')}
              </div>
            </td>
            <td data-label={t('apps.table.clientId')}>
              <code>{a.clientId}</code>
            </td>
            <td data-label={t('apps.access.legend')}>
              {a.access === 'all' ? (
                t('apps.access.all')
              ) : (
                <>
                  {t('apps.access.restricted')}
                  <div className="muted small">{allowed(a)}</div>
                </>
              )}
            </td>
            <td data-label={t('apps.table.added')}>
              <Time iso={a.createdAt} />
            </td>
            <td className="actions">
              <button type="button" className="small" onClick={() => setEditing(a)}>
                <T id="apps.action.edit" values={{ name: a.name, hidden: hidden }} />
              </button>
              {a.kind === 'web' && (
                <button type="button" className="small" onClick={() => setRotating(a)}>
                  <T id="apps.action.newSecret" values={{ name: a.name, hidden: hidden }} />
                </button>
              )}
              <button
                type="button"
                className="small"
                onClick={() => (a.disabled ? setDisabled(a, false) : setTurningOff(a))}
              >
                <T
                  id={a.disabled ? msg('apps.action.turnOn') : msg('apps.action.turnOff')}
                  values={{ name: a.name, hidden: hidden }}
                />
              </button>
              <button type="button" className="small danger-text" onClick={() => setRemoving(a)}>
                <T id="apps.action.remove" values={{ name: a.name, hidden: hidden }} />
              </button>
            </td>
          </tr>
        )}
      />
      {editing && (
        <AppDialog
          app={editing === 'new' ? null : editing}
          onClose={(saved) => {
            setEditing(null);
            if (!saved) return;
            if (saved.clientSecret) setSecret(saved);
            else toast('success', t('apps.toast.saved', { name: saved.name }));
            load();
          }}
        />
      )}
      {secret?.clientSecret && (
        <ShownOnceDialog
          title={t('apps.secret.title', { name: secret.name })}
          intro={
            <>
              <p>{t('apps.secret.onlyOnce')}</p>
              <p>
                <T
                  id="apps.secret.clientId"
                  values={{ clientId: secret.clientId, code: (chunks) => <code>{chunks}</code> }}
                />
              </p>
            </>
          }
          secret={secret.clientSecret}
          testId="new-client-secret"
          copyLabel={t('apps.secret.copy')}
          copiedText={t('apps.secret.copied')}
          doneLabel={t('apps.secret.stored')}
          onClose={() => setSecret(null)}
        />
      )}
      {rotating && (
        <ConfirmDialog
          title={t('apps.rotate.title', { name: rotating.name })}
          danger
          confirmLabel={t('apps.rotate.confirm')}
          body={<p>{t('apps.rotate.body')}</p>}
          onClose={() => setRotating(null)}
          onConfirm={async () => {
            try {
              setSecret(await post<WithSecret>(`/orgs/${org.id}/apps/${rotating.id}/secret`));
              setRotating(null);
              load();
            } catch (e) {
              toast('error', errorText(e));
            }
          }}
        />
      )}
      {turningOff && (
        <ConfirmDialog
          title={t('apps.turnOff.title', { name: turningOff.name })}
          danger
          confirmLabel={t('apps.turnOff.confirm')}
          body={<p>{t('apps.turnOff.body')}</p>}
          onClose={() => setTurningOff(null)}
          onConfirm={async () => {
            await setDisabled(turningOff, true);
            setTurningOff(null);
          }}
        />
      )}
      {removing && (
        <ConfirmDialog
          title={t('apps.remove.title', { name: removing.name })}
          danger
          confirmLabel={t('apps.remove.confirm')}
          body={<p>{t('apps.remove.body')}</p>}
          onClose={() => setRemoving(null)}
          onConfirm={async () => {
            try {
              await del(`/orgs/${org.id}/apps/${removing.id}`);
              toast('success', t('apps.toast.removed', { name: removing.name }));
              setRemoving(null);
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
