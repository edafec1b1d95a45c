/**
 * Email dispatch benchmark (SPEC §5): N invitation emails (default 3,000) go from the outbox through
 * the real `email.send` worker and pooled SMTP into a loopback smtp-server running in a child
 * process. Figures: queueing rate (outbox row + job, in transactions of 100, as an import would);
 * sending rate, from the worker starting on the full outbox to the last email both received by the
 * server and recorded as sent (target ≥ 300 emails/s); and emails per CPU-second of the Beckon
 * process, the ceiling on a machine where it has a core to itself (shared CI boxes are noisy).
 *
 * PGlite always; PostgreSQL too when BENCH_DATABASE_URL is set (or under `npm run bench`, which
 * passes its server). Knobs: BENCH_DISPATCH_TOTAL (3000), BENCH_SMTP_CONNECTIONS (8).
 * Run alone: `node_modules/.bin/node bench/dispatch.ts`.
 */

import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../src/config/config.ts';
import { type DatabaseHandle, openDatabase } from '../src/db/database.ts';
import { createOutbox } from '../src/mail/outbox.ts';
import { EMAIL_WORKER_OPTIONS, registerEmailWorker } from '../src/mail/send-worker.ts';
import { organizationRepository } from '../src/organizations/repository.ts';
import { startRuntime } from '../src/runtime.ts';
import { ENGLISH_UTC } from '../src/templates/dates.ts';
import type { BenchContext, Figure } from './run.ts';

const TOTAL = Number(process.env.BENCH_DISPATCH_TOTAL ?? 3000);
const CONNECTIONS = Number(process.env.BENCH_SMTP_CONNECTIONS ?? 8);
const CHUNK = 100;

