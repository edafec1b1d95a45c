import { randomUUID } from 'node:crypto';
import type { Executor } from '../db/types.ts';
import type { Deps } from '../shared/deps.ts';
import { renderEmail, type EmailKind, type EmailVars } from './render.ts';

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
}

/**
 * Writes the email to the outbox and enqueues its send job, both in the caller's transaction:
 * nothing is sent for a change that rolled back, and nothing is lost if the process dies.
 */
export function createOutbox(deps: Pick<Deps, 'queue' | 'clock' | 'config'>) {
  const host = new URL(deps.config.appUrl).hostname || 'beckon.local';
  return {
    async queue(trx: Executor, email: EmailToQueue): Promise<string> {
      const id = randomUUID();
      const now = deps.clock.now();
      const rendered = await renderEmail(trx, email.orgId, email.kind, { ...email.vars, link: LINK_PLACEHOLDER });
      const sendAfter = email.sendAfter && email.sendAfter > now ? email.sendAfter : now;
      await trx
        .insertInto('emails')
        .values({
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
        })
        .execute();
      await deps.queue.enqueue(trx, 'email.send', { emailId: id }, sendAfter > now ? { startAfter: sendAfter } : {});
      return id;
    },

    /** Stops emails not yet sent for an invitation (resend replaced them, or it was cancelled). */
    async cancelUnsent(trx: Executor, invitationId: string): Promise<void> {
      await trx
        .updateTable('emails')
        .set({ status: 'cancelled', last_response: 'superseded before sending' })
        .where('invitation_id', '=', invitationId)
        .where('status', '=', 'queued')
        .execute();
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
