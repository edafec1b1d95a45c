import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { buildApp } from './app.ts';
import type { Config } from './config/config.ts';
import { isConnectionError } from './db/connection-errors.ts';
import { type DatabaseHandle, openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import type { App } from './http/types.ts';
import { sweepUploadDir } from './imports/upload-spool.ts';
import { PgBossQueue } from './jobs/queue.ts';
import { registerWorkers } from './jobs/workers.ts';
import { createOutboxTransport, createSmtpTransport, type MailTransport } from './mail/transport.ts';
import { setPasswordHashCost } from './security/passwords.ts';
import { cryptoTokenSource, InvitationLinkSigner, type TokenSource } from './security/tokens.ts';
import { ensureDkimKey, sendingDomain } from './sending-domain/keys.ts';
import { createServices, type Services } from './services.ts';
import { type Clock, systemClock } from './shared/clock.ts';
import { type HostLookup, systemHostLookup } from './shared/host-lookup.ts';

export interface RuntimeOverrides {
  clock?: Clock;
  mail?: MailTransport;
  tokens?: TokenSource;
  logger?: FastifyBaseLogger;
  /** What host names resolve to, for outgoing webhooks (tests map names to their own addresses). */
  hostLookup?: HostLookup;
  /** Open the database elsewhere (tests pass an in-memory PGlite). */
  database?: DatabaseHandle;
  /** Seconds before a job taken by a dead worker is handed out again (tests shorten it). */
  jobExpireSeconds?: number;
  /** Seconds between job retries, without backoff (tests shorten it). */
  jobRetryDelaySeconds?: number;
  /** Seconds between checks for jobs of dead workers (tests shorten it). */
  staleJobCheckSeconds?: number;
  /** Seconds between a worker's fetches when no new job woke it (tests lengthen it). */
  jobPollingSeconds?: number;
  /** Eligible people above which a bulk resend becomes a job (tests lower it). */
  bulkResendJobThreshold?: number;
  /** Rows a one- or two-character search checks per call (tests lower it). */
  shortTermScan?: number;
}

export interface Runtime {
  app: App;
  services: Services;
  queue: PgBossQueue;
  database: DatabaseHandle;
  stop(): Promise<void>;
}

export function createLogger(config: Config): FastifyBaseLogger {
  // A person at a terminal gets readable lines; services and files get JSON.
  const pretty = process.stdout.isTTY && config.nodeEnv !== 'production' && config.nodeEnv !== 'test';
  return pino({
    level: config.logLevel,
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' },
          },
        }
      : {}),
    // Never log credentials, even by accident.
    redact: {
      paths: [
        'password',
        '*.password',
        'newPassword',
        'currentPassword',
        'token',
        'key',
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.cookie',
        'headers.authorization',
      ],
      censor: '[redacted]',
    },
  }) as unknown as FastifyBaseLogger;
}

const STARTUP_RETRY_CAP_MS = 10_000;

/** Runs a start-up step again, with a growing pause, for as long as it fails to reach the database. */
async function untilDatabaseAnswers(log: FastifyBaseLogger, step: () => Promise<unknown>): Promise<void> {
  let delay = 500;
  for (;;) {
    try {
      await step();
      return;
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      log.warn({ err: error, retryInMs: delay }, 'database not reachable yet; waiting for it');
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, STARTUP_RETRY_CAP_MS);
    }
  }
}

/** Opens the database, migrates, starts the queue, builds the app and (by role) the workers. */
export async function startRuntime(config: Config, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const log = overrides.logger ?? createLogger(config);
  setPasswordHashCost(config.passwordHashCost);
  const database =
    overrides.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      onConnectionError: (message) => log.warn(message),
    }));
  try {
    // A process started before its database is reachable (both brought up together, a failover in
    // progress) waits for it instead of exiting.
    await untilDatabaseAnswers(log, () => migrate(database.db, (m) => log.info(m)));
    if (config.processRole !== 'worker') {
      // Uploads a crash left behind (the web role is the one that receives them).
      const swept = await sweepUploadDir(config.importTmpDir);
      if (swept > 0) log.info({ dir: config.importTmpDir, files: swept }, 'removed leftover upload files');
    }
    const queue = new PgBossQueue(database, {
      expireInSecondsOverride: overrides.jobExpireSeconds,
      retryDelaySecondsOverride: overrides.jobRetryDelaySeconds,
      staleCheckSeconds: overrides.staleJobCheckSeconds,
      onError: (error) => log.warn({ err: error }, 'job queue: %s', error.message),
      listen: config.processRole !== 'web',
      pollingSeconds: overrides.jobPollingSeconds,
    });
    await untilDatabaseAnswers(log, () => queue.start());
    const clock = overrides.clock ?? systemClock;
    const mail =
      overrides.mail ??
      (config.smtpUrl
        ? createSmtpTransport(config.smtpUrl, {
            // Every process signs with the one key of the sending domain (made by the first to start).
            dkim: await ensureDkimKey(
              database.db,
              config.secretKey,
              sendingDomain(config.mailFrom),
              clock.now(),
            ),
          })
        : createOutboxTransport());
    const services = createServices(
      {
        config,
        db: database.db,
        dbKind: database.kind,
        clock,
        tokens: overrides.tokens ?? cryptoTokenSource,
        links: new InvitationLinkSigner(config.secretKey),
        queue,
        mail,
        log,
        hostLookup: overrides.hostLookup ?? systemHostLookup,
      },
      {
        bulkResend: { jobThreshold: overrides.bulkResendJobThreshold },
        invitations: { shortTermScan: overrides.shortTermScan },
      },
    );
    const app = await buildApp(services);
    if (config.processRole !== 'web') await registerWorkers(queue, services);
    let stopped = false;
    return {
      app,
      services,
      queue,
      database,
      async stop() {
        if (stopped) return;
        stopped = true;
        await app.close();
        // Graceful: pg-boss waits for running jobs (an email mid-send finishes) before closing.
        await queue.stop(true);
        await mail.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}
