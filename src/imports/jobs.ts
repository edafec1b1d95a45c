import type { PgBossQueue } from '../jobs/queue.ts';
import type { ImportService } from './service.ts';

/**
 * 'import.run': works through an import's rows chunk by chunk. A retry (after a crash or an
 * error) continues with the rows still without an outcome; after the last retry the import is
 * marked failed, keeping what was done.
 */
export async function registerImportJobs(queue: PgBossQueue, imports: ImportService): Promise<void> {
  await queue.work<{ importId: string }>('import.run', { concurrency: 1 }, async (job) => {
    try {
      await imports.runImport(job.data.importId);
    } catch (error) {
      if ((job.retryCount ?? 0) >= (job.retryLimit ?? 0)) {
        await imports.failImport(job.data.importId, error instanceof Error ? error.message : String(error));
      }
      throw error;
    }
  });
}
