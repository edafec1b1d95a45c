import type { Executor, Invitation, Organization } from '../db/types.ts';
import { organizationEmailLanguage } from '../mail/language.ts';
import type { EmailToQueue } from '../mail/outbox.ts';
import { invitationEmailRepository as repo } from './email-repository.ts';

export interface InvitationEmailOptions {
  sendAfter?: Date;
  templateId?: string;
}

/**
 * The invitation (or reminder) emails of pending rows of one organization: each names the role,
 * the groups and the trainings waiting in them, and answers go to the person who invited (the
 * outbox drops Reply-To when the organization turned it off). Each is in the invitation's
 * language (else the organization's), times in the organization's zone: sending, resending,
 * renewing and reminding alike. Two reads for the whole batch.
 */
export async function invitationEmails(
  trx: Executor,
  org: Organization,
  invitations: Invitation[],
  kind: 'invitation' | 'reminder' = 'invitation',
  options: InvitationEmailOptions = {},
): Promise<EmailToQueue[]> {
  if (invitations.length === 0) return [];
  const groups = await repo.groupsWithTrainings(trx, org.id, [
    ...new Set(invitations.flatMap((inv) => inv.group_ids)),
  ]);
  const inviters = await repo.userAddresses(trx, [
    ...new Set(invitations.map((inv) => inv.created_by_user_id).filter((id): id is string => id !== null)),
  ]);
  return invitationEmailsFrom(org, invitations, groups, inviters, kind, options);
}

/** invitationEmails for a caller that read the groups (with trainings) and inviters itself. */
export function invitationEmailsFrom(
  org: Organization,
  invitations: Invitation[],
  groups: Map<string, { name: string; trainings: string[] }>,
  inviters: Map<string, { email: string; name: string }>,
  kind: 'invitation' | 'reminder' = 'invitation',
  options: InvitationEmailOptions = {},
): EmailToQueue[] {
  return invitations.map((inv) => {
    const named = inv.group_ids
      .map((id) => groups.get(id))
      .filter((g): g is { name: string; trainings: string[] } => g !== undefined)
      .sort((a, b) => a.name.localeCompare(b.name));
    const inviter = inv.created_by_user_id ? inviters.get(inv.created_by_user_id) : undefined;
    return {
      orgId: org.id,
      invitationId: inv.id,
      kind,
      to: inv.email,
      language: organizationEmailLanguage(org, inv.locale),
      linkVersion: inv.link_version,
      vars: {
        organizationName: org.name,
        inviterName: inv.created_by_name,
        recipientEmail: inv.email,
        message: inv.message,
        expiresAt: inv.expires_at,
        role: inv.role,
        groups: named.map((g) => g.name),
        trainings: [...new Set(named.flatMap((g) => g.trainings))],
      },
      replyTo: inviter ? { name: inv.created_by_name ?? inviter.name, address: inviter.email } : null,
      ...(options.sendAfter ? { sendAfter: options.sendAfter } : {}),
      ...(options.templateId ? { templateId: options.templateId } : {}),
    };
  });
}
