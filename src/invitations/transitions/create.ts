import { randomUUID } from 'node:crypto';
import type { Actor } from '../../auth/permissions.ts';
import { holdCredits } from '../../credits/service.ts';
import type { Executor, Invitation, InvitationStatus, Organization, Role } from '../../db/types.ts';
import type { Locale } from '../../i18n/locales.ts';
import { importBulkRepository } from '../../imports/repository.ts';
import type { ImportRecord } from '../../imports/tables.ts';
import type { QueueName } from '../../jobs/queue.ts';
import type { NewEmailRow } from '../../mail/repository.ts';
import { badRequest, notFound } from '../../shared/errors.ts';
import { checkEmail } from '../../shared/validation.ts';
import { invitationAuditEntries } from '../audit.ts';
import {
  type CreationState,
  invitationCreateRepository as createRepo,
  OPEN_EMAIL_INDEX,
} from '../create-repository.ts';
import { invitationEmailsFrom } from '../emails.ts';
import { effectiveStatus } from '../lifecycle.ts';
import type { EventInput } from '../repository.ts';
import type { SendBatchJob } from '../send-batches.ts';
import { suggestEmail } from '../typos.ts';
import {
  actorOf,
  type EventActor,
  expiryDaysProblem,
  expiryFrom,
  type TransitionContext,
} from './context.ts';

/** At most this many invitation emails to one address per organization and hour (cancel/re-invite loops included). */
export const RECIPIENT_HOURLY_LIMIT = 5;

export interface Rejection {
  email: string;
  code: string;
  message: string;
  /**
   * Which sentence `message` is, as a stable code for other languages: an address problem
   * (too_long, empty, spaces, shape, local_too_long, local_characters, domain with `domain`),
   * duplicate, possible_typo, member_active, member_deactivated, rate_limited,
   * invited_pending, invited_expired, invited_scheduled or no_credits.
   */
  reasonCode: string;
  suggestion?: string;
  domain?: string;
}

export type Checked = { email: string; ok: true } | ({ ok: false } & Rejection);

/**
 * The checks that need no database: a valid address, once per call, no suspected domain typo
 * unless allowed.
 */
function screenAddresses(emails: string[], allowTypos: boolean): Checked[] {
  const seen = new Set<string>();
  const results: Checked[] = [];
  for (const raw of emails) {
    const c = checkEmail(raw);
    if (!c.ok) {
      results.push({
        ok: false,
        email: raw,
        code: c.code,
        message: c.message,
        reasonCode: c.reason,
        ...(c.domain ? { domain: c.domain } : {}),
      });
      continue;
    }
    const key = c.email.toLowerCase();
    if (seen.has(key)) {
      results.push({
        ok: false,
        email: c.email,
        code: 'duplicate',
        message: 'This address appears more than once.',
        reasonCode: 'duplicate',
      });
      continue;
    }
    seen.add(key);
    const suggestion = allowTypos ? null : suggestEmail(c.email);
    if (suggestion) {
      results.push({
        ok: false,
        email: c.email,
        code: 'possible_typo',
        message: `Did you mean ${suggestion}?`,
        reasonCode: 'possible_typo',
        suggestion,
      });
      continue;
    }
    results.push({ ok: true, email: c.email });
  }
  return results;
}

/** The checks against the organization: not a member already, not emailed too often this hour, not invited already. */
function judgeAddresses(screened: Checked[], state: CreationState, now: Date): Checked[] {
  const recentCount = new Map(state.recent.map((r) => [r.address, Number(r.n)]));
  const memberStatus = new Map(state.members.map((m) => [m.email.toLowerCase(), m.status]));
  const openStatus = new Map(state.open.map((o) => [o.email.toLowerCase(), effectiveStatus(o, now)]));
  return screened.map((r) => {
    if (!r.ok) return r;
    const key = r.email.toLowerCase();
    const ms = memberStatus.get(key);
    if (ms) {
      return {
        ok: false,
        email: r.email,
        code: 'already_member',
        message:
          ms === 'active'
            ? 'Already a member of this organization.'
            : 'Already a member (deactivated): reactivate them under Members instead.',
        reasonCode: ms === 'active' ? 'member_active' : 'member_deactivated',
      };
    }
    if ((recentCount.get(key) ?? 0) >= RECIPIENT_HOURLY_LIMIT) {
      return {
        ok: false,
        email: r.email,
        code: 'rate_limited',
        message: 'This address received several invitations in the last hour. Try again later.',
        reasonCode: 'rate_limited',
      };
    }
    const os = openStatus.get(key);
    if (os) {
      const hint =
        os === 'expired'
          ? 'its invitation expired: send a new one from the list'
          : os === 'scheduled'
            ? 'an invitation is scheduled'
            : 'an invitation is pending: resend it instead';
      return {
        ok: false,
        email: r.email,
        code: 'already_invited',
        message: `Already invited (${hint}).`,
        reasonCode: `invited_${os === 'expired' || os === 'scheduled' ? os : 'pending'}`,
      };
    }
    return r;
  });
}