/** The SMTP sink runs in a child process, like a real mail server would. */
async function loopbackSmtp() {
  const child = fork(join(import.meta.dirname, 'smtp-sink.ts'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [first] = (await once(child, 'message')) as [{ port: number }];
  let received = 0;
  const count = async () => {
    const answer = once(child, 'message');
    child.send('count');
    received = ((await answer)[0] as { received: number }).received;
    return received;
  };
  return {
    url: `smtp://127.0.0.1:${first.port}?ignore_tls=true&max_connections=${CONNECTIONS}`,
    get received() {
      return received;
    },
    async waitFor(n: number) {
      while ((await count()) < n) await new Promise((r) => setTimeout(r, 20));
    },
    async close() {
      child.send('close');
      await once(child, 'exit');
    },
  };
}

async function openPostgres(
  serverUrl: string,
): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  const name = `beckon_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory', poolSize: 10 });
  return {
    handle,
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await c.end();
    },
  };
}

/** One run on one database: emails per second, end to end. */
async function dispatchOn(
  kind: 'pglite' | 'postgres',
  pgServerUrl?: string,
): Promise<{ perSecond: number; queuedPerSecond: number; perCpuSecond: number }> {
  const smtp = await loopbackSmtp();
  const opened =
    kind === 'pglite'
      ? { handle: await openDatabase({ dataDir: 'memory' }), drop: async () => {} }
      : await openPostgres(pgServerUrl!);
  const config = loadConfig({
    NODE_ENV: 'production',
    SECRET_KEY: randomBytes(32).toString('hex'),
    APP_URL: 'http://beckon.bench',
    LOG_LEVEL: 'warn',
    // Workers are registered by hand once everything is queued, so sending is measured on its own.
    BECKON_ROLE: 'web',
    SMTP_URL: smtp.url,
  });
  const runtime = await startRuntime(config, { database: opened.handle });
  try {
    const { db, clock } = runtime.services;
    const now = clock.now();
    const org = await organizationRepository.insert(db, 'Bench Org', now);
    // The default budget (6,000 a minute) would be the bottleneck, not the pipeline.
    await db
      .updateTable('organizations')
      .set({ send_rate_per_minute: 1_000_000 })
      .where('id', '=', org.id)
      .execute();
    const expires = new Date(now.getTime() + 7 * 86_400_000);
    const invitations: Array<{ id: string; email: string; link_version: number }> = [];
    for (let i = 0; i < TOTAL; i += 1000) {
      const rows = Array.from({ length: Math.min(1000, TOTAL - i) }, (_, k) => ({
        org_id: org.id,
        email: `bench.${i + k}@example.com`,
        role: 'learner' as const,
        status: 'pending' as const,
        expires_at: expires,
        delivery_status: 'queued' as const,
        last_event_type: 'sent',
        last_event_at: now,
        created_by_name: 'Bench Owner',
        created_at: now,
        updated_at: now,
      }));
      invitations.push(
        ...(await db
          .insertInto('invitations')
          .values(rows)
          .returning(['id', 'email', 'link_version'])
          .execute()),
      );
    }
    const outbox = createOutbox(runtime.services);
    const queueStarted = performance.now();
    for (let i = 0; i < invitations.length; i += CHUNK) {
      await db.transaction().execute(async (trx) => {
        for (const inv of invitations.slice(i, i + CHUNK)) {
          await outbox.queue(trx, {
            orgId: org.id,
            invitationId: inv.id,
            kind: 'invitation',
            to: inv.email,
            language: ENGLISH_UTC,
            linkVersion: inv.link_version,
            vars: {
              organizationName: 'Bench Org',
              inviterName: 'Bench Owner',
              recipientEmail: inv.email,
              expiresAt: expires,
            },
          });
        }
      });
    }
    const queuedSeconds = (performance.now() - queueStarted) / 1000;
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    await registerEmailWorker(runtime.queue, runtime.services, {
      ...EMAIL_WORKER_OPTIONS,
      ...(process.env.BENCH_BATCH ? { batchSize: Number(process.env.BENCH_BATCH) } : {}),
      ...(process.env.BENCH_CONCURRENCY ? { concurrency: Number(process.env.BENCH_CONCURRENCY) } : {}),
    });
    await smtp.waitFor(TOTAL);
    for (;;) {
      const left = await db
        .selectFrom('emails')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('org_id', '=', org.id)
        .where('status', '!=', 'sent')
        .executeTakeFirstOrThrow();
      if (Number(left.n) === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMsPerEmail = (cpu.user + cpu.system) / 1000 / TOTAL;
    const perSecond = TOTAL / seconds;
    const queuedPerSecond = TOTAL / queuedSeconds;
    console.log(
      `  ${kind}: queued ${TOTAL} in ${queuedSeconds.toFixed(2)} s (${queuedPerSecond.toFixed(0)}/s); sent in ${seconds.toFixed(2)} s = ${perSecond.toFixed(0)} emails/s (server received ${smtp.received}); this process used ${cpuMsPerEmail.toFixed(2)} ms CPU per email sent`,
    );
    return { perSecond, queuedPerSecond, perCpuSecond: 1000 / cpuMsPerEmail };
  } finally {
    await runtime.stop();
    await smtp.close();
    await opened.drop();
  }
}

export interface DispatchFigures {
  /** Sending: from the worker starting on a full outbox to the last email received and recorded sent (PGlite). */
  emailsPerSecond: number;
  /** Writing the outbox: emails queued per second, one by one in transactions of 100 (PGlite). */
  queuedPerSecond: number;
  /** Emails sent per CPU-second of this process (PGlite): the ceiling on a core of its own. */
  emailsPerCpuSecond: number;
  postgresEmailsPerSecond?: number;
  postgresEmailsPerCpuSecond?: number;
  postgresQueuedPerSecond?: number;
}

/** Emails per second on PGlite, and on PostgreSQL too when a server URL is given (BENCH_DATABASE_URL). */
export async function benchDispatch(pgServerUrl = process.env.BENCH_DATABASE_URL): Promise<DispatchFigures> {
  const lite = await dispatchOn('pglite');
  const figures: DispatchFigures = {
    emailsPerSecond: lite.perSecond,
    queuedPerSecond: lite.queuedPerSecond,
    emailsPerCpuSecond: lite.perCpuSecond,
  };
  if (pgServerUrl) {
    const postgres = await dispatchOn('postgres', pgServerUrl);
    figures.postgresEmailsPerSecond = postgres.perSecond;
    figures.postgresQueuedPerSecond = postgres.queuedPerSecond;
    figures.postgresEmailsPerCpuSecond = postgres.perCpuSecond;
  }
  return figures;
}

/** For `npm run bench`. */
export default async function run(ctx: BenchContext): Promise<Figure[]> {
  const r = await benchDispatch(ctx.pgServerUrl);
  const figures: Figure[] = [
    {
      name: `send ${TOTAL} emails through pooled SMTP, PGlite`,
      value: r.emailsPerSecond,
      unit: 'emails/s',
      target: '≥ 300',
    },
    {
      name: 'send, per CPU-second of the Beckon process, PGlite',
      value: r.emailsPerCpuSecond,
      unit: 'emails/cpu-s',
      note: 'ceiling with a free core',
    },
    { name: `queue ${TOTAL} emails (outbox + job), PGlite`, value: r.queuedPerSecond, unit: 'emails/s' },
  ];
  if (r.postgresEmailsPerSecond !== undefined) {
    figures.push({
      name: `send ${TOTAL} emails through pooled SMTP, PostgreSQL`,
      value: r.postgresEmailsPerSecond,
      unit: 'emails/s',
      target: '≥ 300',
    });
    figures.push({
      name: 'send, per CPU-second of the Beckon process, PostgreSQL',
      value: r.postgresEmailsPerCpuSecond!,
      unit: 'emails/cpu-s',
      note: 'ceiling with a free core (database server not counted)',
    });
    figures.push({
      name: `queue ${TOTAL} emails (outbox + job), PostgreSQL`,
      value: r.postgresQueuedPerSecond!,
      unit: 'emails/s',
    });
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchDispatch();
  console.log(JSON.stringify(r));
  process.exit(0);
}
