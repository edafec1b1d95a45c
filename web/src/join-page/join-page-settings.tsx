import { type ReactNode, useState } from 'react';
import type { Static } from 'typebox';
import type { JoinPageDto } from '../../../src/join/schemas.ts';
import { patch, type Role } from '../api.ts';
import { useOrg } from '../console/org-context.ts';
import { PageHead } from '../console/page-head.tsx';
import { useQuery } from '../data/use-query.ts';
import { splitList } from '../groups/training-draft.ts';
import { useGroups } from '../groups/use-groups.ts';
import { msg, T, useT } from '../i18n/use-t.tsx';
import { LandingFields } from '../landing/landing-fields.tsx';
import { useAppChoices } from '../landing/use-app-choices.ts';
import { grantableRoles } from '../members/grantable-roles.ts';
import { copyText } from '../ui/copy-text.ts';
import { errorText } from '../ui/error-text.ts';
import { Field } from '../ui/field.tsx';
import { FormError } from '../ui/form-error.tsx';
import { Spinner } from '../ui/spinner.tsx';
import { useToast } from '../ui/toast.tsx';

const bold = (chunks: ReactNode[]) => <strong>{chunks}</strong>;

/** The join page as the server presents it: the type of its own response schema. */
type JoinPage = Static<typeof JoinPageDto>;

const ROLE_NAME: Record<string, string> = {
  owner: msg('join-page.role.owner'),
  admin: msg('join-page.role.admin'),
  hr: msg('join-page.role.hr'),
  curator: msg('join-page.role.curator'),
  manager: msg('join-page.role.manager'),
  learner: msg('join-page.role.learner'),
};

