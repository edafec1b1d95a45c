import { fromKysely, fromPglite, type Job, type JobWithMetadata, PgBoss } from 'pg-boss';
// pg-boss's own statement for failing jobs whose heartbeat lapsed (its supervisor runs it with the
// queue statistics, a scan of the whole job table; run alone it is a narrow indexed update).
import { failJobsByHeartbeat, insertJobs, notifyQueue } from 'pg-boss/dist/plans.js';
import { retryOnConnectionError } from '../db/connection-errors.ts';
import { type DatabaseHandle, PG_CONNECTION_OPTIONS } from '../db/database.ts';
import type { Executor } from '../db/types.ts';

/**
 * A running job's worker refreshes it every HEARTBEAT_SECONDS / 2; a job not refreshed for
 * HEARTBEAT_SECONDS belongs to a dead worker (kill -9, lost machine) and is failed, hence retried,
 * by the next stale-job check. Together they bound how long a crash holds work back, whatever the
 * job's expiry (which only bounds a live but stuck handler). pg-boss's minimum is 10.
 */
export const HEARTBEAT_SECONDS = 10;
/** Seconds between checks for jobs whose heartbeat lapsed. */
export const STALE_CHECK_SECONDS = 5;
const SCHEMA = 'pgboss';

/**
 * Every background job Beckon runs, with its retry policy. `notify`: a job that someone waits for
 * (an email, a webhook, an import, a batch) wakes the workers listening when its transaction
 * commits, instead of waiting for their next poll.
 */
export const QUEUES = {
  'email.send': {
    notify: true,
    retryLimit: 10,
    retryDelay: 15,
    retryBackoff: true,
    retryDelayMax: 3600,
    expireInSeconds: 120,
    heartbeatSeconds: HEARTBEAT_SECONDS,
  },
  'invitation.send-scheduled': {
    retryLimit: 5,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 120,
    heartbeatSeconds: HEARTBEAT_SECONDS,
  },
  'invitation.send-batch': {
    notify: true,
    retryLimit: 10,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 900,
    heartbeatSeconds: HEARTBEAT_SECONDS,
  },
  'invitation.bulk-resend': {
    notify: true,
    retryLimit: 10,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 900,
    heartbeatSeconds: HEARTBEAT_SECONDS,
  },
  'invitation.expire-sweep': {
    retryLimit: 2,
    retryDelay: 30,
    expireInSeconds: 300,
    heartbeatSeconds: HEARTBEAT_SECONDS,
  },
  'invitation.remind-sweep': {
    retryLimit: 2,
    retryDelay: 30,
    expireInSeconds: 300,
    heartbeatSeconds: HEARTBEAT_SECONDS,
  },
  'import.run': {
    notify: true,
    retryLimit: 20,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 900,
    heartbeatSeconds: HEARTBEAT_SECONDS,
  },
  // 'short': one waiting job per singletonKey (the invitation), however often its link is fetched.
  'invitation.link-check': { policy: 'short', retryLimit: 3, retryDelay: 30, expireInSeconds: 60 },
  'audit.purge': { retryLimit: 3, retryDelay: 300, expireInSeconds: 3600 },
  'overview.compact': { retryLimit: 1, retryDelay: 60, expireInSeconds: 600 },
  'webhook.deliver': {
    notify: true,
    retryLimit: 12,
    retryDelay: 30,
    retryBackoff: true,
    retryDelayMax: 21600,
    expireInSeconds: 60,
    heartbeatSeconds: HEARTBEAT_SECONDS,
  },
} as const;
export type QueueName = keyof typeof QUEUES;

/**
 * How long a handler is run again in place when it fails on a lost database connection, before
 * the failure is left to the job's retry policy (whose delays grow with each attempt).
 */
const CONNECTION_RETRY_MS = 60_000;

/**
 * Jobs with `startAfter` start by the database's clock; the services compare with the app's. A
 * job this early (or a time moved this little later) still counts as due, so a small skew between
 * the two clocks never leaves a scheduled send undone.
 */
export const JOB_CLOCK_SLACK_MS = 60_000;

/**
 * pg-boss's own INSERT of jobs into one queue, for a caller to run as part of a larger statement
 * (a data-modifying WITH): `text` reads the jobs from its single parameter `$1`, `payload`.
 */
