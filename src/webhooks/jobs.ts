import type { PgBossQueue } from '../jobs/queue.ts';
import type { WebhookJob, WebhookService } from './service.ts';

const FANOUT_INTERVAL_MS = 2000;

/** Delivery jobs, and a short fan-out loop (pg-boss schedules are per minute; webhooks should not wait that long). */
export async function registerWebhookJobs(
  queue: PgBossQueue,
  webhooks: WebhookService,
  onError: (e: unknown) => void,
): Promise<() => void> {
  await queue.work<WebhookJob>('webhook.deliver', { concurrency: 4 }, async (job) =>
    webhooks.deliver(job.data),
  );
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await webhooks.fanout();
    } catch (error) {
      onError(error);
    } finally {
      running = false;
    }
  }, FANOUT_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
