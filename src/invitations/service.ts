import type { Actor } from '../auth/permissions.ts';
import { canGrantRole, cannotInviteAs, roleNotGrantable } from '../auth/permissions.ts';
import { localeOfReader } from '../auth/reader-locale.ts';
import type { Executor, Invitation, InvitationStatus, Organization, Role } from '../db/types.ts';
import { resolveGroups } from '../groups/membership.ts';
import type { Locale } from '../i18n/locales.ts';
import type { Outbox } from '../mail/outbox.ts';
import { organizationRepository } from '../organizations/repository.ts';
import { hashPassword, passwordProblem } from '../security/passwords.ts';
import { decodeCursor, encodeCursor, pageLimit, splitPage } from '../shared/cursor.ts';
import type { Deps } from '../shared/deps.ts';
import { badRequest, forbidden, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { laterSendAt, parseSendAt } from '../shared/send-time.ts';
import { systemActorCode } from '../shared/system-actors.ts';
import { cleanMessage } from '../shared/validation.ts';
import { auditInvitations } from './audit.ts';
import { describeEvent, namesFor } from './event-notes.ts';
import { appChoices, checkLanding } from './landing-service.ts';
import { effectiveStatus } from './lifecycle.ts';
import { metadataText } from './metadata.ts';
import { presentInvitation, presentInvitations } from './presenter.ts';
import { type ListFilter, invitationRepository as repo } from './repository.ts';
import { createSearchPlanner } from './search-samples.ts';
import { cancel } from './transitions/cancel.ts';
import { actorOf, type TransitionContext } from './transitions/context.ts';
import { recordLinkCopied } from './transitions/copy-link.ts';
import { correctAddress } from './transitions/correct-address.ts';
import {
  checkAddresses,
  createInvitations,
  lostOpenInvitationRace,
  NeedsTransaction,
} from './transitions/create.ts';
import { expireDue } from './transitions/expire.ts';
import { reissue } from './transitions/reissue.ts';
import { remindDue } from './transitions/remind.ts';
import { reschedule } from './transitions/reschedule.ts';
import { setPassword } from './transitions/set-password.ts';

/**
 * Opening events, told apart for the administrator: a scanner's fetch of the link is not a person
 * reading the invitation.
 */
/** The overview's figures as list filters (see ListFilter). */
export interface OverviewListFilters {
  expiringWithinHours?: number;
  scheduledWithinDays?: number;
  deliveryProblem?: boolean;
  acceptedSince?: string;
  opened?: boolean;
}

export interface CreateInvitationsInput {
  emails: string[];
  role?: Role;
  groupIds?: string[];
  message?: string;
  sendAt?: string;
  /** Days the link works, within the organization's period (its default). */
  expiresInDays?: number;
  /** Invite addresses as typed even where a domain typo is suspected. */
  allowTypos?: boolean;
  importId?: string;
  /** Any JSON object of at most 4 KB; never shown to the invitee. */
  metadata?: Record<string, unknown>;
  /** An app of the organization the person continues to after accepting, and where on it. */
  appId?: string;
  returnPath?: string;
  /** The invitation's language (default: the organization's). */
  locale?: Locale;
}

/** What the invitation list (and its export) may be filtered by, the overview's figures included. */
export interface InvitationListQuery extends OverviewListFilters {
  status?: InvitationStatus[];
  q?: string;
  groupId?: string;
}

/** Rows a search term of one or two characters is checked against per call (see list). */
export const SHORT_TERM_SCAN = 10_000;

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
  const transitions: TransitionContext = { outbox, queue: deps.queue, config: deps.config };
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

  /** The row lock every change on one invitation takes; accept and decline serialise here too. */
  async function lockForChange(trx: Executor, actor: Actor, id: string): Promise<Invitation> {
    const row = await repo.findByIdForUpdate(trx, id);
    if (!row || row.org_id !== actor.orgId) throw notFound('Invitation');
    return row;
  }

  /** A manager reaches only invitations into the groups they manage. */
  function inScope(actor: Actor, row: Pick<Invitation, 'group_ids'>): boolean {
    if (actor.role !== 'manager') return true;
    return row.group_ids.length > 0 && row.group_ids.every((g) => actor.managedGroupIds.includes(g));
  }

  /** The list's filter for the actor: status, planned search, a manager's groups, one group. */
  async function listFilter(
    actor: Actor,
    query: InvitationListQuery,
    now: Date,
  ): Promise<Omit<ListFilter, 'limit' | 'cursor'>> {
    const q = query.q?.trim();
    return {
      orgId: actor.orgId,
      statuses: query.status,
      search: q ? await searches.plan(actor.orgId, q) : undefined,
      now,
      groupScope: actor.role === 'manager' ? actor.managedGroupIds : undefined,
      inGroup: query.groupId,
      expiringWithinHours: query.expiringWithinHours,
      scheduledWithinDays: query.scheduledWithinDays,
      deliveryProblem: query.deliveryProblem,
      acceptedSince: query.acceptedSince ? new Date(query.acceptedSince) : undefined,
      opened: query.opened,
    };
  }

  return {
    /** The enabled apps an inviter may name, with the origins a return path may use. */
    appChoices: (actor: Actor) => appChoices(db, actor.orgId),

    listFilter,

    async check(actor: Actor, emails: string[]) {
      const results = await checkAddresses(db, actor.orgId, emails, false, clock.now());
      return {
        results: results.map((r) =>
          r.ok
            ? { email: r.email, ok: true }
            : {
                email: r.email,
                ok: false,
                code: r.code,
                message: r.message,
                reasonCode: r.reasonCode,
                suggestion: r.suggestion,
                domain: r.domain,
              },
        ),
      };
    },

    async create(actor: Actor, input: CreateInvitationsInput) {
      if (input.emails.length === 0)
        throw badRequest('invalid_request', 'Give at least one address.', { field: 'emails' });
      const role = input.role ?? 'learner';
      if (!canGrantRole(actor, role)) throw forbidden(cannotInviteAs(actor, role));
      const groups = await resolveGroups(db, actor.orgId, input.groupIds ?? []);
      if (
        actor.role === 'manager' &&
        (groups.length === 0 || groups.some((g) => !actor.managedGroupIds.includes(g.id)))
      ) {
        throw forbidden('Managers can invite only into groups they manage.');
      }
      const message = input.message ? cleanMessage(input.message, 'message') || null : null;
      const metadata = metadataText(input.metadata);
      const landing = await checkLanding(db, actor.orgId, input);
      const now = clock.now();
      const sendAt = laterSendAt(input.sendAt, now);
      const creation = {
        actor,
        emails: input.emails,
        role,
        groupIds: groups.map((g) => g.id),
        message,
        sendAt,
        allowTypos: input.allowTypos ?? false,
        importId: input.importId,
        metadata,
        landing,
        expiryDays: input.expiresInDays ?? null,
        locale: input.locale ?? null,
        manualEntry: true,
      };
      // The organization's rules (manual-entry limit, required group, longest expiry) are checked
      // on the row the transition reads with its checks, in the same statement.
      const run = async (executor: Executor) => {
        const { inserted, rejected } = await createInvitations(transitions, executor, creation, now);
        const who = { type: actor.type, name: actor.name };
        const invitations = await presentInvitations(executor, inserted, now, actor, {
          groups,
          lastActor: () => who,
        });
        return { invitations, rejected };
      };
      // The write is one statement: without credits it needs no transaction (BEGIN and COMMIT
      // would be two of five round trips). createInvitations says when it needs one.
      let inTransaction = false;
      let races = 0;
      for (;;) {
        try {
          return inTransaction ? await db.transaction().execute(run) : await run(db);
        } catch (error) {
          if (error instanceof NeedsTransaction && !inTransaction) {
            inTransaction = true;
            continue;
          }
          // A concurrent invite of one of the addresses committed first: the next attempt sees it.
          if (++races >= 3 || !lostOpenInvitationRace(error)) throw error;
        }
      }
    },

    async list(actor: Actor, query: InvitationListQuery & { limit?: number; cursor?: string }) {
      const limit = pageLimit(query.limit, 50, 200);
      const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
      const now = clock.now();
      const filter = { ...(await listFilter(actor, query, now)), limit, cursor };
      // A term too short for the trigram index is checked row by row: at most SHORT_TERM_SCAN
      // rows per call, so a rare one costs milliseconds, not a read of every invitation.
      const floor = filter.search?.short ? await repo.scanFloor(db, filter, shortTermScan) : undefined;
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

    /** The invitation with its history; each event's note in the reader's language. */
    async get(actor: Actor, id: string, acceptLanguage?: string) {
      const row = await loadForActor(db, actor, id);
      const reader = await localeOfReader(db, actor.userId, acceptLanguage);
      const now = clock.now();
      const events = await repo.listEvents(db, row.id);
      const details = events.map(
        (e) =>
          ((typeof e.detail === 'string' ? JSON.parse(e.detail) : e.detail) ?? null) as Record<
            string,
            unknown
          > | null,
      );
      const names = await namesFor(db, row.org_id, details);
      return {
        ...(await presentInvitation(db, row, now, actor)),
        events: events.map((e, i) => ({
          id: String(e.id),
          type: e.type,
          at: e.at.toISOString(),
          actor: {
            type: e.actor_type,
            id: e.actor_id,
            name: e.actor_name,
            ...systemActorCode(e.actor_type, e.actor_name),
          },
          detail: details[i],
          note: describeEvent(e.type, details[i]!, names, reader),
        })),
      };
    },

    /** Pending: a fresh email whose link replaces the old one. Expired: "send new invitation". */
    async resend(actor: Actor, id: string) {
      await loadForChange(db, actor, id);
      return db.transaction().execute(async (trx) => {
        const row = await lockForChange(trx, actor, id);
        const now = clock.now();
        const org = await loadOrg(trx, row.org_id);
        const status = effectiveStatus(row, now);
        const updated = await reissue(transitions, trx, org, row, actorOf(actor), now);
        await auditInvitations(
          trx,
          actor,
          [updated],
          status === 'expired' ? 'renewed' : 'resent',
          now,
          () => ({
            expiresAt: {
              from: row.expires_at?.toISOString() ?? null,
              to: updated.expires_at?.toISOString() ?? null,
            },
          }),
        );
        return presentInvitation(trx, updated, now, actor);
      });
    },

    async cancel(actor: Actor, id: string) {
      await loadForChange(db, actor, id);
      return db.transaction().execute(async (trx) => {
        const row = await lockForChange(trx, actor, id);
        const now = clock.now();
        const updated = await cancel(transitions, trx, row, actorOf(actor), now);
        await auditInvitations(trx, actor, [row], 'cancelled', now, () => ({
          status: { from: effectiveStatus(row, now), to: 'cancelled' },
        }));
        return presentInvitation(trx, updated, now, actor);
      });
    },

    /**
     * A new invitation to a corrected address, the old one cancelled (a bounce, or a typo in a
     * pending invitation): same role, groups, message and app; each history names the other.
     */
    async correctAddress(actor: Actor, id: string, input: { email: string; allowTypos?: boolean }) {
      await loadForChange(db, actor, id);
      return db.transaction().execute(async (trx) => {
        const row = await lockForChange(trx, actor, id);
        const now = clock.now();
        const { replaced, created } = await correctAddress(
          transitions,
          trx,
          row,
          actor,
          { email: input.email, allowTypos: input.allowTypos ?? false },
          now,
        );
        await auditInvitations(trx, actor, [row], 'address_corrected', now, () => ({
          email: { from: row.email, to: created.email },
          status: { from: effectiveStatus(row, now), to: 'cancelled' },
          replacedBy: created.id,
        }));
        const [invitation, old] = await presentInvitations(trx, [created, replaced], now, actor);
        return { invitation: invitation!, replaced: old! };
      });
    },

    /** The current link, recomputed from the id and link version (nothing stored); recorded in the history. */
    async copyLink(actor: Actor, id: string) {
      const row = await loadForChange(db, actor, id);
      await db.transaction().execute(async (trx) => {
        const now = clock.now();
        await recordLinkCopied(trx, row, actorOf(actor), now);
        await auditInvitations(trx, actor, [row], 'link_copied', now);
      });
      return { url: `${deps.config.appUrl}/invite/${deps.links.sign(row.id, row.link_version)}` };
    },

    async reschedule(actor: Actor, id: string, sendAtRaw: string) {
      await loadForChange(db, actor, id);
      // A time a few seconds past sends it now; one further back is refused.
      const sendAt = parseSendAt(sendAtRaw, clock.now());
      return db.transaction().execute(async (trx) => {
        const row = await lockForChange(trx, actor, id);
        const now = clock.now();
        const updated = await reschedule(transitions, trx, row, sendAt, actorOf(actor), now);
        await auditInvitations(trx, actor, [row], 'rescheduled', now, () => ({
          sendAt: { from: row.send_at?.toISOString() ?? null, to: sendAt.toISOString() },
        }));
        return presentInvitation(trx, updated, now, actor);
      });
    },

    async setPassword(actor: Actor, id: string, password: string) {
      const pre = await loadForChange(db, actor, id);
      const weak = passwordProblem(password, [pre.email.split('@')[0]!]);
      if (weak) throw badRequest('weak_password', weak, { field: 'password' });
      // Hashed whether or not it is used, so an existing account's answer takes as long.
      const hash = await hashPassword(password);
      const row = await db.transaction().execute(async (trx) => {
        const inv = await lockForChange(trx, actor, id);
        const now = clock.now();
        // The password itself never enters the audit log: only that one was set.
        await auditInvitations(trx, actor, [inv], 'password_set', now, () => ({
          status: { from: 'pending', to: 'accepted' },
        }));
        return setPassword(transitions, trx, inv, hash, actorOf(actor), now);
      });
      return presentInvitation(db, row, clock.now(), actor);
    },

    /** Job: records expiry as an event for pending invitations past their date. */
    async expireDue(batch = 1000): Promise<number> {
      let total = 0;
      for (;;) {
        const n = await db.transaction().execute((trx) => expireDue(trx, clock.now(), batch));
        total += n;
        if (n < batch) return total;
      }
    },

    /** Job: one reminder per invitation, inside the organization's window, never after expiry. */
    async sendReminders(batch = 500): Promise<number> {
      let total = 0;
      for (;;) {
        const n = await db.transaction().execute((trx) => remindDue(transitions, trx, clock.now(), batch));
        total += n;
        if (n < batch) return total;
      }
    },
  };
}

export type InvitationService = ReturnType<typeof createInvitationService>;
