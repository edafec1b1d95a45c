import { auditEntry } from '../audit/changes.ts';
import { auditRepository as audit } from '../audit/repository.ts';
import type { Actor } from '../auth/permissions.ts';
import type { Executor, Organization } from '../db/types.ts';
import { JOB_CLOCK_SLACK_MS } from '../jobs/queue.ts';
import { organizationEmailLanguage } from '../mail/language.ts';
import type { Outbox } from '../mail/outbox.ts';
import { organizationRepository } from '../organizations/repository.ts';
import { decodeCursor, pageLimit, splitPage } from '../shared/cursor.ts';
import type { Deps } from '../shared/deps.ts';
import { badRequest, conflict, notFound } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';
import { futureSendAt, laterSendAt } from '../shared/send-time.ts';
import { templateRepository } from '../templates/repository.ts';
import { presentRun, presentRunWithRefusals } from './bulk-resend-presenter.ts';
import { bulkResendRepository as bulk } from './bulk-resend-repository.ts';
import { bulkResendRunRepository as runs } from './bulk-resend-run-repository.ts';
import {
  BATCH,
  BULK_RESEND_MAX,
  type BulkResendInput,
  createBulkResendSelection,
  type EligibleItem,
  type IneligibleItem,
  type MemberRow,
  type RoleCeiling,
  type Target,
  tooMany,
} from './bulk-resend-selection.ts';
import type { EventInput } from './repository.ts';
import { actorOf, type TransitionContext } from './transitions/context.ts';
import { reissueMany } from './transitions/reissue.ts';

/**
 * Bulk resend (SPEC §2, §7; seed 004). A selection (invitation ids, member ids) or a filter
 * (pending, expired, never signed in, older than N days, address search) becomes two lists:
 * who is eligible and what they get, and who is not and why. A dry run stops there.
 *
 * Otherwise, in transactions of BATCH rows (inside the request up to BULK_RESEND_JOB_THRESHOLD
 * eligible people, beyond it in the invitation.bulk-resend job, recorded in bulk_resends with its
 * progress), each eligible row is locked and checked again, then:
 * - pending invitation: resent (a new link; every earlier one dies at once), event `resent`;
 * - expired invitation: renewed (new link, new expiry, back to pending), event `renewed`;
 * - member who never signed in: an `account_ready` email with a sign-in link, and with
 *   `requirePasswordChange` the account must choose a new password at its next sign-in.
 *
 * With a future `sendAt` the run is recorded whatever its size (status `scheduled`) and the job
 * starts at that time: people are judged again and links reissued then, so earlier links keep
 * working until it goes, and expiry counts from the actual send. Until then it can be moved or
 * cancelled; a running one can be cancelled between batches. `templateId` names one of the
 * organization's templates, used for the emails of its kind (invitation or account ready).
 */

/** Eligible people above which a real run goes to the invitation.bulk-resend job. */
export const BULK_RESEND_JOB_THRESHOLD = 500;
/** Run-time refusals kept with a background run (all are counted). */
export const MAX_REFUSALS_KEPT = 1000;

/** What a batch needs to know about its run; the job rebuilds it from the bulk_resends row. */
interface BatchPlan {
  orgId: string;
  who: EventInput['actor'];
  inviterName: string | null;
  templateId: string | undefined;
  requirePasswordChange: boolean;
  detail: Record<string, unknown>;
  /** Whose roles the starter may grant (null: an API key's run, judged at selection only). */
  ceiling: RoleCeiling;
}

export interface BulkResendOptions {
  /** Eligible people above which a real run becomes a job (tests lower it). */
  jobThreshold?: number;
}

export interface RunJobOptions {
  batchSize?: number;
  /** Stop after this many batches. */
  maxBatches?: number;
  /** Called after each committed batch (tests simulate a crash here). */
  afterBatch?: (processed: number) => Promise<void> | void;
}

const notScheduled = (status: string, what: 'moved' | 'cancelled') =>
  conflict(
    'invalid_status',
    what === 'moved'
      ? `This bulk resend is ${status}: only a scheduled one can be moved.`
      : `This bulk resend is ${status}: there is nothing left to cancel.`,
    { status },
  );