const HOUR = 3_600_000;
const validOf = (checked: Checked[]) => checked.filter((c) => c.ok).map((c) => c.email);

/**
 * Who may be invited, address by address, without creating anything (the console's inline check,
 * and step one of create): a valid address, once per call, no suspected domain typo unless
 * allowed, not a member already, not invited already, and not emailed too often this hour.
 */
export async function checkAddresses(
  executor: Executor,
  orgId: string,
  emails: string[],
  allowTypos: boolean,
  now: Date,
): Promise<Checked[]> {
  const screened = screenAddresses(emails, allowTypos);
  const state = await createRepo.creationState(
    executor,
    orgId,
    validOf(screened),
    new Date(now.getTime() - HOUR),
    {
      lockCredits: false,
    },
  );
  if (!state) throw notFound('Organization');
  return judgeAddresses(screened, state, now);
}

export interface NewInvitations {
  actor: Actor;
  emails: string[];
  role: Role;
  /** Groups already resolved in the actor's organization. */
  groupIds: string[];
  message: string | null;
  /** A future send time schedules them; null sends now. */
  sendAt: Date | null;
  allowTypos: boolean;
  importId?: string;
  /** The caller's JSON object as stored (compact JSON text), or null. */
  metadata: string | null;
  /** The app the person continues to after accepting, and where on it (checked by the caller). */
  landing?: { app_id: string | null; return_path: string | null };
  /** Days the link works, checked by the caller against the organization's period; null: its period. */
  expiryDays?: number | null;
  /** Recorded on each `created` event (e.g. the invitation a corrected address replaces). */
  createdDetail?: Record<string, unknown>;
  /** Added to each `invitation.created` audit entry (e.g. the invitation a correction replaces). */
  auditDetail?: Record<string, unknown>;
  /** Addresses an administrator typed: the organization's manual-entry rules apply (checkManualEntry). */
  manualEntry?: boolean;
  /** The invitations' language, one the organization allows; null or absent: its default. */
  locale?: Locale | null;
  /** A language carried over from another invitation: kept even if no longer allowed. */
  keepLocale?: boolean;
}

/**
 * The organization's rules for addresses an administrator typed, checked on the row read with the
 * other checks: the manual-entry limit, a group when it requires one, and an expiry period no
 * longer than its own.
 */
function checkManualEntry(org: Organization, input: NewInvitations): void {
  if (input.emails.length > org.manual_entry_limit) {
    throw badRequest(
      'too_many_emails',
      `Invite at most ${org.manual_entry_limit} addresses at once; use an import for more.`,
      { field: 'emails' },
    );
  }
  if (org.require_group && input.groupIds.length === 0) {
    throw badRequest('group_required', 'This organization requires at least one group per invitation.', {
      field: 'groupIds',
    });
  }
  const expiryProblem = input.expiryDays == null ? null : expiryDaysProblem(org, input.expiryDays);
  if (expiryProblem) throw badRequest('invalid_expiry', expiryProblem, { field: 'expiresInDays' });
}

/**
 * An invitation's language: the one asked for, which the organization must allow (its pages offer
 * only those), else the organization's default, so that a later change of default does not change
 * the language of invitations already sent.
 */
export function invitationLocale(org: Organization, asked: Locale | null | undefined): Locale {
  if (!asked) return org.default_locale as Locale;
  if (!org.allowed_locales.includes(asked)) {
    throw badRequest(
      'locale_not_allowed',
      `This organization does not use ${asked}: choose one of ${org.allowed_locales.join(', ')}, or change its languages in Settings.`,
      { field: 'locale' },
    );
  }
  return asked;
}

/**
 * createInvitations was called outside a transaction but needs one: credits are on (the balance
 * stays locked from the read to the write) or the queue cannot fold its jobs into the one write.
 * Nothing was written; the caller runs it again in a transaction.
 */
export class NeedsTransaction extends Error {
  constructor() {
    super('creating these invitations needs a transaction');
  }
}

