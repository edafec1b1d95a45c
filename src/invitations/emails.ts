import type { Executor, Invitation, Organization } from '../db/types.ts';
import type { EmailToQueue, Outbox } from '../mail/outbox.ts';

/** The invitation (or reminder) email of a pending row; optionally later, or with a named template. */
export function invitationEmail(
  org: Organization,
  inv: Invitation,
  kind: 'invitation' | 'reminder' = 'invitation',
  options: { sendAfter?: Date; templateId?: string } = {},
): EmailToQueue {
  return {
    orgId: org.id,
    invitationId: inv.id,
    kind,
    to: inv.email,
    linkVersion: inv.link_version,
    vars: {
      organizationName: org.name,
      inviterName: inv.created_by_name,
      recipientEmail: inv.email,
      message: inv.message,
      expiresAt: inv.expires_at,
      role: inv.role,
    },
    ...(options.sendAfter ? { sendAfter: options.sendAfter } : {}),
    ...(options.templateId ? { templateId: options.templateId } : {}),
  };
}

/** Sends the invitation (or reminder) email for a row that is pending. */
export async function queueInvitationEmailWith(
  outbox: Outbox,
  trx: Executor,
  org: Organization,
  inv: Invitation,
  kind: 'invitation' | 'reminder' = 'invitation',
  options: { sendAfter?: Date; templateId?: string } = {},
) {
  await outbox.queue(trx, invitationEmail(org, inv, kind, options));
}
