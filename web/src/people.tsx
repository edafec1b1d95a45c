import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  ApiError,
  can,
  type Group,
  get,
  type Invitation,
  type InvitationEvent,
  type InvitationStatus,
  type Member,
  patch,
  post,
  ROLE_LABEL,
  ROLES,
  type Role,
  type Settings,
} from './api.ts';
import { BulkResendHistory } from './bulk-resends.tsx';
import { PageHead, useOrg } from './console.tsx';
import { Link, navigate, useLocation } from './router.tsx';
import { useApp } from './session.tsx';
import {
  ConfirmDialog,
  copyText,
  Dialog,
  errorText,
  Field,
  FormError,
  fullTime,
  MenuButton,
  PasswordInput,
  ProgressBar,
  passwordProblem,
  SendTimeDialog,
  Spinner,
  Time,
  Tip,
  toLocalInput,
  useToast,
} from './ui.tsx';

// ---------------------------------------------------------------- vocabulary

export const STATUS_LABEL: Record<InvitationStatus, string> = {
  scheduled: 'Scheduled',
  pending: 'Invite pending',
  expired: 'Invitation expired',
  accepted: 'Accepted',
  cancelled: 'Cancelled',
  declined: 'Declined',
};
const STATUS_CHIPS: Array<{ status: InvitationStatus; label: string }> = [
  { status: 'scheduled', label: 'Scheduled' },
  { status: 'pending', label: 'Invite pending' },
  { status: 'expired', label: 'Expired' },
  { status: 'accepted', label: 'Accepted' },
  { status: 'cancelled', label: 'Cancelled' },
  { status: 'declined', label: 'Declined' },
];

const EVENT_LABEL: Record<string, string> = {
  created: 'Invited',
  scheduled: 'Scheduled',
  rescheduled: 'Send time changed',
  sent: 'Invite sent',
  resent: 'Re-invited',
  renewed: 'New invitation sent',
  link_copied: 'Link copied',
  delivery_failed: 'Delivery failed',
  bounced: 'Bounced',
  reminded: 'Reminder sent',
  cancelled: 'Cancelled',
  expired: 'Expired',
  accepted: 'Accepted',
  declined: 'Declined',
  password_set: 'Password set by admin',
  account_created: 'Account created by admin',
  delivered: 'Delivered',
};
export const eventLabel = (type: string) =>
  EVENT_LABEL[type] ?? type.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** Whom the server says did it: `actorName` or `actor.name`. */
const actorName = (e: Invitation['lastEvent']) => e?.actorName ?? e?.actor?.name ?? null;

/** The actions a row offers: the server's list, or (older servers) derived from the status. */
function actionsOf(inv: Invitation): string[] {
  if (inv.actions) return inv.actions;
  switch (inv.status) {
    case 'scheduled':
      return ['reschedule', 'cancel'];
    case 'pending':
      return ['resend', 'copy_link', 'set_password', 'cancel'];
    case 'expired':
      return ['renew', 'cancel'];
    default:
      return [];
  }
}

function statusReason(inv: Invitation): string {
  if (inv.statusReason) return inv.statusReason;
  switch (inv.status) {
    case 'accepted':
      return 'Accepted: this person has joined, so the invitation cannot be resent.';
    case 'cancelled':
      return 'Cancelled: its link no longer works. Invite the address again to send a fresh invitation.';
    case 'declined':
      return 'Declined by the invitee. Invite the address again if they changed their mind.';
    default:
      return 'No action applies to this invitation now.';
  }
}

function StatusBadge({ inv }: { inv: Invitation }) {
  const badge = (
    <span className={`badge status-${inv.status}`}>{STATUS_LABEL[inv.status] ?? inv.status}</span>
  );
  if (actionsOf(inv).length > 0) return badge;
  return <Tip text={statusReason(inv)}>{badge}</Tip>;
}

function DeliveryProblem({ inv }: { inv: Invitation }) {
  const d = inv.delivery;
  if (!d || (d.status !== 'failed' && d.status !== 'bounced')) return <span className="muted">—</span>;
  return (
    <span className="delivery-problem">
      <span className="badge status-problem">{d.status === 'bounced' ? 'Bounced' : 'Not delivered'}</span>
      {d.detail && <span className="detail">{d.detail}</span>}
    </span>
  );
}

// ---------------------------------------------------------------- shared data

function useSettings(orgId: string) {
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => {
    get<Settings>(`/orgs/${orgId}/settings`).then(setSettings, () =>
      setSettings({
        inviteExpiryDays: 7,
        manualEntryLimit: 10,
        importRowLimit: 500,
        requireGroup: false,
        reminderDaysBeforeExpiry: null,
        sendRatePerMinute: 600,
      }),
    );
  }, [orgId]);
  return settings;
}

export function useGroups(orgId: string) {
  const [groups, setGroups] = useState<Group[] | null>(null);
  const load = useCallback(
    () =>
      get<{ items: Group[] }>(`/orgs/${orgId}/groups`).then(
        (r) => setGroups(r.items),
        () => setGroups([]),
      ),
    [orgId],
  );
  useEffect(() => {
    load();
  }, [load]);
  return { groups, reload: load };
}

/** Roles this member may hand out: nobody grants above their own; only owners make owners. */
const RANK: Record<Role, number> = { owner: 5, admin: 4, hr: 3, curator: 2, manager: 2, learner: 1 };
export function grantableRoles(mine: Role): Role[] {
  return ROLES.filter((r) => {
    if (r === 'owner') return mine === 'owner';
    if (mine === 'manager') return r === 'learner';
    return RANK[mine] >= RANK[r];
  });
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

// ---------------------------------------------------------------- People page

export function PeoplePage() {
  const { search } = useLocation();
  const { base } = useOrg();
  const tab = search.get('tab') === 'members' ? 'members' : 'invitations';
  const tabs = [
    { id: 'invitations', label: 'Invitations' },
    { id: 'members', label: 'Members' },
  ];
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  return (
    <>
      <PageHead title="People" lead="Invite people, follow each invitation and manage your members." />
      <div role="tablist" aria-label="People" className="tabs">
        {tabs.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() =>
              navigate(`${base}/people${t.id === 'members' ? '?tab=members' : ''}`, { replace: true })
            }
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                const next = (i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length;
                refs.current[next]?.focus();
                navigate(`${base}/people${tabs[next]!.id === 'members' ? '?tab=members' : ''}`, {
                  replace: true,
                });
              }
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'invitations' ? <InvitationsTab /> : <MembersTab />}
      </div>
    </>
  );
}

// ---------------------------------------------------------------- Invitations tab