/** A concurrent invite of the same address committed first: check again and report it. */
export function lostOpenInvitationRace(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string } | null;
  return e?.code === '23505' && e.constraint === OPEN_EMAIL_INDEX;
}

/**
 * Create invitations typed by an administrator (up to the organization's manual-entry limit),
 * after checking each address and the credits: sent now (email queued, link valid from now) or
 * scheduled (a job at the send time). Addresses refused come back with their reason, in the order
 * given. Reads once (creationState) and writes once (insertCreated): the invitations, their
 * events, emails, jobs, audit entries and held credits in one statement. A concurrent invite of
 * the same address makes the write fail (lostOpenInvitationRace): the caller runs it again.
 * Outside a transaction (`trx` the database itself) that one statement is the whole change, so it
 * needs no BEGIN and COMMIT; where it would not be, it throws NeedsTransaction before writing.
 */
export async function createInvitations(
  ctx: TransitionContext,
  trx: Executor,
  input: NewInvitations,
  now: Date,
): Promise<{ org: Organization; inserted: Invitation[]; rejected: Rejection[] }> {
  const { actor, sendAt } = input;
  const screened = screenAddresses(input.emails, input.allowTypos);
  const state = await createRepo.creationState(
    trx,
    actor.orgId,
    validOf(screened),
    new Date(now.getTime() - HOUR),
    { lockCredits: true, groupIds: input.groupIds, inviterUserId: actor.userId },
  );
  if (!state) throw notFound('Organization');
  const { org } = state;
  if (input.manualEntry) checkManualEntry(org, input);
  const locale = input.keepLocale && input.locale ? input.locale : invitationLocale(org, input.locale);
  const checked = judgeAddresses(screened, state, now);
  const rejected: Rejection[] = checked
    .filter((c): c is Extract<Checked, { ok: false }> => !c.ok)
    .map(({ ok: _ok, ...r }) => r);
  let accepted = validOf(checked);
  const creditsOn = state.creditsBalance !== null;
  if (creditsOn && !trx.isTransaction) throw new NeedsTransaction();
  const allowed = creditsOn ? Math.max(0, Math.min(accepted.length, state.creditsBalance!)) : accepted.length;
  if (allowed < accepted.length) {
    for (const email of accepted.slice(allowed)) {
      rejected.push({
        email,
        code: 'no_credits',
        message: 'No credits left: add credits or cancel an open invitation.',
        reasonCode: 'no_credits',
      });
    }
    accepted = accepted.slice(0, allowed);
  }
  if (accepted.length === 0) return { org, inserted: [], rejected };

  const scheduled = sendAt !== null;
  const { groupIds } = input;
  const rows = accepted.map((email) => ({
    id: randomUUID(),
    org_id: org.id,
    email,
    role: input.role,
    group_ids: groupIds,
    message: input.message,
    status: (scheduled ? 'scheduled' : 'pending') as InvitationStatus,
    send_at: sendAt,
    expires_at: scheduled ? null : expiryFrom(org, now, input.expiryDays),
    expiry_days: input.expiryDays ?? null,
    link_version: 1,
    sent_count: scheduled ? 0 : 1,
    last_sent_at: scheduled ? null : now,
    delivery_status: scheduled ? ('none' as const) : ('queued' as const),
    last_event_type: scheduled ? 'scheduled' : 'sent',
    last_event_at: now,
    created_by_user_id: actor.userId,
    created_by_name: actor.type === 'user' ? actor.name : org.name,
    import_id: input.importId ?? null,
    metadata: input.metadata,
    app_id: input.landing?.app_id ?? null,
    return_path: input.landing?.return_path ?? null,
    locale,
    credit_held: creditsOn,
    created_at: now,
    updated_at: now,
  }));
  const who = actorOf(actor);
  const events: EventInput[] = [];
  for (const inv of rows) {
    events.push({
      orgId: org.id,
      invitationId: inv.id,
      type: 'created',
      actor: who,
      at: now,
      detail: input.createdDetail,
    });
    events.push(
      scheduled
        ? {
            orgId: org.id,
            invitationId: inv.id,
            type: 'scheduled',
            actor: who,
            at: now,
            detail: { sendAt: sendAt.toISOString() },
          }
        : { orgId: org.id, invitationId: inv.id, type: 'sent', actor: who, at: now },
    );
  }
  let emails: NewEmailRow[] = [];
  const jobs: Array<{ name: QueueName; jobs: Array<{ data: object; startAfter?: Date }> }> = [];
  if (scheduled) {
    jobs.push({
      name: 'invitation.send-scheduled',
      jobs: rows.map((inv) => ({ data: { invitationId: inv.id }, startAfter: sendAt })),
    });
  } else {
    // The default templates were read with the checks: rendering does not read them again.
    const toQueue = invitationEmailsFrom(
      org,
      rows as unknown as Invitation[],
      state.groups,
      state.inviters,
    ).map((email) => ({ ...email, template: state.invitationTemplates[email.language.locale] ?? null }));
    const prepared = await ctx.outbox.prepareMany(trx, toQueue, [state.branding]);
    emails = prepared.rows;
    jobs.push({ name: 'email.send', jobs: prepared.jobs });
  }
  const folded = jobs.map((j) => ({ ...j, insert: ctx.queue.insertStatement?.(j.name, j.jobs) }));
  if (!trx.isTransaction && folded.some((j) => !j.insert)) throw new NeedsTransaction();
  const inserted = await createRepo.insertCreated(trx, {
    invitations: rows,
    events,
    emails,
    audit: invitationAuditEntries(actor, rows, 'created', now, (inv) => ({
      role: inv.role,
      groupIds: inv.group_ids,
      ...(scheduled ? { sendAt: sendAt.toISOString() } : {}),
      ...input.auditDetail,
    })),
    jobs: folded.flatMap((j) => (j.insert ? [j.insert] : [])),
    credits: creditsOn ? { orgId: org.id, actorName: actor.name, at: now } : null,
  });
  // A queue that cannot fold its insert into the statement enqueues after it, same transaction.
  for (const j of folded) {
    if (j.insert) continue;
    if (ctx.queue.enqueueMany) await ctx.queue.enqueueMany(trx, j.name, j.jobs);
    else
      for (const job of j.jobs)
        await ctx.queue.enqueue(trx, j.name, job.data, job.startAfter ? { startAfter: job.startAfter } : {});
  }
  // Keep the caller's order in the answer.
  const order = new Map(accepted.map((e, i) => [e.toLowerCase(), i]));
  inserted.sort((a, b) => (order.get(a.email.toLowerCase()) ?? 0) - (order.get(b.email.toLowerCase()) ?? 0));
  return { org, inserted, rejected };
}

