import { type FormEvent, Fragment, useCallback, useEffect, useState } from 'react';
import { del, type Group, get, patch, post, ROLE_LABEL, type Role, type Settings } from './api.ts';
import { PageHead, useOrg } from './console.tsx';
import { grantableRoles, useGroups } from './people.tsx';
import {
  ConfirmDialog,
  copyText,
  Dialog,
  errorText,
  Field,
  FormError,
  fullTime,
  Spinner,
  Time,
  useToast,
} from './ui.tsx';

// ---------------------------------------------------------------- Groups & trainings

const splitList = (s: string) =>
  s
    .split(/[\n,]+/)
    .map((x) => x.trim())
    .filter(Boolean);

function GroupDialog({ group, onClose }: { group: Group | null; onClose: (changed: boolean) => void }) {
  const { org } = useOrg();
  const toast = useToast();
  const [name, setName] = useState(group?.name ?? '');
  const [trainings, setTrainings] = useState((group?.trainings ?? []).join('\n'));
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      const body = { name, trainings: splitList(trainings) };
      if (group) await patch(`/orgs/${org.id}/groups/${group.id}`, body);
      else await post(`/orgs/${org.id}/groups`, body);
      toast('success', group ? `Group ${name} saved.` : `Group ${name} created.`);
      onClose(true);
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <Dialog title={group ? `Edit ${group.name}` : 'New group'} onClose={() => onClose(false)}>
      <form onSubmit={submit} className="dialog-body">
        <FormError error={error} />
        <Field label="Group name">
          {(p) => (
            <input {...p} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
          )}
        </Field>
        <Field label="Trainings" hint="One per line. People who join the group are assigned these trainings.">
          {(p) => (
            <textarea {...p} rows={4} value={trainings} onChange={(e) => setTrainings(e.target.value)} />
          )}
        </Field>
        <div className="dialog-actions">
          <button type="button" onClick={() => onClose(false)}>
            Cancel
          </button>
          <button type="submit" className="primary">
            {group ? 'Save' : 'Create group'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function GroupsPage() {
  const { org } = useOrg();
  const toast = useToast();
  const { groups, reload } = useGroups(org.id);
  const [editing, setEditing] = useState<Group | null | 'new'>(null);
  const [deleting, setDeleting] = useState<Group | null>(null);
  return (
    <>
      <PageHead
        title="Groups & trainings"
        lead="Set up groups before inviting: people invited into a group are assigned its trainings when they accept."
      >
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          New group
        </button>
      </PageHead>
      {!groups ? (
        <Spinner />
      ) : groups.length === 0 ? (
        <div className="empty">
          <p>No groups yet.</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Groups</caption>
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Trainings</th>
                <th scope="col" className="num">
                  Members
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.id}>
                  <td data-label="Group">
                    <strong>{g.name}</strong>
                  </td>
                  <td data-label="Trainings">{g.trainings.join(', ') || <span className="muted">—</span>}</td>
                  <td data-label="Members" className="num">
                    {g.memberCount ?? '—'}
                  </td>
                  <td className="actions">
                    <button type="button" className="small" onClick={() => setEditing(g)}>
                      Edit<span className="visually-hidden"> {g.name}</span>
                    </button>{' '}
                    <button type="button" className="small danger-text" onClick={() => setDeleting(g)}>
                      Delete<span className="visually-hidden"> {g.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && (
        <GroupDialog
          group={editing === 'new' ? null : editing}
          onClose={(changed) => {
            setEditing(null);
            if (changed) reload();
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          danger
          confirmLabel="Delete group"
          body={
            <p>
              Members stay in the organization; they just leave this group. Trainings already assigned stay
              assigned.
            </p>
          }
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            try {
              await del(`/orgs/${org.id}/groups/${deleting.id}`);
              toast('success', `Group ${deleting.name} deleted.`);
              setDeleting(null);
              reload();
            } catch (e) {
              toast('error', errorText(e));
            }
          }}
        />
      )}
    </>
  );
}

// ---------------------------------------------------------------- Settings

export function SettingsPage() {
  const { org } = useOrg();
  const toast = useToast();
  const [s, setS] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    get<Settings>(`/orgs/${org.id}/settings`).then(setS, (e) => setError(errorText(e)));
  }, [org.id]);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!s) return;
    setBusy(true);
    setError(null);
    try {
      setS(await patch<Settings>(`/orgs/${org.id}/settings`, s));
      toast('success', 'Settings saved.');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  const num = (key: keyof Settings) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setS((old) => (old ? { ...old, [key]: e.target.value === '' ? 0 : Number(e.target.value) } : old));
  return (
    <>
      <PageHead title="Settings" lead={`How invitations work in ${org.name}.`} />
      <FormError error={error} />
      {!s ? (
        !error && <Spinner />
      ) : (
        <form onSubmit={submit} className="panel form-narrow">
          <Field
            label="Invitations expire after (days)"
            hint="An invitation not accepted in this time expires. 7 by default."
          >
            {(p) => (
              <input
                {...p}
                type="number"
                min={1}
                max={365}
                required
                value={s.inviteExpiryDays}
                onChange={num('inviteExpiryDays')}
              />
            )}
          </Field>
          <Field label="Addresses per manual invite" hint="Up to 10.">
            {(p) => (
              <input
                {...p}
                type="number"
                min={1}
                max={10}
                required
                value={s.manualEntryLimit}
                onChange={num('manualEntryLimit')}
              />
            )}
          </Field>
          <Field label="Rows per spreadsheet import">
            {(p) => (
              <input
                {...p}
                type="number"
                min={1}
                max={100000}
                required
                value={s.importRowLimit}
                onChange={num('importRowLimit')}
              />
            )}
          </Field>
          <div className="field">
            <label className="check-label">
              <input
                type="checkbox"
                checked={s.requireGroup}
                onChange={(e) => setS({ ...s, requireGroup: e.target.checked })}
              />{' '}
              Every invitation must name a group
            </label>
          </div>
          <div className="field">
            <label className="check-label">
              <input
                type="checkbox"
                checked={s.reminderDaysBeforeExpiry !== null}
                onChange={(e) => setS({ ...s, reminderDaysBeforeExpiry: e.target.checked ? 2 : null })}
              />{' '}
              Send one reminder before an invitation expires
            </label>
          </div>
          {s.reminderDaysBeforeExpiry !== null && (
            <Field label="Remind this many days before expiry">
              {(p) => (
                <input
                  {...p}
                  type="number"
                  min={1}
                  max={364}
                  required
                  value={s.reminderDaysBeforeExpiry ?? 1}
                  onChange={num('reminderDaysBeforeExpiry')}
                />
              )}
            </Field>
          )}
          <Field label="Emails sent per minute" hint="Large imports are sent at this pace.">
            {(p) => (
              <input
                {...p}
                type="number"
                min={1}
                required
                value={s.sendRatePerMinute}
                onChange={num('sendRatePerMinute')}
              />
            )}
          </Field>
          <button type="submit" className="primary" disabled={busy}>
            Save settings
          </button>
        </form>
      )}
    </>
  );
}

// ---------------------------------------------------------------- API keys

type KeyStatus = 'active' | 'revoked' | 'creator_deactivated' | 'creator_removed';
interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  effectiveRole: Role | null;
  status: KeyStatus;
  creator: {
    userId: string | null;
    name: string | null;
    status: 'active' | 'deactivated' | 'removed';
  } | null;
  createdByKey: { id: string; name: string } | null;
  createdAt: string;
  lastUsedAt?: string | null;
}

