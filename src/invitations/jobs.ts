import type { PgBossQueue } from '../jobs/queue.ts';
import type { BulkResendService } from './bulk-resend.ts';
import type { InvitationPublicService, LinkCheckJob } from './public-service.ts';
import type { SendBatches, SendBatchJob } from './send-batches.ts';
import type { InvitationService } from './service.ts';

/** Scheduled and batched first sends, background bulk resends, the expiry sweep and reminders. */
export async function registerInvitationJobs(
  queue: PgBossQueue,
  invitations: InvitationService,
  sendBatches: SendBatches,
  bulkResend: BulkResendService,
  invitationLinks: InvitationPublicService,
): Promise<void> {
  await queue.work<LinkCheckJob>('invitation.link-check', { concurrency: 2 }, async (job) => {
    await invitationLinks.recordLinkCheck(job.data);
  });
  await queue.work<{ invitationId: string }>('invitation.send-scheduled', { concurrency: 2 }, async (job) => {
    await sendBatches.send({ invitationIds: [job.data.invitationId] });
  });
  await queue.work<SendBatchJob>('invitation.send-batch', { concurrency: 1 }, async (job) => {
    await sendBatches.send(job.data);
  });
  // A retry (after a crash or an error) continues from the run's saved position; after the last
  // retry the run is marked failed, keeping what was sent. Two runs at a time (one organization's
  // large run does not hold up another's); batches of one run are serialized by its row lock.
  await queue.work<{ bulkResendId: string }>('invitation.bulk-resend', { concurrency: 2 }, async (job) => {
    try {
      await bulkResend.runJob(job.data.bulkResendId);
    } catch (error) {
      if ((job.retryCount ?? 0) >= (job.retryLimit ?? 0)) {
        await bulkResend.failRun(
          job.data.bulkResendId,
          error instanceof Error ? error.message : String(error),
        );
      }
      throw error;
    }
  });
  await queue.work('invitation.expire-sweep', {}, async () => {
    await invitations.expireDue();
  });
  await queue.work('invitation.remind-sweep', {}, async () => {
    await invitations.sendReminders();
  });
  // pg-boss keeps one schedule across processes: every minute, whichever worker gets it.
  await queue.boss.schedule('invitation.expire-sweep', '* * * * *');
  await queue.boss.schedule('invitation.remind-sweep', '*/5 * * * *');
}
