import type { JobResult, JobWithMetadata } from 'pg-boss';
import { retryOnConnectionError } from '../db/connection-errors.ts';
import { emailStillWanted } from '../invitations/lifecycle.ts';
import type { PgBossQueue } from '../jobs/queue.ts';
import { emailsFailed, emailsSent } from '../ops/metrics.ts';
import type { Deps } from '../shared/deps.ts';
import { createGroupWriter } from '../shared/group-writer.ts';
import { SYSTEM_ACTORS } from '../shared/system-actors.ts';
import { isInvitationLinked, linkFor } from './links.ts';
import { type BatchLogos, createOutgoingComposer } from './outgoing.ts';
import { type EmailForSend, mailRepository as repo } from './repository.ts';
import { classifySmtpError, DeliveryError } from './transport.ts';

export interface SendJobData {
  emailId: string;
}

type SendJob = Pick<JobWithMetadata<SendJobData>, 'id' | 'data' | 'retryCount' | 'retryLimit'>;

const WINDOW_MS = 60_000;
const SYSTEM_ACTOR = SYSTEM_ACTORS.mail_delivery;
/**
 * How long claiming and recording keep trying through a lost database connection. Recording
 * matters most: an email sent but not recorded is sent again when its job is retried.
 */
const DATABASE_RETRY_MS = 60_000;
/**
 * How long the first outcome after a quiet spell waits for others to share its transaction: a
 * transaction per email cost twice the CPU per email on PGlite (2.6 ms; 1.55 ms with this wait,
 * 1.2 ms with a transaction per batch). Outcomes arriving in those milliseconds, and those being
 * written, are the only ones beyond the conversations under way that a kill leaves unrecorded.
 */
const RECORD_LINGER_MS = 5;

/** How the worker pulls jobs: several batches in flight so the pooled SMTP connections work in parallel. */
export const EMAIL_WORKER_OPTIONS: {
  batchSize: number;
  concurrency: number;
  pollingIntervalSeconds?: number;
} = {
  batchSize: 50,
  concurrency: 4,
};

type Outcome =
  | { kind: 'sent'; response: string }
  | { kind: 'retry'; response: string }
  | { kind: 'failed'; response: string };

/**
 * Sends the emails of the outbox. One batch of jobs at a time per worker loop:
 *
 * 1. In one transaction: skip emails already handled (never send twice), cancel invitation
 *    emails whose link was superseded (resend, cancel, expiry), hold back what exceeds the
 *    organization's sends per minute (a new job for when capacity frees; not a failure), and
 *    claim the rest (status `sending`, the attempt's start time and job id).
 * 2. Send the claimed ones in parallel through the pooled transport, the link filled in only now.
 * 3. As soon as each email's SMTP conversation ends, record its outcome on the email and its
 *    invitation (outcomes that end together share one transaction). Temporary failures
 *    go back to `queued` and their job fails, so pg-boss retries it with backoff (QUEUES policy);
 *    the last allowed attempt counts as permanent. Permanent failures mark the invitation
 *    `failed` with the server's answer and write a `delivery_failed` event.
 *
 * Claiming and recording try again through a lost database connection (DATABASE_RETRY_MS).
 *
 * A worker killed mid-send leaves the email `sending`; its job's heartbeat stops, the job is
 * failed and retried by the same job id, which claims it again. Only an email whose conversation
 * had started and whose outcome was not yet recorded can go out twice: at most the transport's
 * pooled connections per worker process (the Message-ID is stable, so receivers can dedupe).
 */