/** Roles a key may hold; the form offers those the signed-in person may give. */
const KEY_ROLES: Role[] = ['admin', 'hr'];
const KEY_STOPPED: Record<Exclude<KeyStatus, 'active'>, string> = {
  revoked: 'Revoked',
  creator_deactivated: 'Stopped: creator deactivated',
  creator_removed: 'Stopped: creator removed',
};

function KeyCreator({ k }: { k: ApiKey }) {
  if (!k.creator) return <span className="muted">Unknown (created before creators were recorded)</span>;
  const gone = k.creator.status === 'active' ? '' : ` (${k.creator.status})`;
  return (
    <>
      {k.creator.name ?? 'A deleted account'}
      {gone}
      {k.createdByKey && <span className="muted"> via key {k.createdByKey.name}</span>}
    </>
  );
}

function KeyActsAs({ k }: { k: ApiKey }) {
  if (k.status !== 'active' || !k.effectiveRole)
    return (
      <span className="badge status-cancelled">{KEY_STOPPED[k.status as Exclude<KeyStatus, 'active'>]}</span>
    );
  const lowered = k.effectiveRole !== k.role;
  return (
    <>
      {ROLE_LABEL[k.effectiveRole] ?? k.effectiveRole}
      {lowered && (
        <span className="muted"> (chosen: {ROLE_LABEL[k.role]}; limited to its creator’s role)</span>
      )}
    </>
  );
}