/** One import row to become an invitation, validated by the preview. */
export interface ImportedRow {
  id: string;
  row: number;
  email: string;
  role: string;
  groupIds: string[];
}

/**
 * Create one chunk of an import's invitations (rows already checked against members and open
 * invitations; a concurrent invite of the same address keeps the row out). Their first emails go
 * through one first-send job for the chunk, now or at the import's send time. The caller reserved
 * their credits. Returns those created.
 */
export async function createImportedInvitations(
  ctx: TransitionContext,
  trx: Executor,
  org: Organization,
  imp: ImportRecord,
  rows: ImportedRow[],
  creditsEnabled: boolean,
  now: Date,
): Promise<Array<Pick<Invitation, 'id' | 'email'>>> {
  const sendAt = imp.send_at && imp.send_at > now ? imp.send_at : null;
  const scheduled = sendAt !== null;
  const who: EventActor = {
    type: imp.created_by_user_id ? 'user' : 'api_key',
    id: imp.created_by_user_id,
    name: imp.created_by_name,
  };
  const events = [{ type: 'created', detail: JSON.stringify({ importId: imp.id }) }];
  if (scheduled) events.push({ type: 'scheduled', detail: JSON.stringify({ sendAt: sendAt.toISOString() }) });
  const inserted = await importBulkRepository.createInvitations(trx, {
    orgId: org.id,
    importId: imp.id,
    status: scheduled ? 'scheduled' : 'pending',
    sendAt,
    // Provisional for pending rows: the first send counts expiry from the actual send.
    expiresAt: scheduled ? null : expiryFrom(org, now),
    createdByUserId: imp.created_by_user_id,
    // As a manual invite: an API key invites in the organization's name.
    createdByName: imp.created_by_user_id ? imp.created_by_name : org.name,
    defaultLocale: org.default_locale,
    now,
    actor: who,
    events,
    rows,
  });
  if (creditsEnabled) await holdCredits(trx, org.id, inserted, imp.created_by_name, now);
  if (inserted.length > 0) {
    const job: SendBatchJob = {
      invitationIds: inserted.map((i) => i.id),
      actor: scheduled ? undefined : who,
    };
    await ctx.queue.enqueue(trx, 'invitation.send-batch', job, scheduled ? { startAfter: sendAt } : {});
  }
  return inserted;
}
