import type { Executor, Organization } from '../db/types.ts';
import { notFound } from '../http/errors.ts';
import { JOB_CLOCK_SLACK_MS } from '../jobs/queue.ts';
import type { Outbox } from '../mail/outbox.ts';
import { organizationRepository } from '../organizations/repository.ts';
import type { Deps } from '../shared/deps.ts';
import { invitationEmail } from './emails.ts';
import { type EventInput, invitationRepository as repo } from './repository.ts';

const DAY = 86_400_000;
/** Invitations per transaction: emails start leaving after the first slice, not after the batch. */
export const SEND_SLICE = 250;

/** The data of an 'invitation.send-batch' job (and, with one id, of 'invitation.send-scheduled'). */
export interface SendBatchJob {
  invitationIds: string[];
  /** Who the `sent` events name: the importer for an import, the scheduler for a send time. */
  actor?: EventInput['actor'];
}

const SCHEDULER: EventInput['actor'] = { type: 'system', id: null, name: 'Scheduler' };

/**
 * First emails of many invitations, off the request path. An import chunk creates its invitations
 * and ONE job holding their ids (in the same transaction), instead of an outbox row, a rendered
 * body and a job per invitation: creation stays fast, and the outbox fills a slice at a time just
 * ahead of the sender (which is throttled anyway). Scheduled sends use the same path when due.
 */
export function createSendBatches(deps: Pick<Deps, 'db' | 'clock'>, outbox: Outbox) {
  const { db, clock } = deps;

  async function sendSlice(trx: Executor, ids: string[], actor: EventInput['actor']): Promise<number> {
    const now = clock.now();
    const due = await repo.lockFirstSendDue(trx, ids, new Date(now.getTime() + JOB_CLOCK_SLACK_MS));
    const byOrg = new Map<string, string[]>();
    for (const inv of due) {
      const ids = byOrg.get(inv.org_id);
      if (ids) ids.push(inv.id);
      else byOrg.set(inv.org_id, [inv.id]);
    }
    let sent = 0;
    for (const [orgId, orgIds] of byOrg) {
      const org: Organization | undefined = await organizationRepository.findById(trx, orgId);
      if (!org) throw notFound('Organization');
      // Expiry counts from the actual send.
      const expiresAt = new Date(now.getTime() + org.invite_expiry_days * DAY);
      const updated = await repo.markFirstSent(trx, orgIds, now, expiresAt);
      await outbox.queueMany(
        trx,
        updated.map((inv) => invitationEmail(org, inv)),
      );
      await repo.insertEvents(
        trx,
        updated.map((inv) => ({ orgId, invitationId: inv.id, type: 'sent', actor, at: now })),
      );
      sent += updated.length;
    }
    return sent;
  }

  return {
    /** Sends what is still due among the job's invitations; returns how many were sent. */
    async send(job: SendBatchJob): Promise<number> {
      let sent = 0;
      for (let i = 0; i < job.invitationIds.length; i += SEND_SLICE) {
        const ids = job.invitationIds.slice(i, i + SEND_SLICE);
        sent += await db.transaction().execute((trx) => sendSlice(trx, ids, job.actor ?? SCHEDULER));
      }
      return sent;
    },
  };
}

export type SendBatches = ReturnType<typeof createSendBatches>;