export function ApiKeysPage() {
  const { org } = useOrg();
  const toast = useToast();
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [name, setName] = useState('');
  const roles = KEY_ROLES.filter((r) => grantableRoles(org.role).includes(r));
  const [role, setRole] = useState<Role>(roles[0] ?? 'admin');
  const [created, setCreated] = useState<(ApiKey & { key: string }) | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    () =>
      get<{ items: ApiKey[] }>(`/orgs/${org.id}/api-keys`).then(
        (r) => setKeys(r.items),
        (e) => {
          setError(errorText(e));
          setKeys([]);
        },
      ),
    [org.id],
  );
  useEffect(() => {
    load();
  }, [load]);
  async function create(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const k = await post<ApiKey & { key: string }>(`/orgs/${org.id}/api-keys`, { name, role });
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
        title="API keys"
        lead={
          <>
            Scripts call the API with <code>Authorization: Bearer &lt;key&gt;</code>. See the{' '}
            <a href="/api/docs">API documentation</a>. A key never does more than the person who created it
            can do now: it follows them if their role is lowered and stops if they are deactivated or leave.
          </>
        }
      />
      <form onSubmit={create} className="panel inline-form">
        <FormError error={error} />
        <Field label="Key name" hint="What will use it, e.g. “HR system sync”.">
          {(p) => (
            <input {...p} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
          )}
        </Field>
        <Field label="Role" hint="Never more than yours. The key stops working if you are deactivated.">
          {(p) => (
            <select {...p} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABEL[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="primary">
          Create key
        </button>
      </form>
      {!keys ? (
        <Spinner />
      ) : keys.length === 0 ? (
        <p className="empty">No API keys.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">API keys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key starts with</th>
                <th scope="col">Acts as</th>
                <th scope="col">Created by</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id}>
                  <td data-label="Name">{k.name}</td>
                  <td data-label="Prefix">
                    <code>{k.prefix}…</code>
                  </td>
                  <td data-label="Acts as">
                    <KeyActsAs k={k} />
                  </td>
                  <td data-label="Created by">
                    <KeyCreator k={k} />
                  </td>
                  <td data-label="Created">
                    <Time iso={k.createdAt} />
                  </td>
                  <td className="actions">
                    {k.status !== 'revoked' && (
                      <button type="button" className="small danger-text" onClick={() => setRevoking(k)}>
                        Revoke<span className="visually-hidden"> {k.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {created && (
        <Dialog title="Your new API key" onClose={() => setCreated(null)}>
          <div className="dialog-body">
            <p>
              Copy <strong>{created.name}</strong> now: it is shown only once. Store it like a password.
            </p>
            <div className="key-box">
              <code data-testid="new-api-key">{created.key}</code>
            </div>
          </div>
          <div className="dialog-actions">
            <button
              type="button"
              onClick={async () => {
                await copyText(created.key);
                toast('success', 'API key copied to the clipboard.');
              }}
            >
              Copy key
            </button>
            <button type="button" className="primary" onClick={() => setCreated(null)}>
              I have stored it
            </button>
          </div>
        </Dialog>
      )}
      {revoking && (
        <ConfirmDialog
          title={`Revoke ${revoking.name}?`}
          danger
          confirmLabel="Revoke key"
          body={<p>Anything using this key stops working at once.</p>}
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            try {
              await del(`/orgs/${org.id}/api-keys/${revoking.id}`);
              toast('success', `Key ${revoking.name} revoked.`);
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

// ---------------------------------------------------------------- Join page settings

interface JoinPage {
  enabled: boolean;
  slug: string;
  allowedDomains: string[];
  defaultRole: Role;
  defaultGroupIds: string[];
  expiresAt: string | null;
  maxJoins: number | null;
  joinCount?: number;
  url?: string;
}

export function JoinPageSettings() {
  const { org } = useOrg();
  const toast = useToast();
  const { groups } = useGroups(org.id);
  const [page, setPage] = useState<JoinPage | null>(null);
  const [domains, setDomains] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const path = `/orgs/${org.id}/join-page`;
  const accept = useCallback((p: JoinPage) => {
    setPage(p);
    setDomains(p.allowedDomains.join(', '));
  }, []);
  useEffect(() => {
    get<JoinPage>(path).then(accept, (e) => setError(errorText(e)));
  }, [path, accept]);
  async function save(next: JoinPage, message = 'Join page saved.'): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      const { joinCount: _c, url: _u, ...body } = next;
      accept(
        await patch<JoinPage>(path, { ...body, allowedDomains: splitList(domains.replace(/\s+/g, ',')) }),
      );
      toast('success', message);
      return true;
    } catch (err) {
      setError(errorText(err));
      return false;
    } finally {
      setBusy(false);
    }
  }
  /** The switch answers at once; the saved page replaces it, or it flips back if saving failed. */
  function toggle(enabled: boolean) {
    if (!page) return;
    const before = page;
    setPage({ ...page, enabled });
    void save({ ...page, enabled }, enabled ? 'Join page is on.' : 'Join page is off.').then((ok) => {
      if (!ok) setPage(before);
    });
  }
  const url = page ? (page.url ?? `${window.location.origin}/join/${page.slug}`) : '';
  return (
    <>
      <PageHead
        title="Join page"
        lead="A public page where people join without an invitation, after proving they own their email address."
      />
      <FormError error={error} />
      {!page ? (
        !error && <Spinner />
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
                onChange={(e) => toggle(e.target.checked)}
              />{' '}
              Join page is <strong>{page.enabled ? 'on' : 'off'}</strong>
            </label>
            <p className="hint">Anyone with the link can ask to join. Use allowed domains to limit who.</p>
          </div>
          <div className="field">
            <label htmlFor="join-link">Link</label>
            <div className="input-row">
              <input id="join-link" readOnly value={url} onFocus={(e) => e.target.select()} />
              <button
                type="button"
                className="small"
                onClick={async () => {
                  await copyText(url);
                  toast('success', 'Join page link copied to the clipboard.');
                }}
              >
                Copy link
              </button>
            </div>
            {page.enabled && (
              <p className="hint">
                <a href={url} target="_blank" rel="noreferrer">
                  Open the join page
                </a>{' '}
                · {page.joinCount ?? 0} joined so far
              </p>
            )}
          </div>
          <Field label="Address (slug)" hint="Letters, digits and dashes.">
            {(p) => (
              <input
                {...p}
                required
                pattern="[a-z0-9][a-z0-9-]*"
                value={page.slug}
                onChange={(e) => setPage({ ...page, slug: e.target.value.toLowerCase() })}
              />
            )}
          </Field>
          <Field
            label="Allowed email domains"
            hint="Comma separated, e.g. example.com. Empty allows every domain."
          >
            {(p) => <input {...p} value={domains} onChange={(e) => setDomains(e.target.value)} />}
          </Field>
          <Field label="Role of people who join">
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
                      {ROLE_LABEL[r]}
                    </option>
                  ))}
              </select>
            )}
          </Field>
          <fieldset>
            <legend>Groups they join</legend>
            {(groups ?? []).length === 0 ? (
              <p className="muted small">No groups yet.</p>
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
          <Field label="Closes on (optional)">
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
          <Field label="Maximum number of joins (optional)">
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
            Save join page
          </button>
        </form>
      )}
    </>
  );
}

// ---------------------------------------------------------------- Mailbox

interface MailboxItem {
  id: string;
  kind: string;
  to: string;
  subject: string;
  status: string;
  createdAt: string;
  html: string;
  text: string;
  link?: string;
}

/** Turns the plain text of an email into nodes, with its links clickable (same-origin links stay in the app). */
export function LinkifiedText({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <pre className="email-text">
      {parts.map((part, i) =>
        /^https?:\/\//.test(part) ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text never reorder
          <a key={i} href={sameOrigin(part)}>
            {part}
          </a>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text never reorder
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </pre>
  );
}

function sameOrigin(url: string): string {
  try {
    const u = new URL(url);
    // Links carry APP_URL; when the console is opened on another host name, keep the path.
    if (u.origin !== window.location.origin && /^\/(invite|join|reset-password)\//.test(u.pathname))
      return u.pathname + u.search;
  } catch {
    // keep as is
  }
  return url;
}

export function MailboxPage() {
  const { org } = useOrg();
  const [items, setItems] = useState<MailboxItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    () =>
      get<{ items: MailboxItem[] }>(`/orgs/${org.id}/mailbox`).then(
        (r) => setItems(r.items),
        (e) => {
          setError(errorText(e));
          setItems([]);
        },
      ),
    [org.id],
  );
  useEffect(() => {
    load();
  }, [load]);
  return (
    <>
      <PageHead
        title="Mailbox"
        lead="SMTP_URL is not set, so Beckon keeps the emails it would send here. Open one to follow its links."
      >
        <button type="button" onClick={load}>
          Refresh
        </button>
      </PageHead>
      <FormError error={error} />
      {!items ? (
        <Spinner />
      ) : items.length === 0 ? (
        <p className="empty">No emails yet.</p>
      ) : (
        <ul className="plain-list emails">
          {items.map((m) => (
            <li key={m.id}>
              <details>
                <summary>
                  <strong>{m.subject}</strong> <span className="muted">to {m.to}</span>{' '}
                  <span className="muted small">
                    {m.kind.replace(/_/g, ' ')} · {fullTime(m.createdAt)}
                  </span>
                </summary>
                {m.link && (
                  <p>
                    <a className="button primary" href={sameOrigin(m.link)}>
                      Open the link in this email
                    </a>
                  </p>
                )}
                <LinkifiedText text={m.text} />
              </details>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