function InvitationsTab() {
  const { org, base } = useOrg();
  const toast = useToast();
  const { search: params } = useLocation();
  const [statuses, setStatuses] = useState<InvitationStatus[]>(
    () => (params.get('status')?.split(',').filter(Boolean) as InvitationStatus[]) ?? [],
  );
  const [q, setQ] = useState(params.get('q') ?? '');
  const dq = useDebounced(q.trim(), 250);
  const [items, setItems] = useState<Invitation[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  // A one- or two-character search looks through a bounded number of invitations per call.
  const [partial, setPartial] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [inviteOpen, setInviteOpen] = useState(false);
  const [bulkTarget, setBulkTarget] = useState<BulkTarget | null>(null);
  const [historyKey, setHistoryKey] = useState(0);
  const [revealRun, setRevealRun] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const request = useRef(0);

  const query = useCallback(
    (cursor?: string) => {
      const sp = new URLSearchParams();
      if (statuses.length) sp.set('status', statuses.join(','));
      if (dq) sp.set('q', dq);
      sp.set('limit', '50');
      if (cursor) sp.set('cursor', cursor);
      return `/orgs/${org.id}/invitations?${sp}`;
    },
    [org.id, statuses, dq],
  );

  const load = useCallback(async () => {
    const mine = ++request.current;
    setError(null);
    try {
      const r = await get<{ items: Invitation[]; nextCursor: string | null; partial?: boolean }>(query());
      if (mine !== request.current) return;
      setItems(r.items);
      setNextCursor(r.nextCursor);
      setPartial(r.partial === true);
      setSelected(new Set());
      setAnnounce(
        `${r.items.length}${r.nextCursor ? '+' : ''} invitation${r.items.length === 1 ? '' : 's'} shown.`,
      );
    } catch (e) {
      if (mine === request.current) setError(errorText(e));
    }
  }, [query]);

  useEffect(() => {
    load();
  }, [load]);

  // Keep the filter in the address so a reload or a shared link shows the same list.
  useEffect(() => {
    const sp = new URLSearchParams();
    if (statuses.length) sp.set('status', statuses.join(','));
    if (dq) sp.set('q', dq);
    const s = sp.toString();
    navigate(`${base}/people${s ? `?${s}` : ''}`, { replace: true });
  }, [statuses, dq, base]);

  async function loadMore() {
    if (!nextCursor) return;
    setLoadingMore(true);
    try {
      const r = await get<{ items: Invitation[]; nextCursor: string | null; partial?: boolean }>(
        query(nextCursor),
      );
      setItems((old) => [...(old ?? []), ...r.items]);
      setNextCursor(r.nextCursor);
      setPartial(r.partial === true);
      setAnnounce(`${r.items.length} more loaded.`);
    } catch (e) {
      toast('error', errorText(e));
    } finally {
      setLoadingMore(false);
    }
  }

  const replace = (inv: Invitation) =>
    setItems((all) => all?.map((x) => (x.id === inv.id ? { ...x, ...inv } : x)) ?? null);

  const toggleStatus = (s: InvitationStatus) =>
    setStatuses((all) => (all.includes(s) ? all.filter((x) => x !== s) : [...all, s]));

  const resendable = statuses.length > 0 && statuses.every((x) => x === 'pending' || x === 'expired');
  const allSelected = !!items?.length && items.every((i) => selected.has(i.id));

  return (
    <section aria-label="Invitations">
      <div className="toolbar">
        <fieldset className="chips">
          <legend className="visually-hidden">Filter by status</legend>
          <span className="chips-label" aria-hidden="true">
            Status:
          </span>
          {STATUS_CHIPS.map((c) => (
            <button
              key={c.status}
              type="button"
              className="chip"
              aria-pressed={statuses.includes(c.status)}
              onClick={() => toggleStatus(c.status)}
            >
              {statuses.includes(c.status) && <span aria-hidden="true">✓</span>}
              {c.label}
            </button>
          ))}
          {statuses.length > 0 && (
            <button type="button" className="link small" onClick={() => setStatuses([])}>
              Clear
            </button>
          )}
        </fieldset>
        <div className="toolbar-row">
          <div className="search">
            <label htmlFor="inv-search" className="visually-hidden">
              Search invitations by address
            </label>
            <input
              id="inv-search"
              type="search"
              placeholder="Search by address"
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
          </div>
          <div className="page-actions">
            {resendable && (
              <button
                type="button"
                onClick={() =>
                  setBulkTarget({
                    filter: { status: statuses as Array<'pending' | 'expired'>, ...(dq ? { q: dq } : {}) },
                    label: `Every ${statuses.map((x) => STATUS_LABEL[x].toLowerCase()).join(' or ')} invitation${dq ? ` matching “${dq}”` : ''}.`,
                  })
                }
              >
                Resend all matching…
              </button>
            )}
            <button type="button" className="primary" onClick={() => setInviteOpen(true)}>
              Invite people
            </button>
          </div>
        </div>
      </div>

      {selected.size > 0 && (
        <section className="bulkbar" aria-label="Selection">
          <span>{selected.size} selected</span>
          <button
            type="button"
            onClick={() =>
              setBulkTarget({
                ids: [...selected],
                label: `${selected.size} selected invitation${selected.size === 1 ? '' : 's'}.`,
              })
            }
          >
            Resend selected…
          </button>
          <button type="button" className="link" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        </section>
      )}

      <p className="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
      <FormError error={error} />
      {!items ? (
        <Spinner />
      ) : items.length === 0 ? (
        <div className="empty">
          <p>
            {partial
              ? 'No match yet among the invitations searched so far.'
              : statuses.length || dq
                ? 'No invitation matches these filters.'
                : 'No invitations yet.'}
          </p>
          {!statuses.length && !dq && (
            <button type="button" className="primary" onClick={() => setInviteOpen(true)}>
              Invite your first people
            </button>
          )}
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table invitations">
            <caption className="visually-hidden">Invitations</caption>
            <thead>
              <tr>
                <th scope="col" className="check">
                  <input
                    type="checkbox"
                    aria-label="Select all shown invitations"
                    checked={allSelected}
                    onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((i) => i.id)))}
                  />
                </th>
                <th scope="col">Address</th>
                <th scope="col">Role</th>
                <th scope="col">Groups</th>
                <th scope="col">Status</th>
                <th scope="col">Delivery problem</th>
                <th scope="col">Last updated</th>
                <th scope="col" className="num">
                  Sent
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((inv) => (
                <tr
                  key={inv.id}
                  className={selected.has(inv.id) ? 'selected' : undefined}
                  data-email={inv.email}
                >
                  <td className="check">
                    <input
                      type="checkbox"
                      aria-label={`Select ${inv.email}`}
                      checked={selected.has(inv.id)}
                      onChange={() =>
                        setSelected((s) => {
                          const n = new Set(s);
                          if (n.has(inv.id)) n.delete(inv.id);
                          else n.add(inv.id);
                          return n;
                        })
                      }
                    />
                  </td>
                  <td data-label="Address" className="address">
                    <Link to={`${base}/invitations/${inv.id}`}>{inv.email}</Link>
                    {inv.user?.name && <div className="muted small">{inv.user.name}</div>}
                  </td>
                  <td data-label="Role">{ROLE_LABEL[inv.role] ?? inv.role}</td>
                  <td data-label="Groups">
                    {inv.groups.map((g) => g.name).join(', ') || <span className="muted">—</span>}
                  </td>
                  <td data-label="Status">
                    <StatusBadge inv={inv} />
                  </td>
                  <td data-label="Delivery">
                    <DeliveryProblem inv={inv} />
                  </td>
                  <td data-label="Last updated" className="last-updated">
                    {inv.lastEvent ? (
                      <>
                        <span className="event">{eventLabel(inv.lastEvent.type)}</span>{' '}
                        <Time iso={inv.lastEvent.at} />
                        {actorName(inv.lastEvent) && (
                          <div className="muted small">by {actorName(inv.lastEvent)}</div>
                        )}
                      </>
                    ) : (
                      <Time iso={inv.updatedAt} />
                    )}
                  </td>
                  <td data-label="Sent" className="num">
                    {inv.sentCount}
                  </td>
                  <td className="actions">
                    <RowActions inv={inv} onChange={replace} onReload={load} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextCursor && partial && (
        <p className="muted small center" data-testid="partial-search">
          A search of one or two characters looks through 10,000 invitations at a time. Search further, or
          type a third character to search them all at once.
        </p>
      )}
      {nextCursor && (
        <p className="center">
          <button type="button" onClick={loadMore} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : partial ? 'Search further' : 'Load more'}
          </button>
        </p>
      )}
      {inviteOpen && (
        <InviteDialog
          onClose={(changed) => {
            setInviteOpen(false);
            if (changed) load();
          }}
        />
      )}
      <BulkResendHistory refreshKey={historyKey} reveal={revealRun} />
      {bulkTarget && (
        <BulkResendDialog
          target={bulkTarget}
          onClose={(changed, runId) => {
            setBulkTarget(null);
            if (changed) {
              load();
              setHistoryKey((k) => k + 1);
            }
            if (runId) setRevealRun(runId);
          }}
        />
      )}
      {!can(org, 'settings') && null}
    </section>
  );
}

