import { fromKysely, fromPglite, type Job, type JobWithMetadata, PgBoss } from 'pg-boss';
import type { DatabaseHandle } from '../db/database.ts';
import type { Executor } from '../db/types.ts';

/** Every background job Beckon runs, with its retry policy. */
export const QUEUES = {
  'email.send': {
    retryLimit: 10,
    retryDelay: 15,
    retryBackoff: true,
    retryDelayMax: 3600,
    expireInSeconds: 120,
  },
  'invitation.send-scheduled': { retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 120 },
  'invitation.send-batch': { retryLimit: 10, retryDelay: 10, retryBackoff: true, expireInSeconds: 900 },
  'invitation.bulk-resend': {
    retryLimit: 10,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 900,
    heartbeatSeconds: 30,
  },
  'invitation.expire-sweep': { retryLimit: 2, retryDelay: 30, expireInSeconds: 300 },
  'invitation.remind-sweep': { retryLimit: 2, retryDelay: 30, expireInSeconds: 300 },
  'import.run': {
    retryLimit: 20,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 900,
    heartbeatSeconds: 30,
  },
  'webhook.deliver': {
    retryLimit: 12,
    retryDelay: 30,
    retryBackoff: true,
    retryDelayMax: 21600,
    expireInSeconds: 60,
  },
} as const;
export type QueueName = keyof typeof QUEUES;

/**
 * Jobs with `startAfter` start by the database's clock; the services compare with the app's. A
 * job this early (or a time moved this little later) still counts as due, so a small skew between
 * the two clocks never leaves a scheduled send undone.
 */
export const JOB_CLOCK_SLACK_MS = 60_000;

export interface EnqueueOptions {
  startAfter?: Date;
  singletonKey?: string;
}

/**
 * The job queue as the services see it: enqueue inside the caller's transaction, so a job exists
 * exactly when the change that caused it committed.
 */
export interface JobQueue {
  enqueue(trx: Executor, name: QueueName, data: object, options?: EnqueueOptions): Promise<void>;
  /** Many jobs of one queue in one statement, inside the caller's transaction. */
  enqueueMany?(
    trx: Executor,
    name: QueueName,
    jobs: Array<{ data: object; startAfter?: Date; singletonKey?: string }>,
  ): Promise<void>;
}

export type JobHandler<T> = (job: JobWithMetadata<T>) => Promise<void>;

export class PgBossQueue implements JobQueue {
  readonly boss: PgBoss;
  #expireOverride: number | undefined;
  #retryDelayOverride: number | undefined;

  constructor(
    handle: DatabaseHandle,
    options: { expireInSecondsOverride?: number; retryDelaySecondsOverride?: number } = {},
  ) {
    this.#expireOverride = options.expireInSecondsOverride;
    this.#retryDelayOverride = options.retryDelaySecondsOverride;
    const common = { schema: 'pgboss', superviseIntervalSeconds: 30, monitorIntervalSeconds: 60 } as const;
    this.boss =
      handle.kind === 'pglite'
        ? new PgBoss({ ...common, db: fromPglite(handle.pglite!), backend: 'pglite' })
        : new PgBoss({ ...common, connectionString: handle.connectionString!, max: 4 });
    this.boss.on('error', (error) => process.emitWarning(`pg-boss: ${error.message}`));
  }

  async start(): Promise<void> {
    await this.boss.start();
    for (const [name, policy] of Object.entries(QUEUES)) {
      let options: Record<string, unknown> = { ...policy };
      if (this.#expireOverride) options = { ...options, expireInSeconds: this.#expireOverride };
      if (this.#retryDelayOverride !== undefined) {
        const { retryDelayMax: _max, ...rest } = options;
        options = { ...rest, retryDelay: this.#retryDelayOverride, retryBackoff: false };
      }
      await this.boss.createQueue(name, options);
      // createQueue evicts the queue from pg-boss's cache; a later send() inside a PGlite
      // transaction would then look it up on the outer connection and deadlock. Any call that
      // reads the cache outside a transaction warms it: deleting a job that does not exist.
      await this.boss.deleteJob(name, '00000000-0000-4000-8000-000000000000');
    }
  }

  async enqueue(trx: Executor, name: QueueName, data: object, options: EnqueueOptions = {}): Promise<void> {
    await this.boss.send(name, data, { ...options, db: fromKysely(trx) });
  }

  /**
   * Many jobs of one queue in one INSERT (pg-boss insert()), inside the caller's transaction.
   * For bulk work (imports): one statement instead of one per job.
   */
  async enqueueMany(
    trx: Executor,
    name: QueueName,
    jobs: Array<{ data: object; startAfter?: Date; singletonKey?: string }>,
  ): Promise<void> {
    if (jobs.length === 0) return;
    await this.boss.insert(name, jobs, { db: fromKysely(trx), returnId: false });
  }

  async work<T>(
    name: QueueName,
    options: { concurrency?: number; batchSize?: number; pollingIntervalSeconds?: number },
    handler: JobHandler<T>,
  ): Promise<void> {
    await this.boss.work<
      T,
      void,
      { includeMetadata: true; batchSize: number; localConcurrency: number; pollingIntervalSeconds: number }
    >(
      name,
      {
        includeMetadata: true as const,
        batchSize: options.batchSize ?? 1,
        localConcurrency: options.concurrency ?? 1,
        pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1,
      },
      async (jobs: JobWithMetadata<T>[]) => {
        for (const job of jobs) await handler(job);
      },
    );
  }

  /** Jobs waiting or running, per queue: for /metrics. */
  async depth(): Promise<Record<string, number>> {
    const queues = await this.boss.getQueues(Object.keys(QUEUES));
    return Object.fromEntries(queues.map((q) => [q.name, (q.queuedCount ?? 0) + (q.activeCount ?? 0)]));
  }

  readonly #stopHooks: Array<() => void> = [];

  /** Runs before the queue stops: loops started by workers end here. */
  onStop(hook: () => void): void {
    this.#stopHooks.push(hook);
  }

  async stop(graceful = true): Promise<void> {
    for (const hook of this.#stopHooks.splice(0)) hook();
    await this.boss.stop({ graceful, timeout: 20_000, close: true });
  }
}

export type { Job, JobWithMetadata };
