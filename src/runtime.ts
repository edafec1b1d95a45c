import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { buildApp } from './app.ts';
import type { Config } from './config/config.ts';
import { type DatabaseHandle, openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import type { App } from './http/types.ts';
import { PgBossQueue } from './jobs/queue.ts';
import { registerWorkers } from './jobs/workers.ts';
import { createOutboxTransport, createSmtpTransport, type MailTransport } from './mail/transport.ts';
import { cryptoTokenSource, InvitationLinkSigner, type TokenSource } from './security/tokens.ts';
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

/** Opens the database, migrates, starts the queue, builds the app and (by role) the workers. */
export async function startRuntime(config: Config, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const log = overrides.logger ?? createLogger(config);
  const database =
    overrides.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  try {
    await migrate(database.db, (m) => log.info(m));
    const queue = new PgBossQueue(database, {
      expireInSecondsOverride: overrides.jobExpireSeconds,
      retryDelaySecondsOverride: overrides.jobRetryDelaySeconds,
    });
    await queue.start();
    const mail =
      overrides.mail ?? (config.smtpUrl ? createSmtpTransport(config.smtpUrl) : createOutboxTransport());
    const services = createServices(
      {
        config,
        db: database.db,
        dbKind: database.kind,
        clock: overrides.clock ?? systemClock,
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
