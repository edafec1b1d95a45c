import type { PgBossQueue } from '../jobs/queue.ts';
import type { AuditService } from './service.ts';

/** The daily retention purge: every organization's events past its `auditRetentionDays`. */
export async function registerAuditJobs(queue: PgBossQueue, audit: AuditService): Promise<void> {
  await queue.work('audit.purge', {}, async () => {
    await audit.purgeExpired();
  });
  // pg-boss keeps one schedule across processes: at 03:17 every day, whichever worker gets it.
  await queue.boss.schedule('audit.purge', '17 3 * * *');
}
