import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { organizationRepository } from '../../src/organizations/repository.ts';
import { type Runtime, startRuntime } from '../../src/runtime.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import {
  type ControlledSmtp,
  emailRow,
  insertInvitation,
  invitationEmail,
  queueEmail,
  sendJobs,
  startControlledSmtp,
  waitUntil,
} from '../fixtures/mail.ts';
import { TEST_PASSWORD_HASH_COST, TEST_SECRET } from '../helpers/app.ts';
import { openTestDatabase } from '../helpers/database.ts';
import { uniqueEmail } from '../helpers/factories.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function testConfig(smtpUrl: string | undefined, role: 'all' | 'web' | 'worker' = 'all') {
  return loadConfig({
    NODE_ENV: 'test',
    SECRET_KEY: TEST_SECRET,
    PASSWORD_HASH_COST: TEST_PASSWORD_HASH_COST,
    APP_URL: 'http://beckon.test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    BECKON_ROLE: role,
    ...(smtpUrl ? { SMTP_URL: smtpUrl } : {}),
  });
}

async function seedInvitationEmail(runtime: Runtime) {
  const now = runtime.services.clock.now();
  const org = await organizationRepository.insert(runtime.services.db, 'Acme Training', now);
  const inv = await insertInvitation(runtime.services, org.id, uniqueEmail('invitee'));
  const emailId = await queueEmail(runtime.services, invitationEmail(inv));
  return { org, inv, emailId, messageId: (await emailRow(runtime.services, emailId)).message_id };
}

describe('email delivery across shutdown and crashes', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c().catch(() => {});
  });

  it('prints the acceptance link to the log in outbox mode (no SMTP_URL), and nowhere else', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino({ level: 'info' }, sink) as unknown as FastifyBaseLogger;
    const database = await openTestDatabase();
    cleanup.push(() => database.close());
    const kept: DatabaseHandle = { ...database, close: async () => {} };
    const runtime = await startRuntime(testConfig(undefined), { database: kept, logger });
    cleanup.push(() => runtime.stop());
    const { inv, emailId } = await seedInvitationEmail(runtime);
    await waitUntil(async () => (await emailRow(runtime.services, emailId)).status === 'captured' || null);
    const token = runtime.services.links.sign(inv.id, 1);
    const withToken = lines.filter((l) => l.includes(token));
    expect(withToken).toHaveLength(1);
    const entry = JSON.parse(withToken[0]!);
    expect(entry.msg).toBe('invitation link (outbox mode)');
    expect(entry.link).toBe(`http://beckon.test/invite/${token}`);
    expect(entry.level).toBe(30);
  }, 90_000);

  it('finishes an email that is mid-send when the process stops gracefully', async () => {
    const smtp = await startControlledSmtp(1000);
    cleanup.push(() => smtp.close());
    const database = await openTestDatabase();
    cleanup.push(() => database.close());
    // The runtime closes the database on stop; keep it open to read the outcome afterwards.
    const kept: DatabaseHandle = { ...database, close: async () => {} };
    const dataStarted = new Promise<void>((resolve) => {
      smtp.onDataStart = resolve;
    });
    const runtime = await startRuntime(testConfig(smtp.url), {
      database: kept,
      clock: new ManualClock(new Date()),
    });
    const { emailId, messageId } = await seedInvitationEmail(runtime);

    await dataStarted;
    const stoppedAt = Date.now();
    await runtime.stop();
    // The server held the message for a second; stop waited for it and for the outcome to be recorded.
    expect(smtp.received).toEqual([messageId]);
    expect(Date.now() - stoppedAt).toBeGreaterThan(500);
    const row = await emailRow({ db: database.db }, emailId);
    expect(row.status).toBe('sent');
    expect(row.last_response).toContain('Message accepted');
  }, 90_000);

  // PGlite is one process's database: this needs PostgreSQL (TEST_DATABASE_URL).
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'sends an email exactly once when its worker is killed mid-send and another takes over',
    async () => {
      const smtp: ControlledSmtp = await startControlledSmtp(Infinity);
      cleanup.push(() => smtp.close());
      const database = await openTestDatabase();
      cleanup.push(() => database.close());
      const kept: DatabaseHandle = { ...database, close: async () => {} };
      // This process only writes (web role); it creates the queue with a 2-second claim expiry.
      const web = await startRuntime(testConfig(smtp.url, 'web'), { database: kept, jobExpireSeconds: 2 });
      cleanup.push(() => web.stop());

      const children: ChildProcess[] = [];
      cleanup.push(async () => {
        for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      });
      const startWorker = async () => {
        const child = spawn(join(ROOT, 'node_modules', '.bin', 'node'), ['test/fixtures/mail-worker.ts'], {
          cwd: ROOT,
          env: {
            ...process.env,
            NODE_ENV: 'test',
            DATABASE_URL: (database as { url?: string }).url!,
            SMTP_URL: smtp.url,
            SECRET_KEY: TEST_SECRET,
            APP_URL: 'http://beckon.test',
            BECKON_ROLE: 'worker',
            LOG_LEVEL: 'silent',
            JOB_EXPIRE_SECONDS: '2',
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        children.push(child);
        let out = '';
        child.stdout!.on('data', (d) => {
          out += String(d);
        });
        await waitUntil(
          async () =>
            out.includes('ready') ||
            (child.exitCode !== null ? Promise.reject(new Error('worker exited')) : null),
          60_000,
          'worker start',
        );
        return child;
      };

      const dataStarted = new Promise<void>((resolve) => {
        smtp.onDataStart = resolve;
      });
      const { emailId, messageId } = await seedInvitationEmail(web);
      const first = await startWorker();
      await dataStarted;
      first.kill('SIGKILL');
      await once(first, 'exit');
      expect((await emailRow(web.services, emailId)).status).toBe('sending');

      // The server answers again; the dead worker's claim lapses and a new worker takes the job.
      smtp.delayMs = 0;
      smtp.onDataStart = null;
      // Once the dead worker's 2-second claim has lapsed, pg-boss's supervisor fails the job (then retries it).
      await waitUntil(
        async () =>
          (
            await sql<{ lapsed: boolean }>`
              SELECT bool_and(started_on + expire_seconds * interval '1s' < pgboss.job_now()) AS lapsed
              FROM pgboss.job WHERE name = 'email.send' AND data->>'emailId' = ${emailId}`.execute(
              web.services.db,
            )
          ).rows[0]?.lapsed || null,
        30_000,
        'the dead worker’s claim to lapse',
      );
      await web.queue.boss.supervise('email.send');
      await startWorker();
      await waitUntil(async () => smtp.received.includes(messageId) || null, 30_000, 'the email');
      const row = await waitUntil(async () => {
        const r = await emailRow(web.services, emailId);
        return r.status === 'sent' ? r : null;
      });
      // Every job of the email has ended, so no later attempt can send it a second time.
      await waitUntil(async () =>
        (await sendJobs(web.services.db, emailId)).every((j) => ['completed', 'failed'].includes(j.state)),
      );
      expect(smtp.received.filter((id) => id === messageId)).toHaveLength(1);
      expect(row.attempts).toBe(2);
    },
    120_000,
  );
});
