import { type Actor, canGrantRole, roleNotGrantable } from '../auth/permissions.ts';
import type { Executor, Invitation, InvitationStatus, Role } from '../db/types.ts';
import type { Deps } from '../shared/deps.ts';
import { secondsText } from '../shared/durations.ts';
import { badRequest } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { bulkResendRepository as bulk } from './bulk-resend-repository.ts';
import { effectiveStatus, mayTransition, reissueKind, statusReason } from './lifecycle.ts';
import { resendCooldownLeft } from './transitions/reissue.ts';

/** At most this many people per bulk resend (ids, member ids and filter matches together). */
export const BULK_RESEND_MAX = 100_000;
/** Rows per transaction, in the request and in the job (and per lookup while selecting). */
export const BATCH = 1000;

export interface BulkResendInput {
  ids?: string[];
  memberIds?: string[];
  filter?: {
    status?: Array<'pending' | 'expired'>;
    neverSignedIn?: boolean;
    olderThanDays?: number;
    q?: string;
  };
  dryRun?: boolean;
  sendAt?: string;
  templateId?: string;
  requirePasswordChange?: boolean;
}

export type Target = 'invitation' | 'member';
export interface EligibleItem {
  id: string;
  type: Target;
  email: string;
  status: string;
  action: 'resend' | 'renew' | 'account_ready';
}
/**
 * Why a person is not sent to, as a stable code beside the English `reason`: consoles word it in
 * their reader's language, with `role` and `retryInSeconds` where the sentence names them.
 */
export type IneligibleReasonCode =
  | 'not_found'
  | 'member_not_found'
  | 'no_longer_exists'
  | 'no_longer_member'
  | 'role_not_grantable'
  | 'not_sent_yet'
  | `status_${Exclude<InvitationStatus, 'scheduled'>}`
  | 'cooldown'
  | 'member_role_not_grantable'
  | 'member_deactivated'
  | 'member_signed_in';

export interface IneligibleItem {
  id: string;
  type: Target;
  email: string;
  status: string | null;
  reason: string;
  reasonCode: IneligibleReasonCode;
  role?: Role;
  retryInSeconds?: number;
}

export const tooMany = () =>
  badRequest(
    'too_many',
    `A bulk resend reaches at most ${BULK_RESEND_MAX.toLocaleString('en')} people: narrow the selection or the filter.`,
    { field: 'filter' },
  );

/** Sent too recently to send again: how long until it may go. */
const cooldown = (wait: number) => {
  const retryInSeconds = Math.ceil(wait);
  return {
    reason: `Sent moments ago: try again in ${secondsText(retryInSeconds)}.`,
    reasonCode: 'cooldown' as const,
    retryInSeconds,
  };
};

export type MemberRow = Awaited<ReturnType<typeof bulk.membersByIds>>[number];

/** Whose role the person who asked may grant: null when everyone's (a role ceiling of owner). */
export type RoleCeiling = Pick<Actor, 'role'> | null;

/**
 * Who a bulk resend reaches and the verdict on each: eligible with the action they get, or not,
 * with the reason. Used at selection (the dry run and the answer) and again for each batch, on
 * rows locked in the batch's transaction (people change between the two).
 */