export function createBulkResendService(deps: Deps, outbox: Outbox, options: BulkResendOptions = {}) {
  const { db, clock } = deps;
  const transitions: TransitionContext = { outbox, queue: deps.queue, config: deps.config };
  const jobThreshold = options.jobThreshold ?? BULK_RESEND_JOB_THRESHOLD;

  const { invitationVerdict, memberVerdict, recentAccountReady, select } = createBulkResendSelection(deps);

  async function loadOrg(executor: Executor, orgId: string): Promise<Organization> {
    const org = await organizationRepository.findById(executor, orgId);
    if (!org) throw notFound('Organization');
    return org;
  }

  /** Managers reach only the runs they started (as with imports). */
  async function lockForChange(trx: Executor, actor: Actor, id: string) {
    const run = isUuid(id) ? await runs.lockInOrg(trx, actor.orgId, id) : undefined;
    if (!run || (actor.role === 'manager' && run.created_by_user_id !== actor.userId))
      throw notFound('Bulk resend');
    return run;
  }

  /**
   * One batch in the caller's transaction: lock the rows, judge them again (they may have changed
   * since the selection), then reissue links (invitations) or queue account-ready emails (members).
   * The request (few people) and the job (many) both send through here.
   */
  async function resendBatch(
    trx: Executor,
    plan: BatchPlan,
    kind: Target,
    ids: string[],
  ): Promise<{ done: EligibleItem[]; refused: IneligibleItem[] }> {
    const at = clock.now();
    const org = await loadOrg(trx, plan.orgId);
    const done: EligibleItem[] = [];
    const refused: IneligibleItem[] = [];
    if (kind === 'invitation') {
      const rows = await bulk.lockInvitations(trx, plan.orgId, ids);
      const batch: Array<{ row: (typeof rows)[number]; status: 'pending' | 'expired' }> = [];
      for (const row of rows) {
        const v = invitationVerdict(row, at, plan.ceiling);
        if (!('action' in v)) {
          refused.push(v);
          continue;
        }
        batch.push({ row, status: v.action === 'renew' ? 'expired' : 'pending' });
        done.push(v);
      }
      await reissueMany(transitions, trx, org, batch, plan.who, at, {
        templateId: plan.templateId,
        detail: plan.detail,
      });
      const found = new Set(rows.map((r) => r.id));
      for (const id of ids) {
        if (!found.has(id))
          refused.push({
            id,
            type: 'invitation',
            email: '',
            status: null,
            reason: 'No longer exists.',
            reasonCode: 'no_longer_exists',
          });
      }
      return { done, refused };
    }
    const rows = await bulk.lockMembers(trx, plan.orgId, ids);
    const recent = await recentAccountReady(trx, plan.orgId, rows, at);
    const toSend: MemberRow[] = [];
    for (const row of rows) {
      const v = memberVerdict(row, recent, at, plan.ceiling);
      if ('action' in v) {
        toSend.push(row);
        done.push(v);
      } else refused.push(v);
    }
    const found = new Set(rows.map((r) => r.id));
    for (const id of ids) {
      if (!found.has(id))
        refused.push({
          id,
          type: 'member',
          email: '',
          status: null,
          reason: 'No longer a member.',
          reasonCode: 'no_longer_member',
        });
    }
    if (plan.requirePasswordChange)
      await bulk.requirePasswordChange(
        trx,
        toSend.map((m) => m.user_id),
        at,
      );
    await outbox.queueMany(
      trx,
      toSend.map((m) => ({
        orgId: org.id,
        kind: 'account_ready' as const,
        to: m.email,
        language: organizationEmailLanguage(org, m.locale),
        vars: {
          organizationName: org.name,
          recipientEmail: m.email,
          recipientName: m.name,
          inviterName: plan.inviterName,
          passwordChangeRequired: plan.requirePasswordChange,
        },
        link: { path: '/sign-in' },
        ...(plan.templateId ? { templateId: plan.templateId } : {}),
      })),
    );
    return { done, refused };
  }

  /**
   * One batch of a background run in ONE transaction: the run's row is locked, the next slice of
   * its work list is resent and the counters move on with it. A crash between batches loses
   * nothing; a redelivered job continues from the saved position and doubles nothing.
   */
  async function runBatch(id: string, size = BATCH): Promise<{ done: boolean; processed: number }> {
    return db.transaction().execute(async (trx) => {
      const run = await runs.lockForBatch(trx, id);
      if (run?.status === 'scheduled') {
        // Moved later: the job enqueued for the new time starts it.
        if (run.send_at && run.send_at.getTime() > clock.now().getTime() + JOB_CLOCK_SLACK_MS)
          return { done: true, processed: 0 };
        await runs.start(trx, id);
      } else if (run?.status !== 'running') return { done: true, processed: 0 };
      // The position in the work list (invitations, then members); a batch never spans both.
      const position = run.processed;
      const invitationCount = Number(run.invitation_count);
      const kind: Target = position < invitationCount ? 'invitation' : 'member';
      const ids =
        kind === 'invitation'
          ? await runs.slice(trx, id, 'invitation_ids', position, Math.min(size, invitationCount - position))
          : await runs.slice(trx, id, 'member_ids', position - invitationCount, size);
      if (ids.length === 0) {
        await runs.finish(trx, id, 'done', clock.now());
        return { done: true, processed: 0 };
      }
      if (run.created_by_user_id && !run.creator_role) {
        await runs.finish(
          trx,
          id,
          'failed',
          clock.now(),
          'The person who started this bulk resend is no longer an active member.',
        );
        return { done: true, processed: 0 };
      }
      const plan: BatchPlan = {
        ceiling: run.creator_role ? { role: run.creator_role } : null,
        orgId: run.org_id,
        who: { type: run.actor_type, id: run.actor_id, name: run.actor_name },
        inviterName: run.actor_type === 'user' ? run.actor_name : null,
        templateId: run.template_id ?? undefined,
        requirePasswordChange: run.require_password_change,
        detail: { bulk: true, bulkResendId: id, ...(run.template_id ? { templateId: run.template_id } : {}) },
      };
      const r = await resendBatch(trx, plan, kind, ids);
      const room = Math.max(0, MAX_REFUSALS_KEPT - Number(run.refusal_count));
      await runs.advance(trx, id, {
        processed: ids.length,
        sent: r.done.length,
        refused: r.refused.length,
        refusals: r.refused.slice(0, room),
      });
      const finished = position + ids.length >= run.total;
      if (finished) await runs.finish(trx, id, 'done', clock.now());
      return { done: finished, processed: ids.length };
    });
  }

  return {
    async run(actor: Actor, input: BulkResendInput) {
      const now = clock.now();
      if (!input.ids?.length && !input.memberIds?.length && !input.filter) {
        throw badRequest('invalid_request', 'Give "ids", "memberIds" or a "filter".', { field: 'ids' });
      }
      if ((input.ids?.length ?? 0) + (input.memberIds?.length ?? 0) > BULK_RESEND_MAX) throw tooMany();
      const sendAt = laterSendAt(input.sendAt, now) ?? undefined;
      if (input.templateId) {
        const tpl = isUuid(input.templateId)
          ? await templateRepository.findById(db, actor.orgId, input.templateId)
          : undefined;
        if (!tpl)
          throw badRequest('unknown_template', 'No such template in this organization.', {
            field: 'templateId',
          });
        if (tpl.kind !== 'invitation' && tpl.kind !== 'account_ready') {
          throw badRequest('invalid_template_kind', 'Choose an invitation or an account-ready template.', {
            field: 'templateId',
          });
        }
      }

      const selected = await select(actor, input, now, sendAt ?? now);
      const summary = (eligible: EligibleItem[], ineligible: IneligibleItem[]) => ({
        dryRun: input.dryRun ?? false,
        eligibleCount: eligible.length,
        ineligibleCount: ineligible.length,
        eligible,
        ineligible,
      });
      if (input.dryRun) return summary(selected.eligible, selected.ineligible);

      const invIds = selected.eligible.filter((e) => e.type === 'invitation').map((e) => e.id);
      const memberIds = selected.eligible.filter((e) => e.type === 'member').map((e) => e.id);
      const scheduledFor = sendAt ? sendAt.toISOString() : null;

      // Many people, or a send time: recorded with its work list and handed to the
      // invitation.bulk-resend job (now, or at sendAt), in one transaction; the answer is the
      // selection, the job's progress is at GET bulk-resends/:id.
      if (selected.eligible.length > jobThreshold || (sendAt && selected.eligible.length > 0)) {
        const status = sendAt ? ('scheduled' as const) : ('running' as const);
        const run = await db.transaction().execute(async (trx) => {
          const row = await runs.insert(trx, {
            orgId: actor.orgId,
            actor: { type: actor.type, id: actor.id, name: actor.name, userId: actor.userId },
            createdAt: now,
            invitationIds: invIds,
            memberIds,
            ineligible: selected.ineligible.length,
            sendAt: sendAt ?? null,
            templateId: input.templateId ?? null,
            requirePasswordChange: input.requirePasswordChange === true,
            status,
          });
          await deps.queue.enqueue(
            trx,
            'invitation.bulk-resend',
            { bulkResendId: row.id },
            sendAt ? { startAfter: sendAt } : {},
          );
          await audit.record(trx, [
            auditEntry(
              actor,
              now,
              sendAt ? 'bulk_resend.scheduled' : 'bulk_resend.started',
              { type: 'bulk_resend', id: row.id, label: `${selected.eligible.length} people` },
              {
                people: selected.eligible.length,
                sendAt: scheduledFor,
                templateId: input.templateId ?? null,
              },
            ),
          ]);
          return row;
        });
        return {
          ...summary(selected.eligible, selected.ineligible),
          queued: 0,
          scheduledFor,
          bulkResendId: run.id,
          status,
        };
      }

      // Few: batch by batch inside the request, each row locked and judged again.
      const plan: BatchPlan = {
        ceiling: actor,
        orgId: actor.orgId,
        who: actorOf(actor),
        inviterName: actor.type === 'user' ? actor.name : null,
        templateId: input.templateId,
        requirePasswordChange: input.requirePasswordChange === true,
        detail: { bulk: true, ...(input.templateId ? { templateId: input.templateId } : {}) },
      };
      const done: EligibleItem[] = [];
      const refused = [...selected.ineligible];
      for (const [kind, list] of [
        ['invitation', invIds],
        ['member', memberIds],
      ] as const) {
        for (let i = 0; i < list.length; i += BATCH) {
          const r = await db
            .transaction()
            .execute((trx) => resendBatch(trx, plan, kind, list.slice(i, i + BATCH)));
          done.push(...r.done);
          refused.push(...r.refused);
        }
      }
      // Batches commit one by one; the run's entry follows the last, naming what went out.
      if (done.length)
        await audit.record(db, [
          auditEntry(
            actor,
            now,
            'bulk_resend.done',
            { type: 'bulk_resend', id: null, label: `${done.length} people` },
            { people: done.length, refused: refused.length, templateId: input.templateId ?? null },
          ),
        ]);
      return {
        ...summary(done, refused),
        queued: done.length,
        scheduledFor,
        status: 'done' as const,
      };
    },

    runBatch,

    /**
     * The invitation.bulk-resend job: batch after batch until the work list ends. Started again
     * (a retry, a redelivery after a crash) it continues from the position the run saved.
     */
    async runJob(id: string, options: RunJobOptions = {}): Promise<void> {
      for (let batches = 0; options.maxBatches === undefined || batches < options.maxBatches; batches++) {
        const r = await runBatch(id, options.batchSize);
        if (r.done) return;
        await options.afterBatch?.(r.processed);
      }
    },

    /**
     * Moves a scheduled run to another time: a job is enqueued for it; the one for the old time
     * finds the run not yet due (or already done) and does nothing.
     */
    async move(actor: Actor, id: string, sendAtRaw: string) {
      const sendAt = futureSendAt(sendAtRaw, clock.now());
      return db.transaction().execute(async (trx) => {
        const run = await lockForChange(trx, actor, id);
        if (run.status !== 'scheduled') throw notScheduled(run.status, 'moved');
        await runs.move(trx, id, sendAt);
        await audit.record(trx, [
          auditEntry(
            actor,
            clock.now(),
            'bulk_resend.rescheduled',
            { type: 'bulk_resend', id, label: `${run.total} people` },
            {
              sendAt: {
                from: run.send_at ? new Date(run.send_at).toISOString() : null,
                to: sendAt.toISOString(),
              },
            },
          ),
        ]);
        await deps.queue.enqueue(trx, 'invitation.bulk-resend', { bulkResendId: id }, { startAfter: sendAt });
        return presentRun((await runs.find(trx, actor.orgId, id))!);
      });
    },

    /**
     * Cancels a scheduled run (nothing is sent; links were not reissued) or a running one (the
     * batch in progress finishes, no further batch starts; what was sent stays sent).
     */
    async cancel(actor: Actor, id: string) {
      return db.transaction().execute(async (trx) => {
        const run = await lockForChange(trx, actor, id);
        if (run.status !== 'scheduled' && run.status !== 'running')
          throw notScheduled(run.status, 'cancelled');
        await runs.cancel(trx, id, clock.now(), actor.name);
        await audit.record(trx, [
          auditEntry(
            actor,
            clock.now(),
            'bulk_resend.cancelled',
            { type: 'bulk_resend', id, label: `${run.total} people` },
            { status: { from: run.status, to: 'cancelled' } },
          ),
        ]);
        return presentRun((await runs.find(trx, actor.orgId, id))!);
      });
    },

    /** The job gave up after its last retry: the run shows as failed, with what is done kept. */
    async failRun(id: string, error: string) {
      const now = clock.now();
      await runs.finish(
        db,
        id,
        'failed',
        now,
        error.slice(0, 500),
        new Date(now.getTime() + JOB_CLOCK_SLACK_MS),
      );
    },

    /** Progress and outcome of a background run; managers reach only the runs they started. */
    async get(actor: Actor, id: string) {
      const row = isUuid(id) ? await runs.find(db, actor.orgId, id) : undefined;
      if (!row || (actor.role === 'manager' && row.created_by_user_id !== actor.userId))
        throw notFound('Bulk resend');
      return presentRunWithRefusals(row);
    },

    /** Background runs, newest first (keyset pagination). */
    async list(actor: Actor, query: { limit?: number; cursor?: string }) {
      const limit = pageLimit(query.limit, 20, 100);
      const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
      const rows = await runs.list(db, actor.orgId, {
        limit,
        cursor,
        createdBy: actor.role === 'manager' ? (actor.userId ?? undefined) : undefined,
      });
      const { page, nextCursor } = splitPage(rows, limit);
      return { items: page.map(presentRun), nextCursor };
    },
  };
}

export type BulkResendService = ReturnType<typeof createBulkResendService>;
