import type { Outbox } from '../mail/outbox.ts';
import type { Deps } from '../shared/deps.ts';
import { SYSTEM_ACTORS } from '../shared/system-actors.ts';
import type { EventInput } from './repository.ts';
import type { TransitionContext } from './transitions/context.ts';
import { firstSendDue } from './transitions/first-send.ts';

/** Invitations per transaction: emails start leaving after the first slice, not after the batch. */
export const SEND_SLICE = 250;

/** The data of an 'invitation.send-batch' job (and, with one id, of 'invitation.send-scheduled'). */
export interface SendBatchJob {
  invitationIds: string[];
  /** Who the `sent` events name: the importer for an import, the scheduler for a send time. */
  actor?: EventInput['actor'];
}

const SCHEDULER: EventInput['actor'] = { type: 'system', id: null, name: SYSTEM_ACTORS.scheduler };

/**
 * First emails of many invitations, off the request path. An import chunk creates its invitations
 * and ONE job holding their ids (in the same transaction), instead of an outbox row, a rendered
 * body and a job per invitation: creation stays fast, and the outbox fills a slice at a time just
 * ahead of the sender (which is throttled anyway). Scheduled sends use the same path when due.
 */
export function createSendBatches(deps: Pick<Deps, 'db' | 'clock' | 'queue' | 'config'>, outbox: Outbox) {
  const { db, clock } = deps;
  const transitions: TransitionContext = { outbox, queue: deps.queue, config: deps.config };

  return {
    /** Sends what is still due among the job's invitations; returns how many were sent. */
    async send(job: SendBatchJob): Promise<number> {
      let sent = 0;
      for (let i = 0; i < job.invitationIds.length; i += SEND_SLICE) {
        const ids = job.invitationIds.slice(i, i + SEND_SLICE);
        sent += await db
          .transaction()
          .execute((trx) => firstSendDue(transitions, trx, ids, job.actor ?? SCHEDULER, clock.now()));
      }
      return sent;
    },
  };
}

export type SendBatches = ReturnType<typeof createSendBatches>;
