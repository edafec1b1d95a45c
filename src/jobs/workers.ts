import { registerAuditJobs } from '../audit/jobs.ts';
import { registerImportJobs } from '../imports/jobs.ts';
import { registerInvitationJobs } from '../invitations/jobs.ts';
import { registerEmailWorker } from '../mail/send-worker.ts';
import { registerOverviewJobs } from '../overview/jobs.ts';
import type { Services } from '../services.ts';
import { registerWebhookJobs } from '../webhooks/jobs.ts';
import type { PgBossQueue } from './queue.ts';

/** Every job handler, registered on worker processes (BECKON_ROLE=all or worker). */
export async function registerWorkers(queue: PgBossQueue, services: Services): Promise<void> {
  await registerInvitationJobs(
    queue,
    services.invitations,
    services.sendBatches,
    services.bulkResend,
    services.invitationLinks,
  );
  await registerEmailWorker(queue, services);
  await registerImportJobs(queue, services.imports);
  await registerAuditJobs(queue, services.audit);
  await registerOverviewJobs(queue, services.overview);
  queue.onStop(
    await registerWebhookJobs(queue, services.webhooks, (e) =>
      services.log.error({ err: e }, 'webhook fan-out failed'),
    ),
  );
}