export function createBulkResendSelection(deps: Pick<Deps, 'db' | 'config'>) {
  const { db, config } = deps;

  /** A person the asker could not grant the role of is refused like any other ineligible one. */
  const beyond = (ceiling: RoleCeiling, role: Role) => ceiling !== null && !canGrantRole(ceiling, role);

  function invitationVerdict(
    row: Invitation,
    now: Date,
    ceiling: RoleCeiling,
  ): EligibleItem | IneligibleItem {
    const status = effectiveStatus(row, now);
    const base = { id: row.id, type: 'invitation' as const, email: row.email, status };
    if (beyond(ceiling, row.role))
      return {
        ...base,
        reason: roleNotGrantable(row.role),
        reasonCode: 'role_not_grantable',
        role: row.role,
      };
    const action = reissueKind(status);
    if (!mayTransition(status, action)) {
      if (status === 'scheduled')
        return { ...base, reason: 'Not sent yet: it goes out at its send time.', reasonCode: 'not_sent_yet' };
      return { ...base, reason: statusReason(status), reasonCode: `status_${status}` };
    }
    const wait = resendCooldownLeft(row, status, now, config.resendCooldownSeconds);
    if (wait > 0) return { ...base, ...cooldown(wait) };
    return { ...base, action };
  }

  function memberVerdict(
    row: MemberRow,
    recent: Map<string, Date>,
    now: Date,
    ceiling: RoleCeiling,
  ): EligibleItem | IneligibleItem {
    const base = { id: row.id, type: 'member' as const, email: row.email };
    if (beyond(ceiling, row.role))
      return {
        ...base,
        status: row.status,
        reason: `A member with the role ${row.role}: only someone who may grant that role can send to them.`,
        reasonCode: 'member_role_not_grantable',
        role: row.role,
      };
    if (row.status !== 'active')
      return {
        ...base,
        status: row.status,
        reason: 'Deactivated: reactivate the member before sending.',
        reasonCode: 'member_deactivated',
      };
    if (row.first_sign_in_at)
      return {
        ...base,
        status: 'active',
        reason: 'Already signed in: there is nothing to resend.',
        reasonCode: 'member_signed_in',
      };
    const last = recent.get(row.email.toLowerCase());
    if (last) {
      const wait = (last.getTime() + config.resendCooldownSeconds * 1000 - now.getTime()) / 1000;
      if (wait > 0) return { ...base, status: 'never_signed_in', ...cooldown(wait) };
    }
    return { ...base, status: 'never_signed_in', action: 'account_ready' };
  }

  async function recentAccountReady(executor: Executor, orgId: string, rows: MemberRow[], now: Date) {
    const since = new Date(now.getTime() - config.resendCooldownSeconds * 1000);
    const recent = new Map<string, Date>();
    for (const r of await bulk.recentAccountReady(
      executor,
      orgId,
      rows.map((m) => m.email),
      since,
    )) {
      const key = r.to_address.toLowerCase();
      const at = new Date(r.created_at);
      if (!recent.has(key) || recent.get(key)! < at) recent.set(key, at);
    }
    return recent;
  }

  const inScope = (actor: Actor, row: Pick<Invitation, 'group_ids'>) =>
    actor.role !== 'manager' ||
    (row.group_ids.length > 0 && row.group_ids.every((g) => actor.managedGroupIds.includes(g)));

  /** Who the request reaches, with a verdict each; answers in the order asked (ids) or newest first (filter). */
  /**
   * `now` applies the filter; `judgeAt` (the send time of a scheduled run, else now) judges each
   * person: who will be eligible when it goes (resend cooldowns over by then, say).
   */
  async function select(actor: Actor, input: BulkResendInput, now: Date, judgeAt: Date = now) {
    const eligible: EligibleItem[] = [];
    const ineligible: IneligibleItem[] = [];
    const push = (v: EligibleItem | IneligibleItem) =>
      'action' in v ? eligible.push(v) : ineligible.push(v);
    const seenInv = new Set<string>();
    const seenMember = new Set<string>();
    const scope = actor.role === 'manager' ? actor.managedGroupIds : undefined;

    const ids = [...new Set(input.ids ?? [])];
    for (let i = 0; i < ids.length; i += BATCH) {
      const chunk = ids.slice(i, i + BATCH);
      const rows = new Map(
        (await bulk.invitationsByIds(db, actor.orgId, chunk.filter(isUuid))).map((r) => [r.id, r]),
      );
      for (const id of chunk) {
        const row = rows.get(id);
        seenInv.add(id);
        if (!row || !inScope(actor, row))
          ineligible.push({
            id,
            type: 'invitation',
            email: '',
            status: null,
            reason: 'No such invitation in this organization.',
            reasonCode: 'not_found',
          });
        else push(invitationVerdict(row, judgeAt, actor));
      }
    }
    const memberIds = [...new Set(input.memberIds ?? [])];
    for (let i = 0; i < memberIds.length; i += BATCH) {
      const chunk = memberIds.slice(i, i + BATCH);
      const found = await bulk.membersByIds(db, actor.orgId, chunk.filter(isUuid));
      const allowed = scope
        ? new Set(
            (
              await bulk.membersInGroups(
                db,
                found.map((m) => m.id),
                scope,
              )
            ).map((r) => r.member_id),
          )
        : null;
      const rows = new Map(found.filter((m) => !allowed || allowed.has(m.id)).map((m) => [m.id, m]));
      const recent = await recentAccountReady(db, actor.orgId, [...rows.values()], judgeAt);
      for (const id of chunk) {
        const row = rows.get(id);
        seenMember.add(id);
        if (!row)
          ineligible.push({
            id,
            type: 'member',
            email: '',
            status: null,
            reason: 'No such member in this organization.',
            reasonCode: 'member_not_found',
          });
        else push(memberVerdict(row, recent, judgeAt, actor));
      }
    }

    const f = input.filter;
    if (f) {
      const limit = BULK_RESEND_MAX + 1;
      const statuses = f.status ?? (f.neverSignedIn ? [] : (['pending', 'expired'] as const));
      const q = f.q?.trim() || undefined;
      if (statuses.length > 0) {
        const rows = await bulk.invitationsByFilter(db, {
          orgId: actor.orgId,
          now,
          statuses: [...statuses],
          olderThanDays: f.olderThanDays,
          q,
          groupScope: scope,
          limit,
        });
        if (rows.length >= limit) throw tooMany();
        for (const row of rows) if (!seenInv.has(row.id)) push(invitationVerdict(row, judgeAt, actor));
      }
      if (f.neverSignedIn) {
        const rows = (
          await bulk.neverSignedIn(db, {
            orgId: actor.orgId,
            now,
            olderThanDays: f.olderThanDays,
            q,
            groupScope: scope,
            limit,
          })
        ).filter((m) => !seenMember.has(m.id));
        if (rows.length >= limit) throw tooMany();
        for (let i = 0; i < rows.length; i += BATCH) {
          const chunk = rows.slice(i, i + BATCH);
          const recent = await recentAccountReady(db, actor.orgId, chunk, judgeAt);
          for (const row of chunk) push(memberVerdict(row, recent, judgeAt, actor));
        }
      }
    }
    if (eligible.length + ineligible.length > BULK_RESEND_MAX) throw tooMany();
    return { eligible, ineligible };
  }

  return { invitationVerdict, memberVerdict, recentAccountReady, select };
}