export interface JobInsert {
  text: string;
  payload: string;
  /** A statement that wakes the queue's workers when the transaction commits; none for a queue that polls. */
  notify?: string;
}

/**
 * Seconds between a worker's fetches when nothing woke it: new jobs of a `notify` queue wake it,
 * retries and scheduled jobs are found this way.
 */
const POLLING_SECONDS = 1;

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
  /**
   * The statement enqueueMany would run, for the caller to fold into one of its own; undefined
   * where the queue cannot say (the caller enqueues apart).
   */
  insertStatement?(name: QueueName, jobs: Array<{ data: object; startAfter?: Date }>): JobInsert | undefined;
}

export type JobHandler<T> = (job: JobWithMetadata<T>) => Promise<void>;

export class PgBossQueue implements JobQueue {
  readonly boss: PgBoss;
  readonly #pollingSeconds: number;
  #expireOverride: number | undefined;
  #retryDelayOverride: number | undefined;

  readonly #onError: (error: Error) => void;
  /** Each queue's job table, for statements that insert jobs (known once started). */
  readonly #tables = new Map<string, string>();
  readonly #staleCheckSeconds: number;
  #staleTimer: NodeJS.Timeout | undefined;

  constructor(
    handle: DatabaseHandle,
    options: {
      expireInSecondsOverride?: number;
      retryDelaySecondsOverride?: number;
      /** Seconds between stale-job checks (tests shorten it). */
      staleCheckSeconds?: number;
      /** Where pg-boss's errors go (a lost connection, a failed poll); it carries on after each. */
      onError?: (error: Error) => void;
      /**
       * Listen for new jobs (one more connection on PostgreSQL), for a process that runs workers;
       * a process that only enqueues leaves it off.
       */
      listen?: boolean;
      /** Seconds between a worker's fetches when nothing woke it (tests lengthen it). */
      pollingSeconds?: number;
    } = {},
  ) {
    this.#pollingSeconds = options.pollingSeconds ?? POLLING_SECONDS;
    this.#expireOverride = options.expireInSecondsOverride;
    this.#retryDelayOverride = options.retryDelaySecondsOverride;
    this.#onError = options.onError ?? ((error) => process.emitWarning(`pg-boss: ${error.message}`));
    this.#staleCheckSeconds = options.staleCheckSeconds ?? STALE_CHECK_SECONDS;
    // pg-boss's supervisor (expiry, queue statistics, deletion) keeps its own pace: its statistics
    // scan the whole job table, too costly every few seconds. Lapsed heartbeats are checked apart.
    const common = {
      schema: SCHEMA,
      superviseIntervalSeconds: 30,
      monitorIntervalSeconds: 60,
      useListenNotify: options.listen ?? false,
    } as const;
    this.boss =
      handle.kind === 'pglite'
        ? new PgBoss({ ...common, db: fromPglite(handle.pglite!), backend: 'pglite' })
        : new PgBoss({
            ...common,
            connectionString: handle.connectionString!,
            max: 4,
            ...PG_CONNECTION_OPTIONS,
          });
    // Without a listener an 'error' event ends the process; pg-boss reconnects on its own.
    this.boss.on('error', (error) => this.#onError(error));
  }

  #policy(name: QueueName): Record<string, unknown> {
    let options: Record<string, unknown> = { ...QUEUES[name] };
    if (this.#expireOverride) options = { ...options, expireInSeconds: this.#expireOverride };
    if (this.#retryDelayOverride !== undefined) {
      const { retryDelayMax: _max, ...rest } = options;
      options = { ...rest, retryDelay: this.#retryDelayOverride, retryBackoff: false };
    }
    return options;
  }

  async start(): Promise<void> {
    try {
      await this.#start();
    } catch (error) {
      // Half-started (the database went away mid-way): stop what did start, so a later start()
      // begins clean instead of doubling timers.
      clearInterval(this.#staleTimer);
      await this.boss.stop({ graceful: false, close: true }).catch(() => {});
      throw error;
    }
  }

  async #start(): Promise<void> {
    await this.boss.start();
    for (const name of Object.keys(QUEUES) as QueueName[]) {
      const options = this.#policy(name);
      await this.boss.createQueue(name, options);
      // createQueue leaves an existing queue as it was: bring its policy up to date (a deployment
      // made before heartbeats gets them on its next start).
      // The policy (e.g. 'short') is fixed at creation; pg-boss refuses it in an update.
      const { policy: _policy, ...updatable } = options;
      await this.boss.updateQueue(name, updatable);
      // createQueue evicts the queue from pg-boss's cache; a later send() inside a PGlite
      // transaction would then look it up on the outer connection and deadlock. Any call that
      // reads the cache outside a transaction warms it: deleting a job that does not exist.
      await this.boss.deleteJob(name, '00000000-0000-4000-8000-000000000000');
    }
    const queues = await this.boss.getQueues(Object.keys(QUEUES));
    for (const q of queues) this.#tables.set(q.name, q.table);
    this.#startStaleCheck(new Set(queues.map((q) => q.table)));
  }

  /**
   * Every few seconds, fails (hence retries, under each queue's policy) the jobs whose worker
   * stopped refreshing them: a worker killed mid-job. Every process runs it; an advisory lock
   * inside the statement lets one at a time through.
   */
  #startStaleCheck(tables: Set<string>): void {
    const names = Object.keys(QUEUES);
    let running = false;
    this.#staleTimer = setInterval(async () => {
      if (running) return;
      running = true;
      try {
        for (const table of tables) {
          await this.boss.getDb().executeSql(failJobsByHeartbeat(SCHEMA, table, names));
        }
      } catch (error) {
        this.#onError(error instanceof Error ? error : new Error(String(error)));
      } finally {
        running = false;
      }
    }, this.#staleCheckSeconds * 1000);
    this.#staleTimer.unref();
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

  /** pg-boss's insert for these jobs as text and payload (the one enqueueMany runs), once started. */
  insertStatement(name: QueueName, jobs: Array<{ data: object; startAfter?: Date }>): JobInsert | undefined {
    const table = this.#tables.get(name);
    if (!table || jobs.length === 0) return undefined;
    const notify = (QUEUES[name] as { notify?: boolean }).notify === true;
    // A job due later is found by polling; waking the workers now would find nothing.
    const dueNow = jobs.some((j) => !j.startAfter || j.startAfter.getTime() <= Date.now());
    return {
      text: insertJobs(SCHEMA, { table, name, returnId: false }),
      ...(notify && dueNow ? { notify: notifyQueue(SCHEMA, name) } : {}),
      // As pg-boss's insert() sends them: dates as ISO instants.
      payload: JSON.stringify(
        jobs.map((j) => ({ data: j.data, ...(j.startAfter ? { startAfter: j.startAfter } : {}) })),
      ),
    };
  }

  /**
   * pg-boss's polling options for a worker fetching every `seconds` (default this queue's): woken
   * by new jobs, it still polls at the same pace for retries and scheduled jobs.
   */
  pollingOptions(seconds = this.#pollingSeconds) {
    return { pollingIntervalSeconds: seconds, notifyPollingIntervalSeconds: seconds };
  }

  async work<T>(
    name: QueueName,
    options: { concurrency?: number; batchSize?: number; pollingIntervalSeconds?: number },
    handler: JobHandler<T>,
  ): Promise<void> {
    await this.boss.work<
      T,
      void,
      {
        includeMetadata: true;
        batchSize: number;
        localConcurrency: number;
        pollingIntervalSeconds: number;
        notifyPollingIntervalSeconds: number;
      }
    >(
      name,
      {
        includeMetadata: true as const,
        batchSize: options.batchSize ?? 1,
        localConcurrency: options.concurrency ?? 1,
        ...this.pollingOptions(options.pollingIntervalSeconds),
      },
      async (jobs: JobWithMetadata<T>[]) => {
        // Handlers are safe to run again (a job is retried after a crash anyway): one that failed
        // on a lost connection runs again here once the database answers, instead of waiting out
        // the job's growing retry delay.
        for (const job of jobs)
          await retryOnConnectionError(() => handler(job), {
            maxMs: CONNECTION_RETRY_MS,
            onRetry: (error) =>
              this.#onError(
                new Error(`${name} job ${job.id}: database unreachable, trying again`, { cause: error }),
              ),
          });
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
    clearInterval(this.#staleTimer);
    for (const hook of this.#stopHooks.splice(0)) hook();
    await this.boss.stop({ graceful, timeout: 20_000, close: true });
  }
}

export type { Job, JobWithMetadata };
