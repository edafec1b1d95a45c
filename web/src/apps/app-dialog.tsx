import { type FormEvent, useId, useState } from 'react';
import { patch, post, ROLES, type Role } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { useGroups } from '../groups/use-groups.ts';
import { useT } from '../i18n/use-t.tsx';
import { roleName } from '../members/role-names.ts';
import { Dialog } from '../ui/dialog.tsx';
import { errorText } from '../ui/error-text.ts';
import { Field } from '../ui/field.tsx';
import { FormError } from '../ui/form-error.tsx';
import { type ConnectedApp, lines, type WithSecret } from './connected-app.ts';

/** The form for a new app or changes to one (kind is chosen once). */
export function AppDialog({
  app,
  onClose,
}: {
  app: ConnectedApp | null;
  onClose: (saved?: WithSecret) => void;
}) {
  const { org } = useOrg();
  const t = useT();
  const accessId = useId();
  const { groups } = useGroups(org.id);
  const [name, setName] = useState(app?.name ?? '');
  const [kind, setKind] = useState<'web' | 'native'>(app?.kind ?? 'web');
  const [redirects, setRedirects] = useState(app?.redirectUris.join('\n') ?? '');
  const [logouts, setLogouts] = useState(app?.postLogoutRedirectUris.join('\n') ?? '');
  const [launchUrl, setLaunchUrl] = useState(app?.launchUrl ?? '');
  const [access, setAccess] = useState<'all' | 'restricted'>(app?.access ?? 'all');
  const [roles, setRoles] = useState<Role[]>(ROLES.filter((r) => app?.allowedRoles.includes(r)));
  const [groupIds, setGroupIds] = useState<string[]>(app?.allowedGroupIds ?? []);
  const [error, setError] = useState<string | null>(null);
  const [noneTicked, setNoneTicked] = useState(false);
  const [busy, setBusy] = useState(false);
  const toggle = <T,>(list: T[], x: T) => (list.includes(x) ? list.filter((y) => y !== x) : [...list, x]);
  async function submit(e: FormEvent) {
    e.preventDefault();
    // Said at the choice, in the dialog's words, before anything is sent.
    const none = access === 'restricted' && roles.length === 0 && groupIds.length === 0;
    setNoneTicked(none);
    if (none) return;
    setBusy(true);
    setError(null);
    const body = {
      name,
      redirectUris: lines(redirects),
      postLogoutRedirectUris: lines(logouts),
      launchUrl: launchUrl.trim() || null,
      access,
      allowedRoles: access === 'restricted' ? roles : [],
      allowedGroupIds: access === 'restricted' ? groupIds : [],
    };
    try {
      const saved = app
        ? await patch<WithSecret>(`/orgs/${org.id}/apps/${app.id}`, body)
        : await post<WithSecret>(`/orgs/${org.id}/apps`, { ...body, kind });
      onClose(saved);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }
  return (
    <Dialog
      title={app ? t('apps.dialog.editTitle', { name: app.name }) : t('apps.dialog.addTitle')}
      onClose={() => onClose()}
      wide
    >
      <form onSubmit={submit}>
        <div className="dialog-body">
          <FormError error={error} />
          <Field label={t('apps.dialog.name')} hint={t('apps.dialog.nameHint')}>
            {(p) => (
              <input {...p} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
            )}
          </Field>
          {!app && (
            <fieldset>
              <legend>{t('apps.dialog.kind')}</legend>
              <label className="check-label">
                <input type="radio" name="kind" checked={kind === 'web'} onChange={() => setKind('web')} />{' '}
                {t('apps.dialog.kindWeb')}
              </label>
              <label className="check-label">
                <input
                  type="radio"
                  name="kind"
                  checked={kind === 'native'}
                  onChange={() => setKind('native')}
                />{' '}
                {t('apps.dialog.kindNative')}
              </label>
            </fieldset>
          )}
          <Field label={t('apps.dialog.redirects')} hint={t('apps.dialog.redirectsHint')}>
            {(p) => (
              <textarea
                {...p}
                required
                rows={3}
                value={redirects}
                onChange={(e) => setRedirects(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('apps.dialog.logouts')} hint={t('apps.dialog.logoutsHint')}>
            {(p) => <textarea {...p} rows={2} value={logouts} onChange={(e) => setLogouts(e.target.value)} />}
          </Field>
          <Field label={t('apps.dialog.launchUrl')} hint={t('apps.dialog.launchUrlHint')}>
            {(p) => (
              <input {...p} type="url" value={launchUrl} onChange={(e) => setLaunchUrl(e.target.value)} />
            )}
          </Field>
          <fieldset aria-describedby={noneTicked ? `${accessId}-error` : undefined}>
            <legend>{t('apps.access.legend')}</legend>
            <div className="checks">
              <label className="check-label">
                <input
                  type="radio"
                  name="access"
                  checked={access === 'all'}
                  onChange={() => setAccess('all')}
                />{' '}
                {t('apps.access.all')}
              </label>
              <label className="check-label">
                <input
                  type="radio"
                  name="access"
                  checked={access === 'restricted'}
                  onChange={() => setAccess('restricted')}
                />{' '}
                {t('apps.access.restrictedOption')}
              </label>
            </div>
            {access === 'restricted' && (
              <div className="checks">
                {ROLES.map((r) => (
                  <label key={r} className="check-label">
                    <input
                      type="checkbox"
                      checked={roles.includes(r)}
                      onChange={() => setRoles(toggle(roles, r))}
                    />{' '}
                    {roleName(t, r)}
                  </label>
                ))}
                {(groups ?? []).map((g) => (
                  <label key={g.id} className="check-label">
                    <input
                      type="checkbox"
                      checked={groupIds.includes(g.id)}
                      onChange={() => setGroupIds(toggle(groupIds, g.id))}
                    />{' '}
                    {t('apps.dialog.group', { name: g.name })}
                  </label>
                ))}
              </div>
            )}
            {noneTicked && access === 'restricted' && (
              <div className="error-text" id={`${accessId}-error`} role="alert">
                {t('apps.access.pickOne')}
              </div>
            )}
          </fieldset>
        </div>
        <div className="dialog-actions">
          <button type="button" onClick={() => onClose()}>
            {t('apps.dialog.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {app ? t('apps.dialog.save') : t('apps.add')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