export function JoinPageSettings() {
  const t = useT();
  const { org } = useOrg();
  const toast = useToast();
  const { groups } = useGroups(org.id);
  const apps = useAppChoices(org.id);
  const path = `/orgs/${org.id}/join-page`;
  // The form edits the loaded page in place; saving replaces it with the server's answer.
  const { data: page, error: loadError, setData: setPage } = useQuery<JoinPage>(path);
  // The domains as typed; null shows the page's own.
  const [typedDomains, setDomains] = useState<string | null>(null);
  const domains = typedDomains ?? page?.allowedDomains.join(', ') ?? '';
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const accept = (p: JoinPage) => {
    setPage(p);
    setDomains(null);
  };
  async function save(next: JoinPage): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      const { joinCount: _c, url: _u, ...body } = next;
      accept(
        await patch<JoinPage>(path, {
          ...body,
          allowedDomains: splitList(domains.replace(/\s+/g, ',')),
          appId: body.appId || null,
          returnPath: (body.appId && body.returnPath?.trim()) || null,
        }),
      );
      toast('success', t('join-page.toast.saved'));
      return true;
    } catch (err) {
      setError(errorText(err));
      return false;
    } finally {
      setBusy(false);
    }
  }
  /**
   * The switch answers at once and saves only itself: what is typed in the form meanwhile stays
   * as typed, unsaved, and the switch flips back if saving failed.
   */
  async function toggle(enabled: boolean) {
    if (!page) return;
    const withSwitch = (p: JoinPage | undefined, on: boolean) => (p ? { ...p, enabled: on } : p);
    setPage((p) => withSwitch(p, enabled));
    setBusy(true);
    setError(null);
    try {
      const saved = await patch<JoinPage>(path, { enabled });
      setPage((p) =>
        p ? { ...p, enabled: saved.enabled, url: saved.url, joinCount: saved.joinCount } : saved,
      );
      toast('success', enabled ? t('join-page.toast.on') : t('join-page.toast.off'));
    } catch (err) {
      setPage((p) => withSwitch(p, !enabled));
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  const url = page?.url ?? '';
  return (
    <>
      <PageHead title={t('join-page.title')} lead={t('join-page.lead')} />
      <FormError error={error ?? (loadError ? errorText(loadError) : null)} />
      {!page ? (
        !loadError && <Spinner />
      ) : (
        <form
          className="panel form-narrow"
          onSubmit={(e) => {
            e.preventDefault();
            save(page);
          }}
        >
          <div className="field switch-row">
            <label className="check-label">
              <input
                type="checkbox"
                role="switch"
                aria-checked={page.enabled}
                checked={page.enabled}
                disabled={busy}
                onChange={(e) => void toggle(e.target.checked)}
              />{' '}
              <T
                id={page.enabled ? msg('join-page.switch.on') : msg('join-page.switch.off')}
                values={{ b: bold }}
              />
            </label>
            <p className="hint">{t('join-page.switch.hint')}</p>
          </div>
          <div className="field">
            <label htmlFor="join-link">{t('join-page.link.label')}</label>
            <div className="input-row">
              <input id="join-link" readOnly dir="ltr" value={url} onFocus={(e) => e.target.select()} />
              <button
                type="button"
                className="small"
                onClick={async () => {
                  await copyText(url);
                  toast('success', t('join-page.toast.copied'));
                }}
              >
                {t('join-page.link.copy')}
              </button>
            </div>
            {page.enabled && (
              <p className="hint">
                <a href={url} target="_blank" rel="noreferrer">
                  {t('join-page.link.open')}
                </a>{' '}
                · {t('join-page.link.joined', { count: page.joinCount })}
              </p>
            )}
          </div>
          <Field label={t('join-page.slug.label')} hint={t('join-page.slug.hint')}>
            {(p) => (
              <input
                {...p}
                required
                minLength={3}
                maxLength={50}
                // The server's rule, written for the v flag browsers now match patterns with ("-" escaped).
                pattern="(?!.*--)[a-z0-9][a-z0-9\-]{1,48}[a-z0-9]"
                value={page.slug}
                onChange={(e) => setPage({ ...page, slug: e.target.value.toLowerCase() })}
              />
            )}
          </Field>
          <Field label={t('join-page.domains.label')} hint={t('join-page.domains.hint')}>
            {(p) => <input {...p} dir="ltr" value={domains} onChange={(e) => setDomains(e.target.value)} />}
          </Field>
          <Field label={t('join-page.role.label')}>
            {(p) => (
              <select
                {...p}
                value={page.defaultRole}
                onChange={(e) => setPage({ ...page, defaultRole: e.target.value as Role })}
              >
                {grantableRoles(org.role)
                  .filter((r) => r !== 'owner' && r !== 'admin')
                  .map((r) => (
                    <option key={r} value={r}>
                      {t(ROLE_NAME[r] ?? r)}
                    </option>
                  ))}
              </select>
            )}
          </Field>
          <fieldset>
            <legend>{t('join-page.groups.legend')}</legend>
            {(groups ?? []).length === 0 ? (
              <p className="muted small">{t('join-page.groups.none')}</p>
            ) : (
              <div className="checks">
                {groups!.map((g) => (
                  <label key={g.id} className="check-label">
                    <input
                      type="checkbox"
                      checked={page.defaultGroupIds.includes(g.id)}
                      onChange={() =>
                        setPage({
                          ...page,
                          defaultGroupIds: page.defaultGroupIds.includes(g.id)
                            ? page.defaultGroupIds.filter((x) => x !== g.id)
                            : [...page.defaultGroupIds, g.id],
                        })
                      }
                    />{' '}
                    {g.name}
                  </label>
                ))}
              </div>
            )}
          </fieldset>
          <LandingFields
            apps={apps}
            appId={page.appId ?? ''}
            returnPath={page.returnPath ?? ''}
            what="joining"
            onChange={(v) => setPage({ ...page, appId: v.appId || null, returnPath: v.returnPath })}
          />
          <Field label={t('join-page.closes.label')}>
            {(p) => (
              <input
                {...p}
                type="date"
                value={page.expiresAt ? page.expiresAt.slice(0, 10) : ''}
                onChange={(e) =>
                  setPage({
                    ...page,
                    expiresAt: e.target.value ? new Date(`${e.target.value}T23:59:59`).toISOString() : null,
                  })
                }
              />
            )}
          </Field>
          <Field label={t('join-page.maxJoins.label')}>
            {(p) => (
              <input
                {...p}
                type="number"
                min={1}
                value={page.maxJoins ?? ''}
                onChange={(e) =>
                  setPage({ ...page, maxJoins: e.target.value ? Number(e.target.value) : null })
                }
              />
            )}
          </Field>
          <button type="submit" className="primary" disabled={busy}>
            {t('join-page.save')}
          </button>
        </form>
      )}
    </>
  );
}
