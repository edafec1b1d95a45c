import type { Actor } from '../auth/permissions.ts';
import { canGrantRole, roleNotGrantable } from '../auth/permissions.ts';
import { holdCredits, releaseCredit, reserveCredits } from '../credits/service.ts';
import type { Executor, Invitation, InvitationStatus, Organization, Role } from '../db/types.ts';
import { resolveGroups } from '../groups/membership.ts';
import { isUuid } from '../http/authenticate.ts';
import { decodeCursor, encodeCursor, pageLimit, splitPage } from '../http/cursor.ts';
import { type AppError, badRequest, conflict, forbidden, notFound, tooManyRequests } from '../http/errors.ts';
import type { Outbox } from '../mail/outbox.ts';
import { organizationRepository } from '../organizations/repository.ts';
import type { Deps } from '../shared/deps.ts';
import { laterSendAt, parseSendAt } from '../shared/send-time.ts';
import { checkEmail, cleanMessage } from '../shared/validation.ts';
import { acceptWithPassword } from './acceptance.ts';
import { invitationEmail, queueInvitationEmailWith } from './emails.ts';
import { effectiveStatus } from './lifecycle.ts';
import { presentInvitation, presentInvitations } from './presenter.ts';
import { type EventInput, invitationRepository as repo } from './repository.ts';
import { createSearchPlanner } from './search-samples.ts';
import { suggestEmail } from './typos.ts';

export interface CreateInvitationsInput {
  emails: string[];
  role?: Role;
  groupIds?: string[];
  message?: string;
  sendAt?: string;
  /** Invite addresses as typed even where a domain typo is suspected. */
  allowTypos?: boolean;
  importId?: string;
}

export interface Rejection {
  email: string;
  code: string;
  message: string;
  suggestion?: string;
}

type Checked = { email: string; ok: true } | ({ ok: false } & Rejection);

const DAY = 86_400_000;
/** At most this many invitation emails to one address per organization and hour (cancel/re-invite loops included). */
export const RECIPIENT_HOURLY_LIMIT = 5;
/** Rows a search term of one or two characters is checked against per call (see list). */
export const SHORT_TERM_SCAN = 10_000;

export function actorOf(actor: Actor): EventInput['actor'] {
  return { type: actor.type, id: actor.id, name: actor.name };
}

/** Seconds left in the resend cooldown of a pending invitation (0 when it may be resent). */
export function resendCooldownLeft(
  row: Pick<Invitation, 'last_sent_at'>,
  status: InvitationStatus,
  now: Date,
  cooldownSeconds: number,
): number {
  if (status !== 'pending' || !row.last_sent_at) return 0;
  const left = row.last_sent_at.getTime() + cooldownSeconds * 1000 - now.getTime();
  return left > 0 ? left / 1000 : 0;
}

/**
 * Resend (pending) or renew (expired) inside the caller's transaction: a fresh link whose version
 * kills every earlier one, a new expiry, unsent emails of the old link cancelled, the email queued
 * and the event recorded. The caller holds the row lock and has checked status and cooldown.
 * (A bulk resend with a send time runs at that time: see bulk-resend.ts.)
 */
export async function reissueInvitation(
  outbox: Outbox,
  trx: Executor,
  org: Organization,
  row: Invitation,
  status: 'pending' | 'expired',
  actor: EventInput['actor'],
  now: Date,
  options: ReissueOptions = {},
): Promise<Invitation> {
  const [updated] = await reissueInvitations(outbox, trx, org, [{ row, status }], actor, now, options);
  return updated!;
}

export interface ReissueOptions {
  templateId?: string;
  detail?: Record<string, unknown>;
}

/** reissueInvitation for many rows in a few statements (bulk resend batches of 1,000). */
export async function reissueInvitations(
  outbox: Outbox,
  trx: Executor,
  org: Organization,
  rows: Array<{ row: Invitation; status: 'pending' | 'expired' }>,
  actor: EventInput['actor'],
  now: Date,
  options: ReissueOptions = {},
): Promise<Invitation[]> {
  if (rows.length === 0) return [];
  const updated: Invitation[] = [];
  const events: EventInput[] = [];
  for (const status of ['pending', 'expired'] as const) {
    const ids = rows.filter((r) => r.status === status).map((r) => r.row.id);
    if (ids.length === 0) continue;
    const type = status === 'expired' ? 'renewed' : 'resent';
    const changed = await repo.reissueLinks(trx, org.id, ids, {
      status: 'pending',
      expires_at: new Date(now.getTime() + org.invite_expiry_days * DAY),
      last_sent_at: now,
      delivery_status: 'queued',
      delivery_detail: null,
      last_event_type: type,
      last_event_at: now,
      updated_at: now,
    });
    updated.push(...changed);
    for (const inv of changed)
      events.push({ orgId: org.id, invitationId: inv.id, type, actor, at: now, detail: options.detail });
  }
  await outbox.cancelUnsentMany(
    trx,
    updated.map((u) => u.id),
  );
  await outbox.queueMany(
    trx,
    updated.map((inv) => invitationEmail(org, inv, 'invitation', { templateId: options.templateId })),
  );
  await repo.insertEvents(trx, events);
  return updated;
}

