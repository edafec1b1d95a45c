import type { PgBossQueue } from '../jobs/queue.ts';
import type { OverviewService } from './service.ts';

/** Folds the overview rollups' delta rows every five minutes, so a read sums few rows per key. */
export async function registerOverviewJobs(queue: PgBossQueue, overview: OverviewService): Promise<void> {
  await queue.work('overview.compact', {}, async () => {
    await overview.compact();
  });
  await queue.boss.schedule('overview.compact', '*/5 * * * *');
}
