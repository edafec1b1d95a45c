import { randomUUID } from 'node:crypto';
import { DEFAULT_ACCENT, textOn } from '../branding/colour.ts';
import { senderName } from '../branding/look.ts';
import { brandingRepository, type OrganizationBranding } from '../branding/repository.ts';
import type { Executor } from '../db/types.ts';
import type { Deps } from '../shared/deps.ts';
import type { EmailLanguage } from '../templates/dates.ts';
import type { SendingContent } from '../templates/repository.ts';
import { LOGO_SRC, logoDisplaySize } from './logo.ts';
import { isPlainAddress } from './mime.ts';
import { type EmailKind, type EmailVars, renderEmail } from './render.ts';
import { mailRepository, type NewEmailRow } from './repository.ts';
import type { MailAddress } from './transport.ts';

/** Stands where the link goes in stored bodies; the worker fills it in when sending. */
export const LINK_PLACEHOLDER = '__BECKON_LINK__';

export interface EmailToQueue {
  orgId: string | null;
  invitationId?: string | null;
  kind: EmailKind;
  to: string;
  vars: EmailVars;
  /** The language it is written in and the zone its times are told in (see ./language.ts). */
  language: EmailLanguage;
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
  /** The organization's default template, when the caller read it already (see RenderOptions.template). */
  template?: SendingContent | null;
  /** Where answers go (the inviter); dropped when the organization turned Reply-To off. */
  replyTo?: MailAddress | null;
}

/**
 * Writes the email to the outbox and enqueues its send job, both in the caller's transaction:
 * nothing is sent for a change that rolled back, and nothing is lost if the process dies.
 */
export function createOutbox(deps: Pick<Deps, 'queue' | 'clock' | 'config'>) {
  const host = new URL(deps.config.appUrl).hostname || 'beckon.local';
  /** The rows and their send jobs, in the caller's transaction. */
  async function insert(
    trx: Executor,
    rows: NewEmailRow[],
    jobs: Array<{ data: { emailId: string }; startAfter?: Date }>,
    now: Date,
  ): Promise<void> {
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
  }
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
      const { rows, jobs } = await outbox.prepareMany(trx, emails);
      await insert(trx, rows, jobs, deps.clock.now());
      return rows.map((r) => r.id);
    },

    /**
     * The rendered outbox rows and their `email.send` jobs, written by nobody yet: for a caller
     * that writes them with its own rows in one statement (queueMany's rules, not its writes).
     * `branding`: the organizations' branding when the caller read it already, else read here.
     */
    async prepareMany(
      trx: Executor,
      emails: EmailToQueue[],
      branding?: OrganizationBranding[],
    ): Promise<{ rows: NewEmailRow[]; jobs: Array<{ data: { emailId: string }; startAfter?: Date }> }> {
      const now = deps.clock.now();
      // An organization's emails carry its look and come from "<organization> via <product>".
      const orgIds = [...new Set(emails.map((e) => e.orgId).filter((id): id is string => id !== null))];
      const brands = new Map(
        (branding ?? (await brandingRepository.forOrganizations(trx, orgIds))).map((o) => [o.id, o]),
      );
      const rows: NewEmailRow[] = [];
      const jobs: Array<{ data: { emailId: string }; startAfter?: Date }> = [];
      for (const email of emails) {
        const id = randomUUID();
        const brand = email.orgId ? brands.get(email.orgId) : undefined;
        const accent = brand?.accent_color ?? DEFAULT_ACCENT;
        const look = {
          accentColor: accent,
          accentTextColor: textOn(accent),
          logo:
            brand?.logo_sha256 && brand.logo_width && brand.logo_height
              ? { url: LOGO_SRC, ...logoDisplaySize(brand.logo_width, brand.logo_height) }
              : null,
        };
        const rendered = await renderEmail(
          trx,
          email.orgId,
          email.kind,
          { ...email.vars, ...look, link: LINK_PLACEHOLDER },
          { templateId: email.templateId, language: email.language, template: email.template },
        );
        const replyTo =
          brand?.reply_to_inviter && email.replyTo && isPlainAddress(email.replyTo.address)
            ? email.replyTo
            : null;
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
          from_name: brand ? senderName(brand.name, deps.config.productName) : null,
          reply_to_address: replyTo?.address ?? null,
          reply_to_name: replyTo?.name || null,
          created_at: now,
        });
        jobs.push(
          sendAfter > now ? { data: { emailId: id }, startAfter: sendAfter } : { data: { emailId: id } },
        );
      }
      return { rows, jobs };
    },

    /**
     * An email whose content Beckon wrote itself, outside the templates (a sending test): it goes
     * through the same outbox, worker and transport as every other email, at once.
     */
    async queueRendered(
      trx: Executor,
      email: { orgId: string | null; kind: string; to: string; subject: string; html: string; text: string },
    ): Promise<string> {
      const now = deps.clock.now();
      const id = randomUUID();
      // It comes from the organization, as its other emails do, and answers to nobody in particular.
      const [brand] = email.orgId ? await brandingRepository.forOrganizations(trx, [email.orgId]) : [];
      await insert(
        trx,
        [
          {
            id,
            org_id: email.orgId,
            invitation_id: null,
            kind: email.kind,
            to_address: email.to,
            subject: email.subject,
            html: email.html,
            text: email.text,
            link_version: null,
            link_path: null,
            link_ott_id: null,
            message_id: `<${id}@${host}>`,
            send_after: now,
            from_name: brand ? senderName(brand.name, deps.config.productName) : null,
            reply_to_address: null,
            reply_to_name: null,
            created_at: now,
          },
        ],
        [{ data: { emailId: id } }],
        now,
      );
      return id;
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