// ---------------------------------------------------------------- Row actions

const ACTION_LABEL: Record<string, string> = {
  resend: 'Resend invite',
  renew: 'Send new invitation',
  copy_link: 'Copy invitation link',
  set_password: 'Set password',
  reschedule: 'Change send time',
  cancel: 'Cancel invite',
};

function actionLabel(action: string, inv: Invitation): string {
  if (action === 'resend' && inv.status === 'expired') return 'Send new invitation';
  return ACTION_LABEL[action] ?? action;
}

export function useInvitationActions(
  inv: Invitation,
  onChange: (i: Invitation) => void,
  onReload?: () => void,
) {
  const { org } = useOrg();
  const toast = useToast();
  const [dialog, setDialog] = useState<null | 'cancel' | 'set_password' | 'reschedule'>(null);
  const path = `/orgs/${org.id}/invitations/${inv.id}`;

  async function run(action: string) {
    try {
      if (action === 'resend' || action === 'renew') {
        const wasExpired = inv.status === 'expired';
        const updated = await post<Invitation>(`${path}/resend`, {});
        onChange(updated);
        toast(
          'success',
          wasExpired
            ? `New invitation sent to ${inv.email}.`
            : `Invitation resent to ${inv.email}. The old link no longer works.`,
        );
      } else if (action === 'copy_link') {
        const { url } = await get<{ url: string }>(`${path}/link`);
        await copyText(url);
        toast('success', `Invitation link for ${inv.email} copied to the clipboard.`);
        onReload?.();
      } else if (action === 'cancel' || action === 'set_password' || action === 'reschedule') {
        setDialog(action);
      }
    } catch (e) {
      toast('error', errorText(e));
      if (e instanceof ApiError && e.status === 409) onReload?.();
    }
  }

  const items = actionsOf(inv).map((a) => ({
    label: actionLabel(a, inv),
    danger: a === 'cancel',
    onSelect: () => run(a),
  }));

  const dialogs = (
    <>
      {dialog === 'cancel' && (
        <ConfirmDialog
          title="Cancel this invitation?"
          danger
          confirmLabel="Cancel invite"
          body={
            <p>
              The link sent to <strong>{inv.email}</strong> will stop working at once. You can invite the
              address again later.
            </p>
          }
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            try {
              const updated = await post<Invitation>(`${path}/cancel`, {});
              onChange(updated);
              toast('success', `Invitation to ${inv.email} cancelled.`);
              setDialog(null);
            } catch (e) {
              toast('error', errorText(e));
            }
          }}
        />
      )}
      {dialog === 'set_password' && (
        <SetPasswordDialog inv={inv} path={path} onClose={() => setDialog(null)} onChange={onChange} />
      )}
      {dialog === 'reschedule' && (
        <RescheduleDialog inv={inv} path={path} onClose={() => setDialog(null)} onChange={onChange} />
      )}
    </>
  );
  return { items, dialogs };
}

function RowActions({
  inv,
  onChange,
  onReload,
}: {
  inv: Invitation;
  onChange: (i: Invitation) => void;
  onReload: () => void;
}) {
  const { items, dialogs } = useInvitationActions(inv, onChange, onReload);
  if (!items.length) return null;
  return (
    <>
      <MenuButton label={`Actions for ${inv.email}`} items={items} />
      {dialogs}
    </>
  );
}

