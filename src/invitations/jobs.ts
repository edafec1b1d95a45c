import type { PgBossQueue } from '../jobs/queue.ts';
import type { SendBatches, SendBatchJob } from './send-batches.ts';
import type { InvitationService } from './service.ts';

/** Scheduled and batched first sends, the expiry sweep and reminders. */
export async function registerInvitationJobs(
  queue: PgBossQueue,
  invitations: InvitationService,
  sendBatches: SendBatches,
): Promise<void> {
  await queue.work<{ invitationId: string }>('invitation.send-scheduled', { concurrency: 2 }, async (job) => {
    await sendBatches.send({ invitationIds: [job.data.invitationId] });
  });
  await queue.work<SendBatchJob>('invitation.send-batch', { concurrency: 1 }, async (job) => {
    await sendBatches.send(job.data);
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