export function createEmailSender(deps: Deps) {
  const { db, clock, log } = deps;
  const outgoing = createOutgoingComposer(deps);

  function decide(job: SendJob, email: EmailForSend | undefined, now: Date): 'skip' | 'cancel' | 'send' {
    if (!email) return 'skip';
    if (email.status !== 'queued' && email.status !== 'sending') return 'skip';
    // Another job (a deferral's follow-up) owns this attempt; it finishes or is retried on its own.
    if (email.status === 'sending' && email.claim_job_id && email.claim_job_id !== job.id) return 'skip';
    if (isInvitationLinked(email)) {
      const invitation = {
        status: email.inv_status!,
        expires_at: email.inv_expires_at ? new Date(email.inv_expires_at) : null,
        link_version: email.inv_link_version!,
      };
      if (!emailStillWanted(invitation, email.link_version, now)) return 'cancel';
    }
    return 'send';
  }

  async function claimBatch(jobs: SendJob[], now: Date, results: Map<string, JobResult>) {
    return db.transaction().execute(async (trx) => {
      const emails = new Map(
        (await repo.loadForSend(trx, [...new Set(jobs.map((j) => j.data.emailId))])).map((e) => [e.id, e]),
      );
      const toCancel: string[] = [];
      const candidates: Array<{ job: SendJob; email: EmailForSend }> = [];
      const seen = new Set<string>();
      for (const job of jobs) {
        const email = emails.get(job.data?.emailId);
        const verdict = email && seen.has(email.id) ? 'skip' : decide(job, email, now);
        if (email) seen.add(email.id);
        if (verdict === 'send') candidates.push({ job, email: email! });
        else {
          if (verdict === 'cancel') toCancel.push(email!.id);
          results.set(job.id, { id: job.id, status: 'completed' });
        }
      }
      await repo.cancel(trx, toCancel, 'superseded: the invitation changed before this email was sent');

      // Per-organization throttle, decided under a lock so several workers share one budget.
      const since = new Date(now.getTime() - WINDOW_MS);
      const orgIds = [
        ...new Set(candidates.map((c) => c.email.org_id).filter((x): x is string => x !== null)),
      ];
      await repo.lockOrganizations(trx, orgIds);
      const rates = new Map((await repo.orgRates(trx, orgIds, since)).map((r) => [r.id, r]));
      const used = new Map<string, number>();
      const deferred = new Map<string, Array<{ job: SendJob; email: EmailForSend }>>();
      const toClaim: Array<{ job: SendJob; email: EmailForSend }> = [];
      for (const c of candidates) {
        const rate = c.email.org_id ? rates.get(c.email.org_id) : undefined;
        if (rate) {
          const n = (used.get(rate.id) ?? 0) + 1;
          if (rate.recent + n > rate.rate) {
            const list = deferred.get(rate.id) ?? [];
            list.push(c);
            deferred.set(rate.id, list);
            continue;
          }
          used.set(rate.id, n);
        }
        toClaim.push(c);
      }
      for (const [orgId, list] of deferred) {
        // Each held-back email gets its own slot, 60 s / rate apart after the organization's last
        // scheduled one, and no earlier than an attempt leaves the window: a backlog drains evenly.
        const interval = WINDOW_MS / rates.get(orgId)!.rate;
        const times = await repo.claimTimesSince(trx, orgId, since, list.length);
        let next = (await repo.nextSlot(trx, orgId))?.getTime() ?? 0;
        for (const [k, c] of list.entries()) {
          const slot = Math.max(next, (times[k] ?? now).getTime() + WINDOW_MS + 100, now.getTime() + 1000);
          next = slot + interval;
          await deps.queue.enqueue(
            trx,
            'email.send',
            { emailId: c.email.id },
            { startAfter: new Date(slot) },
          );
          results.set(c.job.id, {
            id: c.job.id,
            status: 'completed',
            output: { deferredUntil: new Date(slot).toISOString() },
          });
        }
        await repo.setNextSlot(trx, orgId, new Date(next));
      }
      const claimed = await repo.claim(
        trx,
        toClaim.map((c) => ({ emailId: c.email.id, jobId: c.job.id })),
        now,
      );
      return toClaim.filter((c) => claimed.has(c.email.id));
    });
  }

  async function sendOne(job: SendJob, email: EmailForSend, logos: BatchLogos): Promise<Outcome> {
    const link = linkFor(deps, email);
    try {
      const result = await deps.mail.send(outgoing.compose(email, link, logos));
      if (deps.mail.kind === 'outbox' && isInvitationLinked(email)) {
        // The one place a link is logged: with no SMTP server, a newcomer clicks it from here.
        log.info(
          { emailId: email.id, invitationId: email.invitation_id, to: email.to_address, link },
          'invitation link (outbox mode)',
        );
      }
      return { kind: 'sent', response: result.response };
    } catch (error) {
      const d = error instanceof DeliveryError ? error : classifySmtpError(error);
      const lastTry = job.retryCount >= job.retryLimit;
      return d.permanent || lastTry
        ? {
            kind: 'failed',
            response: d.permanent
              ? d.response
              : `${d.response} (gave up after ${job.retryCount + 1} attempts)`,
          }
        : { kind: 'retry', response: d.response };
    }
  }

  type Sent = { job: SendJob; email: EmailForSend; outcome: Outcome };

  async function record(sent: Sent[]) {
    const now = clock.now();
    const ok = sent.filter((s) => s.outcome.kind === 'sent');
    const retry = sent.filter((s) => s.outcome.kind === 'retry');
    const failed = sent.filter((s) => s.outcome.kind === 'failed');
    await db.transaction().execute(async (trx) => {
      await repo.markSent(
        trx,
        ok.map((s) => ({ id: s.email.id, response: s.outcome.response })),
        deps.mail.kind === 'outbox' ? 'captured' : 'sent',
        now,
      );
      const invitationOf = (s: (typeof sent)[number], detail: string) => ({
        invitationId: s.email.invitation_id!,
        linkVersion: s.email.link_version,
        detail,
      });
      await repo.setInvitationDelivery(
        trx,
        ok.filter((s) => s.email.invitation_id).map((s) => invitationOf(s, s.outcome.response)),
        'sent',
      );
      for (const s of retry) await repo.markRetrying(trx, s.email.id, s.outcome.response);
      await repo.setInvitationDelivery(
        trx,
        retry
          .filter((s) => s.email.invitation_id)
          .map((s) => invitationOf(s, `retrying: ${s.outcome.response}`)),
        null,
      );
      for (const s of failed) {
        await repo.markFailed(trx, s.email.id, s.outcome.response);
        if (!s.email.invitation_id || !s.email.org_id) continue;
        await repo.setInvitationDelivery(trx, [invitationOf(s, s.outcome.response)], 'failed');
        await repo.addSystemEvent(trx, {
          orgId: s.email.org_id,
          invitationId: s.email.invitation_id,
          type: 'delivery_failed',
          detail: { response: s.outcome.response, emailId: s.email.id },
          at: now,
          actorName: SYSTEM_ACTOR,
        });
      }
    });
    for (const s of ok) emailsSent.inc({ kind: s.email.kind });
    for (const s of retry) emailsFailed.inc({ kind: s.email.kind, permanent: 'false' });
    for (const s of failed) emailsFailed.inc({ kind: s.email.kind, permanent: 'true' });
    for (const s of [...retry, ...failed]) {
      log.warn(
        {
          emailId: s.email.id,
          kind: s.email.kind,
          permanent: s.outcome.kind === 'failed',
          response: s.outcome.response,
        },
        'email not delivered',
      );
    }
  }

  const onDatabaseRetry = (step: string) => (error: unknown, attempt: number) =>
    log.warn({ err: error, attempt }, `email worker: database unreachable while ${step}; trying again`);
  // One writer for every batch of this worker: outcomes that end while a write runs go in the next.
  const recorder = createGroupWriter(
    (sent: Sent[]) =>
      retryOnConnectionError(() => record(sent), {
        maxMs: DATABASE_RETRY_MS,
        onRetry: onDatabaseRetry('recording outcomes'),
      }),
    { lingerMs: RECORD_LINGER_MS },
  );

  function resultOf(s: Sent): JobResult {
    return s.outcome.kind === 'retry'
      ? { id: s.job.id, status: 'failed', output: { message: `temporary failure: ${s.outcome.response}` } }
      : { id: s.job.id, status: 'completed', output: { outcome: s.outcome.kind } };
  }

  return {
    /** Handles one batch of `email.send` jobs; answers each job's outcome for pg-boss. */
    async processBatch(jobs: SendJob[]): Promise<JobResult[]> {
      const results = new Map<string, JobResult>();
      const claimed = await retryOnConnectionError(
        () => {
          results.clear();
          return claimBatch(jobs, clock.now(), results);
        },
        { maxMs: DATABASE_RETRY_MS, onRetry: onDatabaseRetry('claiming') },
      );
      const logos = await outgoing.logosFor(claimed.map((c) => c.email));
      await Promise.all(
        claimed.map(async (c) => {
          const s: Sent = { ...c, outcome: await sendOne(c.job, c.email, logos) };
          try {
            await recorder.add(s);
            results.set(s.job.id, resultOf(s));
          } catch (error) {
            // Still `sending`: the job's retry claims it again (and sends it again).
            results.set(s.job.id, {
              id: s.job.id,
              status: 'failed',
              output: { message: `outcome not recorded: ${(error as Error).message}` },
            });
          }
        }),
      );
      return jobs.map((j) => results.get(j.id) ?? { id: j.id, status: 'completed' });
    },
  };
}

export type EmailSender = ReturnType<typeof createEmailSender>;

/** Registers the `email.send` handler on a worker process. */
export async function registerEmailWorker(
  queue: PgBossQueue,
  deps: Deps,
  options = EMAIL_WORKER_OPTIONS,
): Promise<void> {
  const sender = createEmailSender(deps);
  const workOptions = {
    includeMetadata: true,
    perJobResults: true,
    batchSize: options.batchSize,
    localConcurrency: options.concurrency,
    ...queue.pollingOptions(options.pollingIntervalSeconds),
    // While batches come back full, fetch again at once instead of waiting out the poll interval.
    burstWhenBatchFull: true,
  } as const;
  await queue.boss.work<SendJobData, unknown, typeof workOptions>('email.send', workOptions, (jobs) =>
    sender.processBatch(jobs),
  );
}