function SetPasswordDialog({
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
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = passwordProblem(password, [inv.email]);
    if (problem) return setError(problem);
    try {
      const updated = await post<Invitation>(`${path}/password`, { password });
      onChange(updated);
      toast('success', `Password set. ${inv.email} must choose a new one at first sign-in.`);
      onClose();
    } catch (err) {
      setError(errorText(err));
    }
  }
  return (
    <Dialog title="Set a temporary password" onClose={onClose}>
      <form onSubmit={submit} className="dialog-body">
        <p>
          This confirms the account of <strong>{inv.email}</strong> without email. Tell them the address and
          this temporary password yourself; they will have to choose a new one when they first sign in.
        </p>
        <FormError error={error} />
        <PasswordInput
          label="Temporary password"
          value={password}
          onChange={setPassword}
          context={[inv.email]}
        />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Set password
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function RescheduleDialog({
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
  return (
    <SendTimeDialog
      initial={inv.sendAt}
      onClose={onClose}
      onSave={async (sendAt) => {
        const updated = await patch<Invitation>(path, { sendAt });
        onChange(updated);
        toast('success', `Invitation to ${inv.email} will be sent ${fullTime(updated.sendAt ?? sendAt)}.`);
        onClose();
      }}
    />
  );
}

// ---------------------------------------------------------------- Bulk resend

export interface BulkTarget {
  ids?: string[];
  memberIds?: string[];
  filter?: { status?: Array<'pending' | 'expired'>; neverSignedIn?: boolean; q?: string };
  /** What the dialog says it is about, e.g. "3 selected invitations". */
  label: string;
}

interface BulkAnswer {
  eligibleCount: number;
  ineligibleCount: number;
  eligible: Array<{ id: string; type: string; email: string; status: string; action: string }>;
  ineligible: Array<{ id: string; type: string; email: string; status: string | null; reason: string }>;
  queued?: number;
  scheduledFor?: string | null;
  /**
   * running: more people than the request handles; the job's progress is at bulk-resends/:id.
   * scheduled: a future send time; the job sends then (people judged again, links reissued then).
   */
  status?: 'scheduled' | 'running' | 'done';
  bulkResendId?: string;
}

/** A bulk resend run by the background job (GET …/invitations/bulk-resends/:id). */
interface BulkRun {
  id: string;
  status: 'scheduled' | 'running' | 'done' | 'failed' | 'cancelled';
  total: number;
  processed: number;
  sent: number;
  refused: number;
  error: string | null;
  refusals: Array<{ id: string; type: string; email: string; reason: string }>;
  refusalsTruncated: boolean;
}

/** The dialog lists this many people per side; the counts say how many more. */
const BULK_LIST_SHOWN = 500;

interface TemplateItem {
  id: string;
  kind: string;
  name: string;
  isDefault: boolean;
}

const BULK_ACTION: Record<string, string> = {
  resend: 'resend',
  renew: 'new invitation',
  account_ready: 'account email',
};

/**
 * Seed 004: who receives it, who is not eligible and why, which template, and when.
 * `onClose` gets the background run's id when one was started (running or scheduled).
 */
export function BulkResendDialog({
  target,
  onClose,
}: {
  target: BulkTarget;
  onClose: (changed: boolean, bulkResendId?: string) => void;
}) {
  const { org } = useOrg();
  const toast = useToast();
  const [preview, setPreview] = useState<BulkAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [templates, setTemplates] = useState<TemplateItem[]>([]);
  const [templateId, setTemplateId] = useState('');
  const [later, setLater] = useState(false);
  const [sendAt, setSendAt] = useState(toLocalInput(null));
  const [requirePasswordChange, setRequirePasswordChange] = useState(false);
  const [run, setRun] = useState<BulkRun | null>(null);
  const [scheduled, setScheduled] = useState<{ id: string; sendAt: string; people: number } | null>(null);
  const forMembers = Boolean(target.memberIds?.length || target.filter?.neverSignedIn);
  const body = useMemo(() => {
    const b: Record<string, unknown> = {};
    if (target.ids) b.ids = target.ids;
    if (target.memberIds) b.memberIds = target.memberIds;
    if (target.filter) b.filter = target.filter;
    return b;
  }, [target]);

  // The dry run judges people as of the chosen send time (a resend cooldown over by then, say);
  // asked again once the time stops changing, not at every keystroke in the field.
  const previewRequest = useRef(0);
  const chosenTime = useMemo(() => {
    if (!later) return undefined;
    const at = new Date(sendAt);
    return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
  }, [later, sendAt]);
  const judgeAt = useDebounced(chosenTime, 400);
  useEffect(() => {
    const mine = ++previewRequest.current;
    post<BulkAnswer>(`/orgs/${org.id}/invitations/bulk-resend`, {
      ...body,
      dryRun: true,
      ...(judgeAt ? { sendAt: judgeAt } : {}),
    }).then(
      (answer) => {
        if (mine === previewRequest.current) setPreview(answer);
      },
      (e) => {
        if (mine === previewRequest.current) setError(errorText(e));
      },
    );
  }, [org.id, body, judgeAt]);

  useEffect(() => {
    get<{ items: TemplateItem[] }>(`/orgs/${org.id}/templates`).then(
      (r) => setTemplates(r.items.filter((t) => t.kind === 'invitation' || t.kind === 'account_ready')),
      () => setTemplates([]),
    );
  }, [org.id]);

  // A large run goes on in the background: poll its progress until it ends.
  useEffect(() => {
    if (run?.status !== 'running') return;
    const t = setTimeout(async () => {
      try {
        const next = await get<BulkRun>(`/orgs/${org.id}/invitations/bulk-resends/${run.id}`);
        setRun(next);
        if (next.status === 'done')
          toast('success', `Bulk resend finished: ${next.sent} emails queued, ${next.refused} refused.`);
        else if (next.status === 'failed')
          toast('error', `Bulk resend stopped${next.error ? `: ${next.error}` : '.'}`);
        else if (next.status === 'cancelled') toast('success', 'Bulk resend cancelled.');
      } catch (e) {
        setError(errorText(e));
      }
    }, 1000);
    return () => clearTimeout(t);
  }, [run, org.id, toast]);

  async function send() {
    setBusy(true);
    try {
      const b: Record<string, unknown> = { ...body };
      if (templateId) b.templateId = templateId;
      if (later) b.sendAt = new Date(sendAt).toISOString();
      if (forMembers && requirePasswordChange) b.requirePasswordChange = true;
      const r = await post<BulkAnswer>(`/orgs/${org.id}/invitations/bulk-resend`, b);
      if (r.status === 'running' && r.bulkResendId) {
        setRun({
          id: r.bulkResendId,
          status: 'running',
          total: r.eligibleCount,
          processed: 0,
          sent: 0,
          refused: 0,
          error: null,
          refusals: [],
          refusalsTruncated: false,
        });
        setBusy(false);
        return;
      }
      if (r.status === 'scheduled' && r.bulkResendId) {
        const at = r.scheduledFor ?? new Date(sendAt).toISOString();
        setScheduled({ id: r.bulkResendId, sendAt: at, people: r.eligibleCount });
        toast('success', `Bulk resend scheduled for ${fullTime(at)}.`);
        setBusy(false);
        return;
      }
      toast('success', `Resending ${r.queued ?? r.eligibleCount} invitation emails.`);
      onClose(true);
    } catch (e) {
      toast('error', errorText(e));
      setBusy(false);
    }
  }

  const started = run?.id ?? scheduled?.id;
  const finish = () => onClose(true, started);
  return (
    <Dialog title="Resend invitation email" onClose={started ? finish : () => onClose(false)} wide>
      <div className="dialog-body" data-testid="bulk-resend">
        <p className="muted">{target.label}</p>
        <FormError error={error} />
        {!preview && !error && <Spinner label="Checking who can receive it…" />}
        {run && <BulkRunProgress run={run} />}
        {scheduled && (
          <section aria-labelledby="bulk-run-scheduled" data-testid="bulk-resend-scheduled">
            <h3 id="bulk-run-scheduled">Scheduled</h3>
            <p role="status">
              Scheduled for <strong>{fullTime(scheduled.sendAt)}</strong>: {scheduled.people}{' '}
              {scheduled.people === 1 ? 'person' : 'people'} selected. Nothing is sent and no link changes
              until then. At that time each person is checked again and gets a new link.
            </p>
            <p className="muted">
              You can change the time or cancel it under “Bulk resends” on the Invitations tab.
            </p>
          </section>
        )}
        {preview && !run && !scheduled && (
          <>
            <h3>Will receive it ({preview.eligibleCount})</h3>
            {preview.eligible.length ? (
              <ul className="plain-list scroll-list">
                {preview.eligible.slice(0, BULK_LIST_SHOWN).map((x) => (
                  <li key={`${x.type}-${x.id}`}>
                    {x.email} <span className="muted small">({BULK_ACTION[x.action] ?? x.action})</span>
                  </li>
                ))}
                {preview.eligibleCount > BULK_LIST_SHOWN && (
                  <li className="muted">…and {preview.eligibleCount - BULK_LIST_SHOWN} more</li>
                )}
              </ul>
            ) : (
              <p className="muted">Nobody here can receive it.</p>
            )}
            {preview.ineligibleCount > 0 && (
              <>
                <h3>Not eligible ({preview.ineligibleCount})</h3>
                <ul className="plain-list scroll-list">
                  {preview.ineligible.slice(0, BULK_LIST_SHOWN).map((x) => (
                    <li key={`${x.type}-${x.id}`}>
                      {x.email} — <span className="muted">{x.reason}</span>
                    </li>
                  ))}
                  {preview.ineligibleCount > BULK_LIST_SHOWN && (
                    <li className="muted">…and {preview.ineligibleCount - BULK_LIST_SHOWN} more</li>
                  )}
                </ul>
              </>
            )}
            <div className="grid-2">
              <Field label="Email template">
                {(p) => (
                  <select {...p} value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
                    <option value="">Organization default</option>
                    {templates.map((t) => (
                      <option key={t.id} value={t.id}>
                        {t.name} ({t.kind.replace('_', ' ')})
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            {forMembers && (
              <div className="field">
                <label className="check-label">
                  <input
                    type="checkbox"
                    checked={requirePasswordChange}
                    onChange={(e) => setRequirePasswordChange(e.target.checked)}
                  />{' '}
                  Require a new password at next sign-in
                </label>
              </div>
            )}
            <div className="field">
              <label className="check-label">
                <input type="checkbox" checked={later} onChange={(e) => setLater(e.target.checked)} /> Choose
                the send time
              </label>
            </div>
            {later && (
              <Field label="Send at (your local time)">
                {(p) => (
                  <input
                    {...p}
                    type="datetime-local"
                    value={sendAt}
                    onChange={(e) => setSendAt(e.target.value)}
                  />
                )}
              </Field>
            )}
          </>
        )}
      </div>
      <div className="dialog-actions">
        {run ? (
          <button type="button" className="primary" onClick={finish}>
            {run.status === 'running' ? 'Close (it goes on)' : 'Done'}
          </button>
        ) : scheduled ? (
          <button type="button" className="primary" onClick={finish}>
            Done
          </button>
        ) : (
          <>
            <button type="button" onClick={() => onClose(false)}>
              Cancel
            </button>
            <button
              type="button"
              className="primary"
              disabled={!preview?.eligibleCount || busy}
              onClick={send}
            >
              {later ? 'Schedule' : 'Send'} to {preview?.eligibleCount ?? 0}
            </button>
          </>
        )}
      </div>
    </Dialog>
  );
}

/** Progress of a background bulk resend, then its counts and the people it refused. */
function BulkRunProgress({ run }: { run: BulkRun }) {
  return (
    <section aria-labelledby="bulk-run-progress" data-testid="bulk-resend-progress">
      <h3 id="bulk-run-progress">
        {run.status === 'running'
          ? 'Sending'
          : run.status === 'done'
            ? 'Finished'
            : run.status === 'cancelled'
              ? 'Cancelled'
              : 'Stopped'}
      </h3>
      <ProgressBar
        id="bulk-run-bar"
        label="Bulk resend progress"
        done={run.processed}
        total={run.total}
        what="people"
      />
      <p role="status">
        {run.processed} of {run.total} processed · {run.sent} emails queued · {run.refused} refused
      </p>
      <FormError error={run.error} />
      {run.refusals.length > 0 && (
        <>
          <h4>Not sent: changed since the check ({run.refused})</h4>
          <ul className="plain-list scroll-list">
            {run.refusals.map((x) => (
              <li key={`${x.type}-${x.id}`}>
                {x.email || x.id} — <span className="muted">{x.reason}</span>
              </li>
            ))}
            {run.refusalsTruncated && (
              <li className="muted">…and {run.refused - run.refusals.length} more</li>
            )}
          </ul>
        </>
      )}
    </section>
  );
}

// ---------------------------------------------------------------- Invite dialog

interface CheckResult {
  email: string;
  ok: boolean;
  code?: string;
  message?: string;
  suggestion?: string;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function parseEmails(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim().replace(/^<|>$/g, ''))
    .filter(Boolean);
}

function InviteDialog({ onClose }: { onClose: (changed: boolean) => void }) {
  const { org } = useOrg();
  const toast = useToast();
  const settings = useSettings(org.id);
  const { groups } = useGroups(org.id);
  const [text, setText] = useState('');
  const [role, setRole] = useState<Role>('learner');
  const [groupIds, setGroupIds] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  const [later, setLater] = useState(false);
  const [sendAt, setSendAt] = useState(toLocalInput(null));
  const [checks, setChecks] = useState<Record<string, CheckResult>>({});
  const [keepAsTyped, setKeepAsTyped] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{
    invitations: Invitation[];
    rejected: Array<{ email: string; code: string; message: string; suggestion?: string }>;
  } | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);

  const emails = useMemo(() => parseEmails(text), [text]);
  const limit = settings?.manualEntryLimit ?? 10;
  const debounced = useDebounced(emails.join('\n'), 350);

  useEffect(() => {
    const list = debounced ? debounced.split('\n').slice(0, limit) : [];
    if (!list.length) return;
    let live = true;
    post<{ results: CheckResult[] }>(`/orgs/${org.id}/invitations/check`, { emails: list }).then(
      (r) => {
        if (!live) return;
        setChecks((old) => {
          const n = { ...old };
          for (const x of r.results) n[x.email.toLowerCase()] = x;
          return n;
        });
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [debounced, org.id, limit]);

  function check(email: string): CheckResult {
    const server = checks[email.toLowerCase()];
    if (server) return server;
    if (!EMAIL_RE.test(email))
      return { email, ok: false, code: 'invalid_email', message: 'This is not a valid email address.' };
    return { email, ok: true };
  }

  function applySuggestion(from: string, to: string) {
    setText((t) =>
      t
        .split(/(\s+|,|;)/)
        .map((part) => (part.trim().toLowerCase() === from.toLowerCase() ? to : part))
        .join(''),
    );
    toast('success', `Changed ${from} to ${to}.`);
    textRef.current?.focus();
  }

  const duplicates = emails.filter(
    (e, i) => emails.findIndex((x) => x.toLowerCase() === e.toLowerCase()) !== i,
  );
  const tooMany = emails.length > limit;
  const groupMissing = !!settings?.requireGroup && groupIds.length === 0;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!emails.length) return setError('Enter at least one email address.');
    if (tooMany)
      return setError(
        `You can invite up to ${limit} addresses at a time. Use a spreadsheet import for more.`,
      );
    if (groupMissing)
      return setError('Choose at least one group: your organization requires one for every invitation.');
    setBusy(true);
    try {
      const body: Record<string, unknown> = {
        emails: [...new Set(emails.map((x) => x.trim()))],
        role,
        groupIds,
      };
      if (message.trim()) body.message = message.trim();
      if (later) body.sendAt = new Date(sendAt).toISOString();
      // Typos the person chose to keep: only when every flagged address was confirmed as typed.
      const flagged = emails.filter((x) => check(x).code === 'possible_typo').map((x) => x.toLowerCase());
      if (flagged.length && flagged.every((x) => keepAsTyped.includes(x))) body.allowTypos = true;
      const r = await post<{ invitations: Invitation[]; rejected: any[] }>(
        `/orgs/${org.id}/invitations`,
        body,
      );
      setResult(r);
      if (r.invitations.length)
        toast(
          'success',
          `${r.invitations.length} invitation${r.invitations.length === 1 ? '' : 's'} ${later ? 'scheduled' : 'sent'}.`,
        );
      if (r.rejected.length)
        toast(
          'error',
          `${r.rejected.length} address${r.rejected.length === 1 ? ' was' : 'es were'} not invited.`,
        );
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  if (result) {
    return (
      <Dialog title="Invitations" onClose={() => onClose(true)} wide>
        <div className="dialog-body" data-testid="invite-result">
          <h3>
            Invited ({result.invitations.length}){later && result.invitations.length ? ' — scheduled' : ''}
          </h3>
          {result.invitations.length ? (
            <ul className="plain-list ok-list">
              {result.invitations.map((i) => (
                <li key={i.id}>
                  <span aria-hidden="true">✓</span> {i.email}
                  {i.sendAt && i.status === 'scheduled' ? ` — sends ${fullTime(i.sendAt)}` : ''}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">Nobody was invited.</p>
          )}
          {result.rejected.length > 0 && (
            <>
              <h3>Not invited ({result.rejected.length})</h3>
              <ul className="plain-list bad-list">
                {result.rejected.map((r) => (
                  <li key={r.email}>
                    <strong>{r.email}</strong>: {r.message}
                    {r.suggestion ? ` Did you mean ${r.suggestion}?` : ''}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
        <div className="dialog-actions">
          <button
            type="button"
            onClick={() => {
              setResult(null);
              setText(result.rejected.map((r) => r.suggestion ?? r.email).join('\n'));
            }}
          >
            Invite more
          </button>
          <button type="button" className="primary" onClick={() => onClose(true)}>
            Done
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title="Invite people" onClose={() => onClose(false)} wide>
      <form onSubmit={submit} className="dialog-body" noValidate>
        <FormError error={error} />
        <Field
          label="Email addresses"
          hint={`Paste up to ${limit} addresses, separated by commas, spaces or new lines. ${emails.length} of ${limit}.`}
          error={tooMany ? `That is ${emails.length} addresses; the limit is ${limit}.` : null}
        >
          {(p) => (
            <textarea
              {...p}
              ref={textRef}
              name="emails"
              rows={4}
              value={text}
              onChange={(e) => setText(e.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        {emails.length > 0 && (
          <ul className="check-list" aria-label="Address check">
            {emails.slice(0, Math.max(limit, 10) + 5).map((email, i) => {
              const c = check(email);
              const dup = duplicates.includes(email) && emails.indexOf(email) !== i;
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: the same address may be pasted twice
                <li key={`${email}-${i}`} className={c.ok && !dup ? 'ok' : 'bad'}>
                  <span aria-hidden="true">{c.ok && !dup ? '✓' : '!'}</span>{' '}
                  <span className="addr">{email}</span>
                  {dup ? (
                    <span className="why"> — listed twice; it will be invited once.</span>
                  ) : !c.ok ? (
                    <span className="why"> — {c.message}</span>
                  ) : null}
                  {c.suggestion && (
                    <>
                      {!c.message?.includes(c.suggestion) && (
                        <span className="why"> Did you mean {c.suggestion}?</span>
                      )}{' '}
                      <button
                        type="button"
                        className="small"
                        onClick={() => applySuggestion(email, c.suggestion!)}
                      >
                        Use {c.suggestion}
                      </button>{' '}
                      <button
                        type="button"
                        className="small"
                        aria-pressed={keepAsTyped.includes(email.toLowerCase())}
                        onClick={() =>
                          setKeepAsTyped((k) =>
                            k.includes(email.toLowerCase())
                              ? k.filter((x) => x !== email.toLowerCase())
                              : [...k, email.toLowerCase()],
                          )
                        }
                      >
                        Keep as typed
                      </button>
                    </>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        <div className="grid-2">
          <Field label="Role">
            {(p) => (
              <select {...p} value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {grantableRoles(org.role).map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABEL[r]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <fieldset className="groups-field">
          <legend>
            Groups{' '}
            {settings?.requireGroup ? (
              <span className="req">(required)</span>
            ) : (
              <span className="muted">(optional)</span>
            )}
          </legend>
          {groups === null ? (
            <Spinner />
          ) : groups.length === 0 ? (
            <p className="muted small">
              No groups yet.{' '}
              {settings?.requireGroup ? 'Create a group first: your organization requires one.' : ''}
            </p>
          ) : (
            <div className="checks">
              {groups.map((g) => (
                <label key={g.id} className="check-label">
                  <input
                    type="checkbox"
                    checked={groupIds.includes(g.id)}
                    onChange={() =>
                      setGroupIds((ids) =>
                        ids.includes(g.id) ? ids.filter((x) => x !== g.id) : [...ids, g.id],
                      )
                    }
                  />{' '}
                  {g.name}
                  {g.trainings.length > 0 && <span className="muted small"> ({g.trainings.join(', ')})</span>}
                </label>
              ))}
            </div>
          )}
        </fieldset>
        <Field label="Personal message (optional)" hint="Added to the invitation email.">
          {(p) => (
            <textarea
              {...p}
              rows={2}
              maxLength={2000}
              value={message}
              onChange={(e) => setMessage(e.target.value)}
            />
          )}
        </Field>
        <div className="field">
          <label className="check-label">
            <input type="checkbox" checked={later} onChange={(e) => setLater(e.target.checked)} /> Send later
          </label>
          {later && (
            <Field label="Send at (your local time)">
              {(p) => (
                <input
                  {...p}
                  type="datetime-local"
                  value={sendAt}
                  required
                  onChange={(e) => setSendAt(e.target.value)}
                />
              )}
            </Field>
          )}
        </div>
        <div className="dialog-actions">
          <button type="button" onClick={() => onClose(false)}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy
              ? 'Sending…'
              : later
                ? 'Schedule invitations'
                : `Send ${emails.length || ''} invitation${emails.length === 1 ? '' : 's'}`}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

// ---------------------------------------------------------------- Members tab

const MEMBER_FILTERS = [
  { id: 'active', label: 'Active' },
  { id: 'deactivated', label: 'Deactivated' },
  { id: 'never_signed_in', label: 'Never signed in' },
] as const;

function MembersTab() {
  const { org } = useOrg();
  const { session } = useApp();
  const toast = useToast();
  const [filter, setFilter] = useState<string>('active');
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim(), 250);
  const [items, setItems] = useState<Member[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<Member | null>(null);
  const [bulkTarget, setBulkTarget] = useState<BulkTarget | null>(null);
  const manage = can(org, 'settings') || org.role === 'hr';

  const url = useCallback(
    (cursor?: string) => {
      const sp = new URLSearchParams({ status: filter, limit: '50' });
      if (dq) sp.set('q', dq);
      if (cursor) sp.set('cursor', cursor);
      return `/orgs/${org.id}/members?${sp}`;
    },
    [org.id, filter, dq],
  );

  const load = useCallback(async () => {
    setError(null);
    try {
      const r = await get<{ items: Member[]; nextCursor: string | null }>(url());
      setItems(r.items);
      setNextCursor(r.nextCursor);
    } catch (e) {
      setError(errorText(e));
      setItems([]);
    }
  }, [url]);
  useEffect(() => {
    load();
  }, [load]);

  async function update(
    m: Member,
    body: Partial<Pick<Member, 'role' | 'permissions' | 'status'>>,
    done: string,
  ) {
    // Optimistic: the control shows the new value at once; a refusal reloads the truth.
    setItems((all) => all?.map((x) => (x.id === m.id ? { ...x, ...body } : x)) ?? null);
    try {
      const updated = await patch<Member>(`/orgs/${org.id}/members/${m.id}`, body);
      setItems((all) => all?.map((x) => (x.id === m.id ? { ...x, ...updated } : x)) ?? null);
      toast('success', done);
      if (body.status) load();
    } catch (e) {
      toast('error', errorText(e));
      load();
    }
  }

  return (
    <section aria-label="Members">
      <div className="toolbar">
        <fieldset className="chips">
          <legend className="visually-hidden">Filter members</legend>
          {MEMBER_FILTERS.map((f) => (
            <button
              key={f.id}
              type="button"
              className="chip"
              aria-pressed={filter === f.id}
              onClick={() => setFilter(f.id)}
            >
              {filter === f.id && <span aria-hidden="true">✓</span>}
              {f.label}
            </button>
          ))}
        </fieldset>
        <div className="toolbar-row">
          <div className="search">
            <label htmlFor="member-search" className="visually-hidden">
              Search members by name or address
            </label>
            <input
              id="member-search"
              type="search"
              placeholder="Search by name or address"
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
          </div>
          {filter === 'never_signed_in' && !!items?.length && (
            <button
              type="button"
              onClick={() =>
                setBulkTarget({
                  filter: { neverSignedIn: true, ...(dq ? { q: dq } : {}) },
                  label: `Members who were given an account but never signed in${dq ? `, matching “${dq}”` : ''}.`,
                })
              }
            >
              Resend invitation email…
            </button>
          )}
        </div>
      </div>
      <FormError error={error} />
      {!items ? (
        <Spinner />
      ) : items.length === 0 ? (
        <p className="empty">No members match.</p>
      ) : (
        <div className="table-wrap">
          <table className="table members">
            <caption className="visually-hidden">Members</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Permissions</th>
                <th scope="col">Groups</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => {
                const self = m.userId === session?.user.id;
                const editable = manage && !self && (m.role !== 'owner' || org.role === 'owner');
                const grantable = m.role === 'hr' || m.role === 'curator';
                return (
                  <tr key={m.id}>
                    <td data-label="Name">
                      <strong>{m.name}</strong>
                      <div className="muted small">{m.email}</div>
                      {m.status === 'deactivated' && (
                        <span className="badge status-cancelled">Deactivated</span>
                      )}
                    </td>
                    <td data-label="Role">
                      {editable ? (
                        <select
                          aria-label={`Role of ${m.name}`}
                          value={m.role}
                          onChange={(e) =>
                            update(
                              m,
                              { role: e.target.value as Role },
                              `${m.name} is now ${ROLE_LABEL[e.target.value]}.`,
                            )
                          }
                        >
                          {grantableRoles(org.role)
                            .concat(grantableRoles(org.role).includes(m.role) ? [] : [m.role])
                            .map((r) => (
                              <option key={r} value={r}>
                                {ROLE_LABEL[r]}
                              </option>
                            ))}
                        </select>
                      ) : (
                        ROLE_LABEL[m.role]
                      )}
                    </td>
                    <td data-label="Permissions">
                      {editable && grantable ? (
                        <div className="checks inline">
                          {(['people', 'templates'] as const).map((p) => (
                            <label key={p} className="check-label">
                              <input
                                type="checkbox"
                                checked={m.permissions.includes(p)}
                                onChange={() => {
                                  const next = m.permissions.includes(p)
                                    ? m.permissions.filter((x) => x !== p)
                                    : [...m.permissions, p];
                                  update(
                                    m,
                                    { permissions: next as any },
                                    `Permissions of ${m.name} updated.`,
                                  );
                                }}
                              />{' '}
                              {p === 'people' ? 'People' : 'Templates'}
                              <span className="visually-hidden"> for {m.name}</span>
                            </label>
                          ))}
                        </div>
                      ) : (
                        m.permissions.join(', ') || <span className="muted">—</span>
                      )}
                    </td>
                    <td data-label="Groups">
                      {m.groups.map((g) => g.name).join(', ') || <span className="muted">—</span>}
                    </td>
                    <td data-label="Last sign-in">
                      {m.neverSignedIn ? (
                        <span className="badge">Never signed in</span>
                      ) : (
                        <Time iso={m.lastSignInAt} />
                      )}
                    </td>
                    <td className="actions">
                      {editable &&
                        (m.status === 'active' ? (
                          <button type="button" className="small" onClick={() => setConfirm(m)}>
                            Deactivate<span className="visually-hidden"> {m.name}</span>
                          </button>
                        ) : (
                          <button
                            type="button"
                            className="small"
                            onClick={() => update(m, { status: 'active' }, `${m.name} reactivated.`)}
                          >
                            Reactivate<span className="visually-hidden"> {m.name}</span>
                          </button>
                        ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {nextCursor && (
        <p className="center">
          <button
            type="button"
            onClick={async () => {
              try {
                const r = await get<{ items: Member[]; nextCursor: string | null }>(url(nextCursor));
                setItems((old) => [...(old ?? []), ...r.items]);
                setNextCursor(r.nextCursor);
              } catch (e) {
                toast('error', errorText(e));
              }
            }}
          >
            Load more
          </button>
        </p>
      )}
      {bulkTarget && (
        <BulkResendDialog
          target={bulkTarget}
          onClose={(changed) => {
            setBulkTarget(null);
            if (changed) load();
          }}
        />
      )}
      {confirm && (
        <ConfirmDialog
          title={`Deactivate ${confirm.name}?`}
          danger
          confirmLabel="Deactivate"
          body={
            <p>
              {confirm.name} will be signed out and can no longer use this organization until reactivated.
            </p>
          }
          onClose={() => setConfirm(null)}
          onConfirm={async () => {
            await update(confirm, { status: 'deactivated' }, `${confirm.name} deactivated.`);
            setConfirm(null);
          }}
        />
      )}
    </section>
  );
}

// ---------------------------------------------------------------- Invitation detail

interface EmailItem {
  id: string;
  kind: string;
  subject: string;
  status: string;
  lastResponse: string | null;
  createdAt: string;
  sentAt: string | null;
  html: string;
  text: string;
}

export function InvitationDetailPage({ id }: { id: string }) {
  const { org, base } = useOrg();
  const [inv, setInv] = useState<(Invitation & { events?: InvitationEvent[] }) | null>(null);
  const [emails, setEmails] = useState<EmailItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setInv(await get(`/orgs/${org.id}/invitations/${id}`));
    } catch (e) {
      setError(errorText(e));
    }
    get<{ items: EmailItem[] }>(`/orgs/${org.id}/invitations/${id}/emails`).then(
      (r) => setEmails(r.items),
      () => setEmails([]),
    );
  }, [org.id, id]);
  useEffect(() => {
    load();
  }, [load]);
  const { items, dialogs } = useInvitationActions(
    inv ?? ({ id, status: 'accepted', actions: [] } as unknown as Invitation),
    () => load(),
    load,
  );
  if (error)
    return (
      <>
        <PageHead title="Invitation" />
        <FormError error={error} />
        <Link to={`${base}/people`}>Back to People</Link>
      </>
    );
  if (!inv) return <Spinner />;
  const invitedBy = typeof inv.invitedBy === 'string' ? inv.invitedBy : inv.invitedBy?.name;
  return (
    <>
      <p className="breadcrumb">
        <Link to={`${base}/people`}>People</Link> <span aria-hidden="true">›</span> Invitation
      </p>
      <PageHead title={inv.email}>
        {items.map((a) => (
          <button
            key={a.label}
            type="button"
            className={a.danger ? 'danger' : undefined}
            onClick={a.onSelect}
          >
            {a.label}
          </button>
        ))}
      </PageHead>
      {dialogs}
      <div className="detail-grid">
        <section className="panel" aria-labelledby="inv-summary">
          <h2 id="inv-summary">Summary</h2>
          <dl className="dl">
            <dt>Status</dt>
            <dd>
              <StatusBadge inv={inv} />
              {!items.length && <div className="muted small">{statusReason(inv)}</div>}
            </dd>
            {inv.user && (
              <>
                <dt>Name</dt>
                <dd>{inv.user.name}</dd>
              </>
            )}
            <dt>Role</dt>
            <dd>{ROLE_LABEL[inv.role] ?? inv.role}</dd>
            <dt>Groups</dt>
            <dd>{inv.groups.map((g) => g.name).join(', ') || '—'}</dd>
            {invitedBy && (
              <>
                <dt>Invited by</dt>
                <dd>{invitedBy}</dd>
              </>
            )}
            <dt>Created</dt>
            <dd>{fullTime(inv.createdAt)}</dd>
            {inv.sendAt && inv.status === 'scheduled' && (
              <>
                <dt>Sends</dt>
                <dd>{fullTime(inv.sendAt)}</dd>
              </>
            )}
            <dt>Expires</dt>
            <dd>{inv.expiresAt ? fullTime(inv.expiresAt) : '—'}</dd>
            <dt>Times sent</dt>
            <dd>{inv.sentCount}</dd>
            <dt>Delivery</dt>
            <dd>
              <span className={`badge delivery-${inv.delivery?.status}`}>
                {deliveryLabel(inv.delivery?.status)}
              </span>
              {inv.delivery?.detail && (
                <div className="server-answer">
                  Mail server's answer: <code>{inv.delivery.detail}</code>
                </div>
              )}
            </dd>
            {inv.message && (
              <>
                <dt>Message</dt>
                <dd className="pre">{inv.message}</dd>
              </>
            )}
          </dl>
        </section>
        <section className="panel" aria-labelledby="inv-history">
          <h2 id="inv-history">History</h2>
          <ol className="timeline">
            {(inv.events ?? []).map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: history is append-only and ordered
              <li key={`${e.at}-${i}`}>
                <strong>{eventLabel(e.type)}</strong>{' '}
                <span className="muted">
                  {e.actor?.name ? `by ${e.actor.name}` : e.actor?.type === 'system' ? 'by Beckon' : ''}
                </span>
                <div className="small muted">
                  <time dateTime={e.at}>{fullTime(e.at)}</time>
                </div>
                {e.detail && typeof e.detail === 'object' && Object.keys(e.detail).length > 0 && (
                  <div className="small">{detailText(e.detail)}</div>
                )}
                {e.detail && typeof e.detail === 'string' && <div className="small">{e.detail}</div>}
              </li>
            ))}
          </ol>
        </section>
      </div>
      <section className="panel" aria-labelledby="inv-emails">
        <h2 id="inv-emails">Emails</h2>
        {!emails ? (
          <Spinner />
        ) : emails.length === 0 ? (
          <p className="muted">No email has been sent for this invitation yet.</p>
        ) : (
          <ul className="plain-list emails">
            {emails.map((m) => (
              <li key={m.id}>
                <details>
                  <summary>
                    <strong>{m.subject}</strong> — {m.kind},{' '}
                    <span className={`badge delivery-${m.status}`}>{deliveryLabel(m.status)}</span>{' '}
                    <span className="muted small">{fullTime(m.sentAt ?? m.createdAt)}</span>
                  </summary>
                  {m.lastResponse && (
                    <p className="server-answer">
                      Mail server's answer: <code>{m.lastResponse}</code>
                    </p>
                  )}
                  <pre className="email-text">{m.text}</pre>
                </details>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function deliveryLabel(s: string | undefined): string {
  switch (s) {
    case 'none':
      return 'Not sent yet';
    case 'queued':
    case 'pending':
      return 'Queued';
    case 'sending':
      return 'Sending';
    case 'sent':
      return 'Sent';
    case 'failed':
      return 'Failed';
    case 'bounced':
      return 'Bounced';
    default:
      return s ?? '—';
  }
}

function detailText(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
    .map(([k, v]) => `${k.replace(/([A-Z])/g, ' $1').toLowerCase()}: ${v}`)
    .join(' · ');
}