/** The search sample: 50 runs of 100 addresses from across the organization's history. */
const SAMPLE_PROBES = 50;
const SAMPLE_PER_PROBE = 100;

export interface InvitationServiceOptions {
  /** Rows a one- or two-character search checks per call (tests lower it). */
  shortTermScan?: number;
}

export function createInvitationService(deps: Deps, outbox: Outbox, options: InvitationServiceOptions = {}) {
  const shortTermScan = options.shortTermScan ?? SHORT_TERM_SCAN;
  const { db, clock } = deps;
  const searches = createSearchPlanner({
    clock,
    load: (orgId) => repo.searchSample(db, orgId, SAMPLE_PROBES, SAMPLE_PER_PROBE),
    onError: (error) => deps.log.warn({ err: error }, 'search sample failed; searching without a plan'),
  });

  async function loadOrg(executor: Executor, orgId: string): Promise<Organization> {
    const org = await organizationRepository.findById(executor, orgId);
    if (!org) throw notFound('Organization');
    return org;
  }

  async function loadForActor(executor: Executor, actor: Actor, id: string): Promise<Invitation> {
    if (!isUuid(id)) throw notFound('Invitation');
    const row = await repo.findById(executor, actor.orgId, id);
    if (!row || !inScope(actor, row)) throw notFound('Invitation');
    return row;
  }

  /** An invitation the actor may change: in reach, and for a role the actor may grant. */
  async function loadForChange(executor: Executor, actor: Actor, id: string): Promise<Invitation> {
    const row = await loadForActor(executor, actor, id);
    if (!canGrantRole(actor, row.role)) throw forbidden(roleNotGrantable(row.role));
    return row;
  }

  /** A manager reaches only invitations into the groups they manage. */
  function inScope(actor: Actor, row: Pick<Invitation, 'group_ids'>): boolean {
    if (actor.role !== 'manager') return true;
    return row.group_ids.length > 0 && row.group_ids.every((g) => actor.managedGroupIds.includes(g));
  }

  /** Checks addresses without creating anything: the console's inline validation, and step one of create. */
  async function checkAddresses(
    executor: Executor,
    orgId: string,
    emails: string[],
    allowTypos: boolean,
  ): Promise<Checked[]> {
    const seen = new Set<string>();
    const results: Checked[] = [];
    for (const raw of emails) {
      const c = checkEmail(raw);
      if (!c.ok) {
        results.push({ ok: false, email: raw, code: c.code, message: c.message });
        continue;
      }
      const key = c.email.toLowerCase();
      if (seen.has(key)) {
        results.push({
          ok: false,
          email: c.email,
          code: 'duplicate',
          message: 'This address appears more than once.',
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
          suggestion,
        });
        continue;
      }
      results.push({ ok: true, email: c.email });
    }
    const valid = results.filter((r) => r.ok).map((r) => r.email);
    // Sequential on purpose: one connection inside a transaction (PGlite) runs one query at a time.
    const members = await repo.findMembersByEmails(executor, orgId, valid);
    const open = await repo.findOpenByEmails(executor, orgId, valid);
    const recent = await repo.recentEmailCounts(
      executor,
      orgId,
      valid,
      new Date(clock.now().getTime() - 3_600_000),
    );
    const recentCount = new Map(recent.map((r) => [r.address, Number(r.n)]));
    const memberStatus = new Map(members.map((m) => [m.email.toLowerCase(), m.status]));
    const openStatus = new Map(open.map((o) => [o.email.toLowerCase(), effectiveStatus(o, clock.now())]));
    return results.map((r) => {
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
        };
      }
      if ((recentCount.get(key) ?? 0) >= RECIPIENT_HOURLY_LIMIT) {
        return {
          ok: false,
          email: r.email,
          code: 'rate_limited',
          message: 'This address received several invitations in the last hour. Try again later.',
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
        return { ok: false, email: r.email, code: 'already_invited', message: `Already invited (${hint}).` };
      }
      return r;
    });
  }

  /** Sends (or re-sends) the invitation email for a row that is pending now. */
  async function queueInvitationEmail(
    trx: Executor,
    org: Organization,
    inv: Invitation,
    kind: 'invitation' | 'reminder' = 'invitation',
  ) {
    await queueInvitationEmailWith(outbox, trx, org, inv, kind);
  }

  async function transitionEvent(
    trx: Executor,
    inv: Invitation,
    type: string,
    actor: EventInput['actor'],
    at: Date,
    detail?: Record<string, unknown>,
  ) {
    await repo.insertEvents(trx, [{ orgId: inv.org_id, invitationId: inv.id, type, actor, at, detail }]);
  }

  function conflictFor(status: InvitationStatus, action: string): AppError {
    return conflict('invalid_status', `Cannot ${action} an invitation that is ${status}.`, { status });
  }

  return {
    queueInvitationEmail,
    checkAddresses,

    async check(actor: Actor, emails: string[]) {
      const results = await checkAddresses(db, actor.orgId, emails, false);
      return {
        results: results.map((r) =>
          r.ok
            ? { email: r.email, ok: true }
            : { email: r.email, ok: false, code: r.code, message: r.message, suggestion: r.suggestion },
        ),
      };
    },

    async create(actor: Actor, input: CreateInvitationsInput) {
      const org = await loadOrg(db, actor.orgId);
      if (input.emails.length === 0)
        throw badRequest('invalid_request', 'Give at least one address.', { field: 'emails' });
      if (input.emails.length > org.manual_entry_limit) {
        throw badRequest(
          'too_many_emails',
          `Invite at most ${org.manual_entry_limit} addresses at once; use an import for more.`,
          { field: 'emails' },
        );
      }
      const role = input.role ?? 'learner';
      if (!canGrantRole(actor, role)) throw forbidden(`You cannot invite people as ${role}.`);
      const groups = await resolveGroups(db, org.id, input.groupIds ?? []);
      if (org.require_group && groups.length === 0) {
        throw badRequest('group_required', 'This organization requires at least one group per invitation.', {
          field: 'groupIds',
        });
      }
      if (
        actor.role === 'manager' &&
        (groups.length === 0 || groups.some((g) => !actor.managedGroupIds.includes(g.id)))
      ) {
        throw forbidden('Managers can invite only into groups they manage.');
      }
      const message = input.message ? cleanMessage(input.message, 'message') || null : null;
      const now = clock.now();
      const sendAt = laterSendAt(input.sendAt, now);

      return db.transaction().execute(async (trx) => {
        const checked = await checkAddresses(trx, org.id, input.emails, input.allowTypos ?? false);
        const rejected: Rejection[] = checked
          .filter((c): c is Extract<Checked, { ok: false }> => !c.ok)
          .map(({ ok: _ok, ...r }) => r);
        let accepted = checked.filter((c) => c.ok).map((c) => c.email);
        const credits = await reserveCredits(trx, org.id, accepted.length);
        if (credits.allowed < accepted.length) {
          for (const email of accepted.slice(credits.allowed)) {
            rejected.push({
              email,
              code: 'no_credits',
              message: 'No credits left: add credits or cancel an open invitation.',
            });
          }
          accepted = accepted.slice(0, credits.allowed);
        }
        const scheduled = sendAt !== null;
        const inserted = await repo.insertMany(
          trx,
          accepted.map((email) => ({
            org_id: org.id,
            email,
            role,
            group_ids: groups.map((g) => g.id),
            message,
            status: scheduled ? 'scheduled' : 'pending',
            send_at: sendAt,
            expires_at: scheduled ? null : new Date(now.getTime() + org.invite_expiry_days * DAY),
            sent_count: scheduled ? 0 : 1,
            last_sent_at: scheduled ? null : now,
            delivery_status: scheduled ? 'none' : 'queued',
            last_event_type: scheduled ? 'scheduled' : 'sent',
            last_event_at: now,
            created_by_user_id: actor.userId,
            created_by_name: actor.type === 'user' ? actor.name : org.name,
            import_id: input.importId ?? null,
            created_at: now,
            updated_at: now,
          })),
        );
        // Lost a race with a concurrent invite of the same address: report it like any duplicate.
        const insertedEmails = new Set(inserted.map((i) => i.email.toLowerCase()));
        for (const email of accepted) {
          if (!insertedEmails.has(email.toLowerCase()))
            rejected.push({ email, code: 'already_invited', message: 'Already invited.' });
        }
        if (credits.enabled) await holdCredits(trx, org.id, inserted, actor.name, now);
        const who = actorOf(actor);
        const events: EventInput[] = [];
        for (const inv of inserted) {
          events.push({ orgId: org.id, invitationId: inv.id, type: 'created', actor: who, at: now });
          events.push({
            orgId: org.id,
            invitationId: inv.id,
            type: scheduled ? 'scheduled' : 'sent',
            actor: who,
            at: now,
            detail: scheduled ? { sendAt: sendAt!.toISOString() } : undefined,
          });
          if (scheduled)
            await deps.queue.enqueue(
              trx,
              'invitation.send-scheduled',
              { invitationId: inv.id },
              { startAfter: sendAt! },
            );
        }
        // One INSERT for the emails and one for their send jobs, however many addresses.
        if (!scheduled)
          await outbox.queueMany(
            trx,
            inserted.map((inv) => invitationEmail(org, inv)),
          );
        await repo.insertEvents(trx, events);
        // Keep the caller's order in the answer.
        const order = new Map(accepted.map((e, i) => [e.toLowerCase(), i]));
        inserted.sort(
          (a, b) => (order.get(a.email.toLowerCase()) ?? 0) - (order.get(b.email.toLowerCase()) ?? 0),
        );
        return { invitations: await presentInvitations(trx, inserted, now, actor), rejected };
      });
    },

    async list(
      actor: Actor,
      query: { status?: InvitationStatus[]; q?: string; limit?: number; cursor?: string },
    ) {
      const limit = pageLimit(query.limit, 50, 200);
      const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
      const now = clock.now();
      const q = query.q?.trim();
      const search = q ? await searches.plan(actor.orgId, q) : undefined;
      const filter = {
        orgId: actor.orgId,
        statuses: query.status,
        search,
        limit,
        cursor,
        now,
        groupScope: actor.role === 'manager' ? actor.managedGroupIds : undefined,
      };
      // A term too short for the trigram index is checked row by row: at most SHORT_TERM_SCAN
      // rows per call, so a rare one costs milliseconds, not a read of every invitation.
      const floor = search?.short ? await repo.scanFloor(db, filter, shortTermScan) : undefined;
      const rows = await repo.list(db, { ...filter, floor });
      const { page, nextCursor } = splitPage(rows, limit);
      // The scan bound came before a full page (plus one): the next call searches on from there.
      const partial = floor !== undefined && rows.length <= limit;
      return {
        items: await presentInvitations(db, page, now, actor),
        nextCursor: partial ? encodeCursor({ created_at: floor.createdAt, id: floor.id }) : nextCursor,
        partial,
      };
    },

    async get(actor: Actor, id: string) {
      const row = await loadForActor(db, actor, id);
      const now = clock.now();
      const events = await repo.listEvents(db, row.id);
      return {
        ...(await presentInvitation(db, row, now, actor)),
        events: events.map((e) => ({
          id: String(e.id),
          type: e.type,
          at: e.at.toISOString(),
          actor: { type: e.actor_type, id: e.actor_id, name: e.actor_name },
          detail: (typeof e.detail === 'string' ? JSON.parse(e.detail) : e.detail) ?? null,
        })),
      };
    },

    /** Pending: a fresh email whose link replaces the old one. Expired: "send new invitation". */
    async resend(actor: Actor, id: string) {
      await loadForChange(db, actor, id);
      return db.transaction().execute(async (trx) => {
        const row = await repo.findByIdForUpdate(trx, id);
        if (!row || row.org_id !== actor.orgId) throw notFound('Invitation');
        const now = clock.now();
        const status = effectiveStatus(row, now);
        if (status !== 'pending' && status !== 'expired') throw conflictFor(status, 'resend');
        const wait = resendCooldownLeft(row, status, now, deps.config.resendCooldownSeconds);
        if (wait > 0)
          throw tooManyRequests(
            `This invitation was sent moments ago. Try again in ${Math.ceil(wait)} seconds.`,
            wait,
          );
        const org = await loadOrg(trx, row.org_id);
        const updated = await reissueInvitation(outbox, trx, org, row, status, actorOf(actor), now);
        return presentInvitation(trx, updated, now, actor);
      });
    },

    async cancel(actor: Actor, id: string) {
      await loadForChange(db, actor, id);
      return db.transaction().execute(async (trx) => {
        const row = await repo.findByIdForUpdate(trx, id);
        if (!row || row.org_id !== actor.orgId) throw notFound('Invitation');
        const now = clock.now();
        if (!['scheduled', 'pending', 'expired'].includes(row.status))
          throw conflictFor(row.status, 'cancel');
        const updated = await repo.update(trx, row.org_id, row.id, {
          status: 'cancelled',
          last_event_type: 'cancelled',
          last_event_at: now,
          updated_at: now,
        });
        await outbox.cancelUnsent(trx, row.id);
        await releaseCredit(trx, row, actor.name, now);
        await transitionEvent(trx, updated!, 'cancelled', actorOf(actor), now);
        return presentInvitation(trx, updated!, now, actor);
      });
    },

    /** The current link, recomputed from the id and link version (nothing stored); recorded in the history. */
    async copyLink(actor: Actor, id: string) {
      const row = await loadForChange(db, actor, id);
      const now = clock.now();
      const status = effectiveStatus(row, now);
      if (status !== 'pending') throw conflictFor(status, 'copy the link of');
      await db.transaction().execute(async (trx) => {
        await repo.update(trx, row.org_id, row.id, {
          last_event_type: 'link_copied',
          last_event_at: now,
          updated_at: now,
        });
        await transitionEvent(trx, row, 'link_copied', actorOf(actor), now);
      });
      return { url: `${deps.config.appUrl}/invite/${deps.links.sign(row.id, row.link_version)}` };
    },

    async reschedule(actor: Actor, id: string, sendAtRaw: string) {
      await loadForChange(db, actor, id);
      // A time already past sends it now.
      const sendAt = parseSendAt(sendAtRaw, clock.now());
      return db.transaction().execute(async (trx) => {
        const row = await repo.findByIdForUpdate(trx, id);
        if (!row || row.org_id !== actor.orgId) throw notFound('Invitation');
        if (row.status !== 'scheduled') throw conflictFor(row.status, 'reschedule');
        const now = clock.now();
        const updated = await repo.update(trx, row.org_id, row.id, {
          send_at: sendAt,
          last_event_type: 'rescheduled',
          last_event_at: now,
          updated_at: now,
        });
        await transitionEvent(trx, updated!, 'rescheduled', actorOf(actor), now, {
          sendAt: sendAt.toISOString(),
        });
        // The job already queued for the old time finds send_at moved and does nothing.
        await deps.queue.enqueue(
          trx,
          'invitation.send-scheduled',
          { invitationId: row.id },
          sendAt > now ? { startAfter: sendAt } : {},
        );
        return presentInvitation(trx, updated!, now, actor);
      });
    },

    async setPassword(actor: Actor, id: string, password: string) {
      await loadForChange(db, actor, id);
      const row = await acceptWithPassword(deps, outbox, actor, id, password);
      return presentInvitation(db, row, clock.now(), actor);
    },

    /** Job: a scheduled invitation's time has come. Moved or cancelled ones are left alone. */
    /** Job: records expiry as an event for pending invitations past their date. */
    async expireDue(batch = 1000): Promise<number> {
      let total = 0;
      for (;;) {
        const n = await db.transaction().execute(async (trx) => {
          const now = clock.now();
          const expired = await repo.expireDue(trx, now, batch);
          await repo.insertEvents(
            trx,
            expired.map((e) => ({
              orgId: e.org_id,
              invitationId: e.id,
              type: 'expired',
              actor: { type: 'system' as const, id: null, name: 'Beckon' },
              at: now,
            })),
          );
          return expired.length;
        });
        total += n;
        if (n < batch) return total;
      }
    },

    /** Job: one reminder per invitation, inside the organization's window, never after expiry. */
    async sendReminders(batch = 500): Promise<number> {
      let total = 0;
      for (;;) {
        const n = await db.transaction().execute(async (trx) => {
          const now = clock.now();
          const due = await repo.dueForReminder(trx, now, batch);
          for (const inv of due) {
            const org = await loadOrg(trx, inv.org_id);
            await repo.update(trx, inv.org_id, inv.id, {
              reminded_at: now,
              last_event_type: 'reminded',
              last_event_at: now,
              updated_at: now,
            });
            await queueInvitationEmail(trx, org, inv, 'reminder');
            await transitionEvent(trx, inv, 'reminded', { type: 'system', id: null, name: 'Beckon' }, now);
          }
          return due.length;
        });
        total += n;
        if (n < batch) return total;
      }
    },
  };
}

export type InvitationService = ReturnType<typeof createInvitationService>;
