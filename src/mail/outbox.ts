import { randomUUID } from 'node:crypto';
import type { Executor } from '../db/types.ts';
import type { Deps } from '../shared/deps.ts';
import { type EmailKind, type EmailVars, renderEmail } from './render.ts';
import { mailRepository, type NewEmailRow } from './repository.ts';

/** Stands where the link goes in stored bodies; the worker fills it in when sending. */
export const LINK_PLACEHOLDER = '__BECKON_LINK__';

export interface EmailToQueue {
  orgId: string | null;
  invitationId?: string | null;
  kind: EmailKind;
  to: string;
  vars: EmailVars;
  /** For invitation emails: the link version the email carries. */
  linkVersion?: number | null;
  /**
   * For other emails with a link: where it points under APP_URL (e.g. '/reset-password/'), and for
   * one-time-token emails the one_time_tokens row id; the worker appends ottToken(secret, ottId).
   * Store hashToken(ottToken(secret, id)) in that row to look it up. See src/mail/links.ts.
   */
  link?: { path: string; ottId?: string };
  sendAfter?: Date;
  /** A named template of the organization for this email's kind (bulk resend); otherwise its default. */
  templateId?: string;
}

/**
 * Writes the email to the outbox and enqueues its send job, both in the caller's transaction:
 * nothing is sent for a change that rolled back, and nothing is lost if the process dies.
 */
export function createOutbox(deps: Pick<Deps, 'queue' | 'clock' | 'config'>) {
  const host = new URL(deps.config.appUrl).hostname || 'beckon.local';
  const outbox = {
    async queue(trx: Executor, email: EmailToQueue): Promise<string> {
      return (await outbox.queueMany(trx, [email]))[0]!;
    },

    /**
     * Every email row in one INSERT and every send job in one pg-boss insert, both in the
     * caller's transaction. Returns the email ids in input order.
     */
    async queueMany(trx: Executor, emails: EmailToQueue[]): Promise<string[]> {
      if (emails.length === 0) return [];
      const now = deps.clock.now();
      const rows: NewEmailRow[] = [];
      const jobs: Array<{ data: { emailId: string }; startAfter?: Date }> = [];
      for (const email of emails) {
        const id = randomUUID();
        const rendered = await renderEmail(
          trx,
          email.orgId,
          email.kind,
          { ...email.vars, link: LINK_PLACEHOLDER },
          { templateId: email.templateId },
        );
        const sendAfter = email.sendAfter && email.sendAfter > now ? email.sendAfter : now;
        rows.push({
          id,
          org_id: email.orgId,
          invitation_id: email.invitationId ?? null,
          kind: email.kind,
          to_address: email.to,
          subject: rendered.subject,
          html: rendered.html,
          text: rendered.text,
          link_version: email.linkVersion ?? null,
          link_path: email.link?.path ?? null,
          link_ott_id: email.link?.ottId ?? null,
          message_id: `<${id}@${host}>`,
          send_after: sendAfter,
          created_at: now,
        });
        jobs.push(
          sendAfter > now ? { data: { emailId: id }, startAfter: sendAfter } : { data: { emailId: id } },
        );
      }
      await mailRepository.insertEmails(trx, rows, now);
      if (deps.queue.enqueueMany) await deps.queue.enqueueMany(trx, 'email.send', jobs);
      else
        for (const job of jobs)
          await deps.queue.enqueue(
            trx,
            'email.send',
            job.data,
            job.startAfter ? { startAfter: job.startAfter } : {},
          );
      return rows.map((r) => r.id);
    },

    /** Stops emails not yet sent for an invitation (resend replaced them, or it was cancelled). */
    async cancelUnsent(trx: Executor, invitationId: string): Promise<void> {
      await outbox.cancelUnsentMany(trx, [invitationId]);
    },

    /** cancelUnsent for many invitations at once (bulk resend). */
    async cancelUnsentMany(trx: Executor, invitationIds: string[]): Promise<void> {
      if (invitationIds.length === 0) return;
      await mailRepository.cancelQueuedOf(trx, invitationIds);
    },
  };
  return outbox;
}

export type Outbox = ReturnType<typeof createOutbox>;
